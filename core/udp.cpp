// Udp handle. See udp.h; libuv 1.44's src/unix/udp.c and uv-common.c (uv_udp_connect, the checks before a send)
// are the model.
#include "udp.h"

#include <cerrno>

#include "inspect.h"
#include "loop.h"
#include "requests.h"

namespace ls {

struct Udp::SendReq final : Req {
  SendReq(Loop& loop, const Udp& u, SendCallback callback) : Req(loop, "udp_send", &u), cb(std::move(callback)) {}
  std::vector<std::string> data;
  std::vector<ConstBuf> bufs;
  bool has_to = false;
  SockName to;
  size_t bytes = 0;
  int64_t status = 0;  // bytes sent or the error
  SendCallback cb;
};

namespace {

size_t total(const std::vector<std::string>& bufs) {
  size_t n = 0;
  for (const std::string& b : bufs) n += b.size();
  return n;
}

std::vector<ConstBuf> views(const std::vector<std::string>& bufs) {
  std::vector<ConstBuf> out;
  out.reserve(bufs.size());
  for (const std::string& b : bufs) out.push_back(ConstBuf{b.data(), b.size()});
  return out;
}

}  // namespace

Udp::Udp(Loop& loop)
    : Handle(loop, HandleType::Udp),
      sys_(loop.backend().sys()),
      io_(&Udp::on_io, this),
      pending_(&Udp::on_pending, this, this, CallbackKind::Pending) {}

Udp::~Udp() {
  if (!needs_detach()) return;
  loop().io_set(io_, fd_, 0);
  loop().unfeed(pending_);
  if (sys_ && fd_ >= 0) sys_->close(fd_);
}

int Udp::fileno() const {
  if (is_closing() || fd_ < 0) return -EBADF;
  return fd_;
}

int Udp::new_socket(AddrFamily family) {
  if (!sys_) return -ENOSYS;
  int fd = sys_->udp_socket(family);
  if (fd < 0) return fd;
  fd_ = fd;
  return 0;
}

int Udp::init_family(AddrFamily family) {
  if (fd_ >= 0) return -EBUSY;
  if (family != AddrFamily::Inet && family != AddrFamily::Inet6) return -EINVAL;
  return new_socket(family);
}

int Udp::open(int fd) {
  if (is_closing()) return -EINVAL;
  if (!sys_) return -ENOSYS;
  if (fd_ >= 0) return -EBUSY;
  int directions = 0;
  int r = sys_->adopt(fd, directions);
  if (r < 0) return r;
  fd_ = fd;
  SockName self, peer;
  if (sys_->sockname(fd_, self) == 0) ipv6_ = self.family == AddrFamily::Inet6;
  connected_ = sys_->peername(fd_, peer) == 0;  // uv__udp_is_connected
  return 0;
}

int Udp::set_recv_batch(int n) {
  if (n < 1 || n > 20) return -EINVAL;  // UV__MMSG_MAXWIDTH
  batch_ = n;
  return 0;
}

int Udp::bind(std::string_view host, uint16_t port, unsigned flags) {
  if (is_closing()) return -EINVAL;
  if (!sys_) return -ENOSYS;
  if (flags & ~(kUdpIpv6Only | kUdpReuseAddr)) return -EINVAL;
  AddrFamily family;
  if (sys_->parse_address(host, family) < 0) return -EINVAL;
  if ((flags & kUdpIpv6Only) && family != AddrFamily::Inet6) return -EINVAL;
  if (fd_ < 0) {
    if (int r = new_socket(family); r < 0) return r;
  }
  int r = sys_->udp_bind(fd_, host, port, flags);
  if (r < 0) return r;
  ipv6_ = family == AddrFamily::Inet6;
  bound_ = true;
  return 0;
}

int Udp::maybe_bind(AddrFamily family, unsigned flags) {
  if (fd_ >= 0) return 0;
  return bind(family == AddrFamily::Inet6 ? "::" : "0.0.0.0", 0, flags);
}

int Udp::connect(std::string_view host, uint16_t port) {
  if (is_closing()) return -EINVAL;
  if (!sys_) return -ENOSYS;
  AddrFamily family;
  if (sys_->parse_address(host, family) < 0) return -EINVAL;
  if (connected_) return -EISCONN;
  if (int r = maybe_bind(family, 0); r < 0) return r;
  int r = sys_->udp_connect(fd_, host, port);
  if (r < 0) return r;
  connected_ = true;
  return 0;
}

int Udp::disconnect() {
  if (!connected_) return -ENOTCONN;
  int r = sys_->udp_connect(fd_, "", 0);
  if (r < 0) return r;
  connected_ = false;
  return 0;
}

int Udp::check_before_send(const SockName* to) const {
  if (is_closing()) return -EBADF;
  if (!sys_) return -ENOSYS;
  if (to && connected_) return -EISCONN;
  if (!to && !connected_) return -EDESTADDRREQ;
  return 0;
}

// uv__udp_send: queued; tried at once when nothing was queued before (and no completions are being delivered).
int64_t Udp::send(std::vector<std::string> bufs, const SockName* to, SendCallback cb) {
  if (int e = check_before_send(to); e < 0) return e;
  if (to) {
    if (int r = maybe_bind(to->family, 0); r < 0) return r;
  }
  bool empty_queue = send_queue_count_ == 0;  // error-state requests still count, as in libuv
  auto req = std::make_unique<SendReq>(loop(), *this, std::move(cb));
  req->data = std::move(bufs);
  req->bufs = views(req->data);
  req->bytes = total(req->data);
  if (to) {
    req->has_to = true;
    req->to = *to;
  }
  int64_t id = static_cast<int64_t>(req->id());
  send_queue_size_ += req->bytes;
  ++send_queue_count_;
  queue_.push_back(std::move(req));
  start();
  if (empty_queue && !processing_) {
    send_some();
    if (!queue_.empty()) set_interest(io_.interest | kWritable);
  } else {
    set_interest(io_.interest | kWritable);
  }
  return id;
}

int64_t Udp::try_send(const std::vector<std::string>& bufs, const SockName* to) {
  if (int e = check_before_send(to); e < 0) return e;
  if (send_queue_count_ != 0) return -EAGAIN;
  if (to) {
    if (int r = maybe_bind(to->family, 0); r < 0) return r;
  }
  std::vector<ConstBuf> v = views(bufs);
  return sys_->udp_send(fd_, v.data(), static_cast<int>(v.size()), to);
}

void Udp::send_some() {
  while (!queue_.empty() && fd_ >= 0) {
    SendReq& r = *queue_.front();
    int64_t n = sys_->udp_send(fd_, r.bufs.data(), static_cast<int>(r.bufs.size()), r.has_to ? &r.to : nullptr);
    if (n == -EAGAIN) break;
    r.status = n;
    completed_.push_back(std::move(queue_.front()));
    queue_.pop_front();
    loop().feed(pending_);
  }
}

int Udp::recv_start(RecvCallback cb) {
  if (is_closing() || !cb) return -EINVAL;
  if (receiving_) return -EALREADY;
  if (!sys_) return -ENOSYS;
  if (int r = maybe_bind(AddrFamily::Inet, 0); r < 0) return r;
  if (!buf_) buf_.reset(new char[kMaxDatagram]);
  if (int r = set_interest(io_.interest | kReadable); r < 0) return r;
  loop().retire_if_running(*this, recv_cb_);
  recv_cb_ = std::move(cb);
  receiving_ = true;
  start();
  return 0;
}

// The callback is kept (not destroyed) when recv_stop() runs inside it.
int Udp::recv_stop() {
  if (!receiving_) return 0;
  receiving_ = false;
  set_interest(io_.interest & ~kReadable);
  stop_if_idle();
  return 0;
}

int Udp::getsockname(SockName& out) const {
  if (fileno() < 0) return -EBADF;
  return sys_->sockname(fd_, out);
}

int Udp::getpeername(SockName& out) const {
  if (fileno() < 0) return -EBADF;
  return sys_->peername(fd_, out);
}

int Udp::check_option(int value, int lo, int hi) const {
  if (value < lo || value > hi) return -EINVAL;
  return fileno() < 0 ? -EBADF : 0;
}

int Udp::set_broadcast(bool on) {
  if (int e = check_option(0, 0, 0); e < 0) return e;
  return sys_->udp_set_option(fd_, UdpOption::Broadcast, on ? 1 : 0);
}

int Udp::set_ttl(int ttl) {
  if (int e = check_option(ttl, 1, 255); e < 0) return e;
  return sys_->udp_set_option(fd_, UdpOption::Ttl, ttl);
}

int Udp::set_multicast_ttl(int ttl) {
  if (int e = check_option(ttl, 0, 255); e < 0) return e;
  return sys_->udp_set_option(fd_, UdpOption::MulticastTtl, ttl);
}

int Udp::set_multicast_loop(bool on) {
  if (int e = check_option(0, 0, 0); e < 0) return e;
  return sys_->udp_set_option(fd_, UdpOption::MulticastLoop, on ? 1 : 0);
}

// The family of a group or source address. libuv parses them with uv_ip4_addr / uv_ip6_addr, which take numeric
// text only: "localhost", which parse_address also knows, is -EINVAL here, before any bind.
int Udp::membership_family(std::string_view address, AddrFamily& family) const {
  if (address == "localhost" || sys_->parse_address(address, family) < 0) return -EINVAL;
  return 0;
}

// uv_udp_set_membership: the group's family decides the deferred bind (with SO_REUSEADDR, as libuv).
int Udp::set_membership(std::string_view group, std::string_view iface, bool join) {
  if (is_closing()) return -EBADF;
  if (!sys_) return -ENOSYS;
  AddrFamily family;
  if (membership_family(group, family) < 0) return -EINVAL;
  if (int r = maybe_bind(family, kUdpReuseAddr); r < 0) return r;
  return sys_->udp_set_membership(fd_, group, iface, join);
}

// uv_udp_set_source_membership: the group and the source must be addresses of one family (-EINVAL otherwise),
// which decides the deferred bind.
int Udp::set_source_membership(std::string_view group, std::string_view iface, std::string_view source,
                               bool join) {
  if (is_closing()) return -EBADF;
  if (!sys_) return -ENOSYS;
  AddrFamily family, source_family;
  if (membership_family(group, family) < 0) return -EINVAL;
  if (membership_family(source, source_family) < 0 || source_family != family) return -EINVAL;
  if (int r = maybe_bind(family, kUdpReuseAddr); r < 0) return r;
  return sys_->udp_set_source_membership(fd_, group, iface, source, join);
}

int Udp::set_multicast_interface(std::string_view iface) {
  if (int e = check_option(0, 0, 0); e < 0) return e;
  return sys_->udp_set_multicast_interface(fd_, iface);
}

// ---- readiness ----

void Udp::on_io(IoWatcher& w, int events) { static_cast<Udp*>(w.owner)->io_event(events); }

// uv__io_feed: the pending phase calls the watcher as if the socket were writable.
void Udp::on_pending(PendingEntry& e) { static_cast<Udp*>(e.data)->io_event(kWritable); }

void Udp::io_event(int events) {
  if (step_ == IoStep::Idle) {
    events_ = events;
    reads_left_ = 32;  // data arriving as fast as it is read must not starve the loop
    batch_left_ = 0;
    step_ = (events & (kReadable | kError | kHangup)) && receiving_ ? IoStep::Recv
            : (events & kWritable)                                   ? IoStep::Send
                                                                     : IoStep::Idle;
  }
  loop().run_batch([this] { return step_ != IoStep::Idle; }, [this] { io_advance(); });
}

void Udp::io_advance() {
  switch (step_) {
    case IoStep::Idle: return;
    case IoStep::Recv: recv_one(); return;
    case IoStep::Send:
      send_some();
      processing_ = true;
      step_ = IoStep::Completed;
      return;
    case IoStep::Completed:
      if (!deliver_one()) {
        completed_done();
        step_ = IoStep::Idle;
      }
      return;
  }
}

void Udp::recv_one() {
  IoStep after = events_ & kWritable ? IoStep::Send : IoStep::Idle;
  bool batch_start = batch_left_ == 0;
  if (fd_ < 0 || !receiving_ || (batch_start && reads_left_ <= 0)) {
    step_ = fd_ < 0 ? IoStep::Idle : after;
    batch_left_ = 0;
    return;
  }
  if (batch_start) batch_left_ = batch_;
  SockName from;
  bool truncated = false;
  int64_t n = sys_->udp_recv(fd_, buf_.get(), kMaxDatagram, from, truncated);
  if (n == -EAGAIN && !batch_start) {  // a short batch: recvmmsg returned what there was
    batch_left_ = 0;
    return;
  }
  if (n < 0) {
    step_ = after;  // EAGAIN or an error ends this event's reads, as libuv's loop condition
    batch_left_ = 0;
  } else {
    --batch_left_;
    --reads_left_;  // libuv counts datagrams (count -= nread for a batch)
  }
  unsigned flags = (truncated ? kPartial : 0) | (batch_ > 1 ? kMmsgChunk : 0);
  loop().dispatch(this, CallbackKind::Io, [&] {
    if (n == -EAGAIN) {
      recv_cb_(*this, 0, {}, nullptr, 0);
    } else if (n < 0) {
      recv_cb_(*this, n, {}, nullptr, 0);
    } else {
      recv_cb_(*this, n, std::string_view(buf_.get(), static_cast<size_t>(n)), &from, flags);
    }
  });
  if (fd_ < 0) {  // closed by the callback: the close delivers what is left
    step_ = IoStep::Idle;
    batch_left_ = 0;
  }
}

bool Udp::deliver_one() {
  if (completed_.empty()) return false;
  std::unique_ptr<SendReq> req = std::move(completed_.front());
  completed_.pop_front();
  send_queue_size_ -= req->bytes;
  --send_queue_count_;
  int status = req->status < 0 ? static_cast<int>(req->status) : 0;
  req->finish(status);
  if (req->cb) loop().dispatch(this, CallbackKind::Request, [&] { req->cb(status); });
  return true;
}

// The end of uv__udp_run_completed: with nothing queued, stop watching writability (and maybe the handle).
void Udp::completed_done() {
  processing_ = false;
  if (!queue_.empty() || fd_ < 0) return;
  set_interest(io_.interest & ~kWritable);
  stop_if_idle();
}

int Udp::set_interest(int mask) { return fd_ < 0 ? 0 : loop().io_set_traced(io_, fd_, mask); }

void Udp::start() {
  if (is_active()) return;
  activate();
  loop().trace_handle(TraceKind::HandleStart, *this, fd_, io_.interest);
}

void Udp::stop_if_idle() {
  if (receiving_ || !queue_.empty() || !completed_.empty() || !is_active()) return;
  deactivate();
  loop().trace_handle(TraceKind::HandleStop, *this);
}

// ---- closing ----

// uv__udp_close: stop watching, close the fd now; the requests are settled in the closing phase.
void Udp::on_close() {
  set_interest(0);
  loop().unfeed(pending_);
  receiving_ = false;
  if (fd_ >= 0 && sys_) sys_->close(fd_);
  fd_ = -1;
  connected_ = false;
}

// uv__udp_finish_close: what was never sent gets ECANCELED behind the completed ones; one callback per call.
bool Udp::close_step() {
  if (!close_flushed_) {
    close_flushed_ = true;
    for (auto& r : queue_) {
      r->status = -ECANCELED;
      completed_.push_back(std::move(r));
    }
    queue_.clear();
  }
  if (deliver_one()) return true;
  loop().unfeed(pending_);
  return false;
}

void Udp::describe(HandleInfo& info) const {
  info.fd = fd_;
  info.events = io_.interest;
  info.write_queue_size = send_queue_size_;
  std::string s;
  auto add = [&](bool on, const std::string& word) {
    if (!on) return;
    if (!s.empty()) s += ' ';
    s += word;
  };
  add(bound_ || fd_ >= 0, ipv6_ ? "inet6" : "inet");
  add(connected_, "connected");
  add(receiving_, "receiving");
  add(send_queue_count_ > 0, "sending " + std::to_string(send_queue_count_));
  info.state = std::move(s);
}

}  // namespace ls
