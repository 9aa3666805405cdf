// EmuSys and EmuWorkers: the Sys calls as emulated-kernel calls. See emu_sys.h.
#include "emu_sys.h"

#include <cerrno>

#include "../backend.h"
#include "../clock.h"
#include "../inspect.h"
#include "address.h"

namespace ls {

// ---- workers ----

int EmuWorkers::notify_fd() {
  if (efd_ < 0) {
    int fd = k_.eventfd(0);
    if (fd < 0) return fd;
    efd_ = fd;
    k_.set_pool_notify(efd_);
  }
  return efd_;
}

void EmuWorkers::drain_notify() {
  uint64_t v;
  k_.read(efd_, &v, sizeof v);
}

int EmuWorkers::submit(uint64_t id, std::function<void()> job, uint64_t virtual_ns, bool at_start) {
  int r = k_.pool().submit(id, virtual_ns ? virtual_ns : default_ns_);
  if (r == 0) {
    jobs_.emplace(id, Pending{std::move(job), at_start});
    if (at_start) run_started();
  }
  return r;
}

// Runs the functions of the at_start jobs that a worker is running now (each once).
void EmuWorkers::run_started() {
  for (const emu::WorkerView& w : k_.pool().view().workers) {
    if (!w.busy) continue;
    auto it = jobs_.find(w.job);
    if (it == jobs_.end() || !it->second.at_start || !it->second.fn) continue;
    std::function<void()> fn = std::move(it->second.fn);
    it->second.fn = nullptr;
    fn();
  }
}

int EmuWorkers::cancel(uint64_t id) {
  int r = k_.pool().cancel(id);
  if (r == 0) jobs_.erase(id);  // never runs
  return r == -ENOENT ? -EBUSY : r;
}

void EmuWorkers::take_done(std::vector<WorkDone>& done) {
  for (const emu::Completion& c : k_.pool().take_completed()) {
    auto it = jobs_.find(c.job);
    if (it != jobs_.end()) {
      std::function<void()> job = std::move(it->second.fn);
      jobs_.erase(it);
      if (c.status == 0 && job) job();  // the work rule: unless it ran at its start, it runs as its worker finishes
    }
    done.push_back(WorkDone{c.job, c.status});
  }
  run_started();  // the jobs that started on the workers these completions freed
}

void EmuWorkers::take_events(std::vector<WorkEvent>& events) {
  for (const emu::PoolEvent& e : k_.pool().take_events()) {
    if (e.what == emu::PoolEvent::What::Started) events.push_back(WorkEvent{e.job, true, e.worker});
    if (e.what == emu::PoolEvent::What::Finished) events.push_back(WorkEvent{e.job, false, e.worker});
  }
}

void EmuWorkers::describe(PoolInfo& out) const {
  emu::PoolView v = k_.pool().view();
  out.workers = static_cast<int>(v.workers.size());
  for (const emu::WorkerView& w : v.workers)
    if (w.busy) out.busy.push_back(WorkerInfo{w.index, true, w.job});
  for (const emu::JobView& j : v.queue) out.queue.push_back(j.job);
  out.completed_waiting = v.completed_waiting;
}

// ---- translation helpers ----

int EmuSys::from_epoll(uint32_t bits) {
  int ev = 0;
  if (bits & emu::kEpollIn) ev |= kReadable;
  if (bits & emu::kEpollOut) ev |= kWritable;
  if (bits & emu::kEpollRdHup) ev |= kDisconnect;
  if (bits & emu::kEpollPri) ev |= kPrioritized;
  if (bits & emu::kEpollErr) ev |= kError;
  if (bits & emu::kEpollHup) ev |= kHangup;
  return ev;
}

uint32_t EmuSys::to_epoll(int events) {
  uint32_t bits = 0;
  if (events & kReadable) bits |= emu::kEpollIn;
  if (events & kWritable) bits |= emu::kEpollOut;
  if (events & kDisconnect) bits |= emu::kEpollRdHup;
  if (events & kPrioritized) bits |= emu::kEpollPri;
  return bits;
}

namespace {

int to_domain(AddrFamily f) {
  return f == AddrFamily::Inet6 ? emu::kAfInet6 : f == AddrFamily::Unix ? emu::kAfUnix : emu::kAfInet;
}

AddrFamily to_family(int domain) {
  return domain == emu::kAfInet6 ? AddrFamily::Inet6 : domain == emu::kAfUnix ? AddrFamily::Unix
                                 : domain == emu::kAfInet ? AddrFamily::Inet : AddrFamily::Unspec;
}

TimeSpec ts(emu::Nanos ns) {
  return TimeSpec{static_cast<int64_t>(ns / 1000000000u), static_cast<int64_t>(ns % 1000000000u)};
}

void fill(const emu::Stat& st, FileStat& out) {
  out.dev = st.dev;
  out.mode = st.mode;
  out.nlink = st.nlink;
  out.uid = st.uid;
  out.gid = st.gid;
  out.rdev = st.rdev;
  out.ino = st.ino;
  out.size = st.size;
  out.blksize = st.blksize;
  out.blocks = st.blocks;
  out.atime = ts(st.atime);
  out.mtime = ts(st.mtime);
  out.ctime = ts(st.ctime);
  out.birthtime = ts(st.birthtime);
}

}  // namespace

// ---- sockets ----

EmuSys::~EmuSys() { release_spare_fd(); }

emu::Kernel& EmuSys::sync() {
  if (clock_) {
    uint64_t t = clock_->now_ns();
    if (t > k_.now_ns()) k_.advance_to(t);
  }
  return k_;
}

int EmuSys::parse_address(std::string_view host, AddrFamily& family) {
  int domain = 0;
  std::string canon;
  // An address outside this machine still has a family: bind/connect then report EADDRNOTAVAIL/ENETUNREACH.
  if (emu::parse_host(host, domain, canon) == -EINVAL) return -EINVAL;
  family = to_family(domain);
  return 0;
}

int EmuSys::socket(AddrFamily family) { return sync().socket(to_domain(family)); }
int EmuSys::bind(int fd, std::string_view host, uint16_t port) { return sync().bind(fd, host, port); }
int EmuSys::listen(int fd, int backlog) { return sync().listen(fd, backlog); }
int EmuSys::accept(int fd) { return sync().accept(fd); }
int EmuSys::connect(int fd, std::string_view host, uint16_t port) { return sync().connect(fd, host, port); }
int EmuSys::socket_error(int fd) { return sync().getsockopt_error(fd); }
int64_t EmuSys::read(int fd, void* buf, size_t len) { return sync().read(fd, buf, len); }

int64_t EmuSys::writev(int fd, const ConstBuf* bufs, int count) {
  emu::IoVec iov[64];
  int n = count < 64 ? count : 64;
  for (int i = 0; i < n; ++i) iov[i] = emu::IoVec{bufs[i].base, bufs[i].len};
  return sync().writev(fd, iov, n);
}

int EmuSys::shutdown_write(int fd) { return sync().shutdown(fd, emu::kShutWr); }
int EmuSys::close(int fd) { return sync().close(fd); }

int EmuSys::close_reset(int fd) {
  int r = sync().close_reset(fd);
  return r == -ENOTSOCK ? k_.close(fd) : r;  // not a TCP socket: nothing to reset, close it anyway
}

int EmuSys::sockname(int fd, SockName& out) {
  emu::SockAddr a;
  int r = sync().getsockname(fd, a);
  if (r == 0) out = SockName{to_family(a.family), a.host, a.port};
  return r;
}

int EmuSys::peername(int fd, SockName& out) {
  emu::SockAddr a;
  int r = sync().getpeername(fd, a);
  if (r == 0) out = SockName{to_family(a.family), a.host, a.port};
  return r;
}

int EmuSys::set_nodelay(int fd, bool on) { return sync().set_nodelay(fd, on); }
int EmuSys::set_keepalive(int fd, bool on, unsigned delay_s) { return sync().set_keepalive(fd, on, delay_s); }
int EmuSys::pipe(int fds[2]) { return sync().pipe(fds); }
int EmuSys::socketpair(int fds[2]) { return sync().socketpair(fds); }

int EmuSys::adopt(int fd, int& directions) {
  int acc = sync().access_mode(fd);
  if (acc < 0) return acc;
  directions = acc == emu::kORdOnly ? kReadable : acc == emu::kOWrOnly ? kWritable : kReadable | kWritable;
  return 0;  // every emulated fd is non-blocking already
}

// ---- datagram sockets ----

int EmuSys::udp_socket(AddrFamily family) { return sync().udp_socket(to_domain(family)); }

int EmuSys::udp_bind(int fd, std::string_view host, uint16_t port, unsigned flags) {
  // kUdpIpv6Only changes nothing: families never mix on the virtual network, every IPv6 socket is IPv6-only.
  int r = sync().udp_bind(fd, host, port, (flags & kUdpReuseAddr) != 0);
  return r == -EAFNOSUPPORT ? -EINVAL : r;  // libuv's mapping, as natively
}

int EmuSys::udp_connect(int fd, std::string_view host, uint16_t port) { return sync().udp_connect(fd, host, port); }

int64_t EmuSys::udp_send(int fd, const ConstBuf* bufs, int count, const SockName* to) {
  emu::IoVec iov[64];
  int n = count < 64 ? count : 64;
  for (int i = 0; i < n; ++i) iov[i] = emu::IoVec{bufs[i].base, bufs[i].len};
  return to ? sync().sendto(fd, iov, n, to->host, to->port) : sync().sendto(fd, iov, n, {}, 0);
}

int64_t EmuSys::udp_recv(int fd, void* buf, size_t len, SockName& from, bool& truncated) {
  emu::SockAddr a;
  int64_t r = sync().recvfrom(fd, buf, len, a, truncated);
  if (r >= 0) from = SockName{to_family(a.family), a.host, a.port};
  return r;
}

int EmuSys::udp_set_option(int fd, UdpOption option, int value) {
  return sync().udp_setopt(fd, static_cast<int>(option), value);
}

int EmuSys::open_spare() { return sync().open("/", emu::kORdOnly); }

int EmuSys::readiness(int fd) {
  const emu::Object* o = k_.object(fd);
  return o ? from_epoll(o->poll()) : 0;
}

// ---- files (fsflag values equal the kernel's k* flags: both are Linux's) ----

int EmuSys::open(const std::string& path, int flags, int mode) {
  return sync().open(path, flags, static_cast<uint32_t>(mode));
}

int64_t EmuSys::pread(int fd, void* buf, size_t len, int64_t offset) {
  return offset < 0 ? sync().read(fd, buf, len) : sync().pread(fd, buf, len, offset);
}

int64_t EmuSys::pwrite(int fd, const void* buf, size_t len, int64_t offset) {
  return offset < 0 ? sync().write(fd, buf, len) : sync().pwrite(fd, buf, len, offset);
}

int EmuSys::stat(const std::string& path, FileStat& out) {
  emu::Stat st;
  int r = sync().stat(path, st);
  if (r == 0) fill(st, out);
  return r;
}

int EmuSys::lstat(const std::string& path, FileStat& out) {
  emu::Stat st;
  int r = sync().lstat(path, st);
  if (r == 0) fill(st, out);
  return r;
}

int EmuSys::fstat(int fd, FileStat& out) {
  emu::Stat st;
  int r = sync().fstat(fd, st);
  if (r == 0) fill(st, out);
  return r;
}

int EmuSys::unlink(const std::string& path) { return sync().unlink(path); }
int EmuSys::mkdir(const std::string& path, int mode) { return sync().mkdir(path, static_cast<uint32_t>(mode)); }
int EmuSys::mkdtemp(std::string& tmpl) { return sync().mkdtemp(tmpl); }
int EmuSys::rmdir(const std::string& path) { return sync().rmdir(path); }
int EmuSys::rename(const std::string& from, const std::string& to) { return sync().rename(from, to); }

int EmuSys::scandir(const std::string& path, std::vector<DirEnt>& out) {
  std::vector<emu::DirEntry> entries;
  int r = sync().scandir(path, entries);
  out.clear();
  // The kernel's DirentType has uv_dirent_type_t's order, as ours does.
  for (const emu::DirEntry& e : entries) out.push_back(DirEnt{e.name, static_cast<DirentType>(e.type)});
  return r;
}

// ---- inspection: the kernel's fd table and connection table ----

void EmuSys::inspect(Snapshot& s) {
  Sys::inspect(s);
  emu::KernelSnapshot ks = k_.observe();
  for (const emu::FdView& f : ks.fds) {
    s.kernel_fds.push_back(KernelFdInfo{f.fd, f.kind, f.state, f.local, f.peer, f.send_fill, f.send_cap, f.recv_fill,
                                   f.recv_cap, from_epoll(f.ready), f.conn_id, f.flags});
  }
  for (const emu::ConnView& c : ks.connections) {
    ConnectionInfo ci;
    ci.id = c.id;
    ci.client = c.client;
    ci.server = c.server;
    ci.client_fd = c.client_fd;
    ci.client_remote = c.client_remote;
    ci.server_fd = c.server_fd;
    ci.client_state = c.client_state;
    ci.server_state = c.server_state;
    ci.c2s_queued = c.c2s_queued;
    ci.c2s_inflight = c.c2s_inflight;
    ci.s2c_queued = c.s2c_queued;
    ci.s2c_inflight = c.s2c_inflight;
    ci.c2s_delivered = c.c2s_delivered;
    ci.s2c_delivered = c.s2c_delivered;
    ci.latency_ns = c.latency;
    ci.bandwidth = c.bandwidth;
    s.connections.push_back(std::move(ci));
  }
  for (const emu::ListenerView& l : ks.listeners)
    s.listeners.push_back(ListenerInfo{l.fd, l.addr, l.port, l.backlog, l.queued});
  for (const emu::RemoteClientView& r : k_.remote().view()) {
    s.remote_clients.push_back(RemoteClientInfo{r.id, r.port, r.state, r.connected, r.reading, r.shut, r.eof,
                                                r.closed, r.received, r.unsent, r.error, r.conn_id});
  }
  s.faults.fd_limit = ks.faults.fd_limit;
  s.faults.open_fds = ks.faults.open_fds;
  s.faults.refuse_all = ks.faults.refuse_all;
  s.faults.refused_ports = ks.faults.refused_ports;
}

}  // namespace ls
