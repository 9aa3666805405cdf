// See dgram.h.
#include "dgram.h"

#include <algorithm>
#include <cstring>
#include <memory>

#include "byte_queue.h"
#include "kernel.h"

namespace ls::emu {

namespace {

// The datagram reaches whoever is bound at dst when it arrives; nobody there (or a refusing port) is Linux's
// ICMP port unreachable, which only a sender connected to dst hears of.
void deliver(Kernel& k, const std::weak_ptr<DgramSocket>& sender, const SockAddr& dst, Datagram d) {
  DgramSocket* r = k.faults().refuses(dst.port) ? nullptr : k.net().find_udp(dst);
  if (r) {
    r->arrive(std::move(d));
  } else if (auto s = sender.lock()) {
    s->refused(dst);
  }
}

}  // namespace

DgramSocket::DgramSocket(Kernel& k, int family)
    : Object(k, Kind::Udp), family_(family), sndbuf_(k.config().send_buffer), rcvbuf_(k.config().recv_buffer) {}

int DgramSocket::bind_addr(SockAddr addr) {
  int r = k_.net().bind_udp(this, addr);
  if (r < 0) return r;
  bound_ = addr;
  return 0;
}

int DgramSocket::bind(std::string_view host, std::uint16_t port, bool reuseaddr) {
  if (bound_.family != 0) return -EINVAL;  // already bound (an explicit bind, or implicitly by a send)
  SockAddr a;
  int r = local_address(host, port, family_, a);
  if (r < 0 || (r = bind_addr(a)) < 0) return r;
  reuseaddr_ = reuseaddr;
  port_locked_ = port != 0;  // Linux's SOCK_BINDPORT_LOCK: a port the program chose survives a disconnect
  return 0;
}

int DgramSocket::autobind() {
  if (bound_.family != 0) return 0;
  return bind_addr(SockAddr{family_, wildcard_of(family_), 0});
}

int DgramSocket::connect(std::string_view host, std::uint16_t port) {
  if (host.empty()) {
    // AF_UNSPEC (__udp_disconnect): forget the peer; a wildcard or ephemeral binding goes back to unbound.
    peer_ = SockAddr{};
    local_host_.clear();
    if (!port_locked_ && bound_.family != 0) {
      k_.net().unbind_udp(this, bound_);
      bound_ = SockAddr{};
    }
    return 0;
  }
  SockAddr dst;
  int r = remote_address(host, port, family_, dst);
  if (r < 0 || (r = autobind()) < 0) return r;
  peer_ = dst;
  if (bound_.wildcard()) local_host_ = dst.host;  // the source address the route picks
  return 0;
}

std::int64_t DgramSocket::sendto(const IoVec* iov, int iovcnt, std::string_view host, std::uint16_t port) {
  if (int e = take_error(); e < 0) return e;
  SockAddr dst;
  if (host.empty()) {
    if (peer_.family == 0) return -EDESTADDRREQ;
    dst = peer_;
  } else if (int r = remote_address(host, port, family_, dst); r < 0) {
    return r;
  }
  std::size_t size = iov_total(iov, iovcnt);
  if (size > (family_ == kAfInet6 ? kMaxPayload6 : kMaxPayload4)) return -EMSGSIZE;
  if (int r = autobind(); r < 0) return r;
  Datagram d;
  d.bytes.reserve(size);
  for (int i = 0; i < iovcnt; ++i) d.bytes.append(static_cast<const char*>(iov[i].base), iov[i].len);
  d.from = SockAddr{family_, bound_.wildcard() ? (local_host_.empty() ? dst.host : local_host_) : bound_.host,
                    bound_.port};
  ++sent_;
  std::weak_ptr<DgramSocket> self = std::static_pointer_cast<DgramSocket>(shared_from_this());
  Kernel& k = k_;
  k_.sched().at(k_.now() + k_.net().link_for(dst.port).latency,
                [&k, self, dst, d = std::move(d)]() mutable { deliver(k, self, dst, std::move(d)); });
  return static_cast<std::int64_t>(size);
}

void DgramSocket::arrive(Datagram d) {
  if (peer_.family != 0 && !(d.from == peer_)) return;  // a connected socket hears its peer only
  if (rx_bytes_ >= rcvbuf_) {  // Linux admits a datagram while the queue is under SO_RCVBUF
    ++drops_;
    return;
  }
  rx_bytes_ += d.bytes.size();
  rx_.push_back(std::move(d));
  ++received_;
  notify(kEpollIn);
}

void DgramSocket::refused(const SockAddr& dst) {
  if (peer_.family == 0 || !(dst == peer_)) return;
  err_ = -ECONNREFUSED;
  notify(0);
}

int DgramSocket::take_error() {
  int e = err_;
  err_ = 0;
  return e;
}

std::int64_t DgramSocket::recvfrom(void* buf, std::size_t len, SockAddr& from, bool& truncated) {
  if (int e = take_error(); e < 0) return e;  // Linux checks sk_err before the queue
  if (rx_.empty()) return -EAGAIN;
  Datagram d = std::move(rx_.front());
  rx_.pop_front();
  rx_bytes_ -= d.bytes.size();
  std::size_t n = std::min(len, d.bytes.size());
  if (n) std::memcpy(buf, d.bytes.data(), n);
  truncated = n < d.bytes.size();
  from = std::move(d.from);
  return static_cast<std::int64_t>(n);
}

int DgramSocket::local_name(SockAddr& out) const {
  if (bound_.family == 0) {
    out = SockAddr{family_, wildcard_of(family_), 0};  // unbound: the wildcard and port 0, as Linux
    return 0;
  }
  out = bound_;
  if (!local_host_.empty()) out.host = local_host_;
  return 0;
}

int DgramSocket::peer_name(SockAddr& out) const {
  if (peer_.family == 0) return -ENOTCONN;
  out = peer_;
  return 0;
}

int DgramSocket::set_buffer(bool send, std::size_t bytes) {
  if (bytes == 0) return -EINVAL;
  (send ? sndbuf_ : rcvbuf_) = bytes;
  return 0;
}

std::uint32_t DgramSocket::poll() const {
  return kEpollOut | (rx_.empty() ? 0 : kEpollIn) | (err_ ? kEpollErr : 0);
}

std::int64_t DgramSocket::read(void* buf, std::size_t len) {
  SockAddr from;
  bool truncated = false;
  return recvfrom(buf, len, from, truncated);
}

std::int64_t DgramSocket::writev(const IoVec* iov, int iovcnt) { return sendto(iov, iovcnt, {}, 0); }

void DgramSocket::on_close() {
  if (bound_.family != 0) k_.net().unbind_udp(this, bound_);
  bound_ = SockAddr{};
  rx_.clear();
  rx_bytes_ = 0;
}

void DgramSocket::describe(FdView& v) const {
  v.state = peer_.family ? "connected" : bound_.family ? "bound" : "fresh";
  if (bound_.family) {
    SockAddr self;
    local_name(self);
    v.local = self.str();
  }
  if (peer_.family) v.peer = peer_.str();
  v.send_cap = sndbuf_;
  v.recv_fill = rx_bytes_;
  v.recv_cap = rcvbuf_;
  v.flags = "datagrams=" + std::to_string(rx_.size()) + " sent=" + std::to_string(sent_) +
            " received=" + std::to_string(received_);
  if (drops_) v.flags += " drops=" + std::to_string(drops_);
  if (err_) v.flags += " error=" + errno_name(err_);
  if (reuseaddr_) v.flags += " reuseaddr";
  static const char* const kOptionNames[] = {"broadcast", "ttl", "multicast_ttl", "multicast_loop"};
  for (const auto& [opt, value] : options_)
    if (opt >= 0 && opt < 4) v.flags += std::string(" ") + kOptionNames[opt] + "=" + std::to_string(value);
}

}  // namespace ls::emu
