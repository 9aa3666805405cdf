// Kernel: construction, time, the fd table, generic I/O, local streams, readiness sets, thread-pool wiring and
// fault calls. Sockets are in kernel_net.cpp, files in kernel_fs.cpp, the snapshot in inspect.cpp.
#include "kernel.h"

#include <cerrno>

#include "file.h"
#include "pipe.h"
#include "socket.h"

namespace ls::emu {

Kernel::Kernel(const Config& config)
    : config_(config),
      fds_(config.fd_limit),
      net_(*this, config.ephemeral_first, config.ephemeral_last),
      fs_(sched_, config.umask),
      pool_(sched_, config.pool_workers) {
  net_.default_link = config.link;
  if (config.reserve_stdio) {
    for (int i = 0; i < 3; ++i) fds_.install(std::make_shared<Stdio>(*this));
  }
  pool_.set_on_complete([this] {
    if (pool_notify_fd_ < 0 || fds_.generation(pool_notify_fd_) != pool_notify_gen_) return;
    if (auto* e = dynamic_cast<EventFd*>(fds_.get(pool_notify_fd_))) e->add(1);
  });
}

Kernel::~Kernel() = default;

void Kernel::sync() {
  sched_.run_due();
  net_.reap();
}

int Kernel::advance_to(Nanos t) {
  int r = sched_.advance_to(t);
  if (r == 0) net_.reap();
  return r;
}

int Kernel::install(std::shared_ptr<Object> obj) { return fds_.install(std::move(obj)); }

Socket* Kernel::sock(int fd, int& err) { return lookup<Socket>(fd, err, -ENOTSOCK); }

void Kernel::notify(int fd, std::uint32_t gen, std::uint32_t mask) {
  if (fds_.generation(fd) != gen) return;
  for (auto& [epfd, set] : epolls_) set->wakeup(fd, gen, mask);
}

// ---- fd table -------------------------------------------------------------------------------------------------

int Kernel::close(int fd) {
  sync();
  std::shared_ptr<Object> obj = fds_.release(fd);
  if (!obj) return -EBADF;
  for (auto& [epfd, set] : epolls_) set->forget(fd);  // a closed fd leaves every readiness set at once
  if (obj->kind() == Kind::Epoll) epolls_.erase(fd);
  if (obj->kind() == Kind::Inotify) watch_queues_.erase(fd);
  obj->set_fd(-1, 0);
  obj->on_close();
  net_.reap();
  return 0;
}

int Kernel::fstat(int fd, Stat& st) {
  sync();
  Object* o = fds_.get(fd);
  if (!o) return -EBADF;
  o->fstat(st);
  return 0;
}

int Kernel::access_mode(int fd) const {
  Object* o = fds_.get(fd);
  if (!o) return -EBADF;
  if (auto* e = dynamic_cast<LocalEnd*>(o)) return e->can_read() ? (e->can_write() ? kORdWr : kORdOnly) : kOWrOnly;
  if (auto* f = dynamic_cast<File*>(o)) return f->flags() & kOAccMode;
  return kORdWr;
}

// ---- generic I/O ----------------------------------------------------------------------------------------------

std::int64_t Kernel::read(int fd, void* buf, std::size_t len) {
  sync();
  Object* o = fds_.get(fd);
  return o ? o->read(buf, len) : -EBADF;
}

std::int64_t Kernel::write(int fd, const void* buf, std::size_t len) {
  IoVec iov{buf, len};
  return writev(fd, &iov, 1);
}

std::int64_t Kernel::writev(int fd, const IoVec* iov, int iovcnt) {
  sync();
  if (iovcnt < 0) return -EINVAL;
  Object* o = fds_.get(fd);
  return o ? o->writev(iov, iovcnt) : -EBADF;
}

// ---- local streams --------------------------------------------------------------------------------------------

int Kernel::pipe(int out[2]) {
  sync();
  if (!fds_.can_install(2)) return -EMFILE;  // both or neither
  auto pair = std::make_shared<LocalPair>();
  pair->ch[0].cap = config_.pipe_capacity;
  out[0] = install(std::make_shared<LocalEnd>(*this, pair, 0, false));
  out[1] = install(std::make_shared<LocalEnd>(*this, pair, 1, false));
  return 0;
}

int Kernel::socketpair(int out[2]) {
  sync();
  if (!fds_.can_install(2)) return -EMFILE;
  auto pair = std::make_shared<LocalPair>();
  pair->ch[0].cap = pair->ch[1].cap = config_.pipe_capacity;
  out[0] = install(std::make_shared<LocalEnd>(*this, pair, 0, true));
  out[1] = install(std::make_shared<LocalEnd>(*this, pair, 1, true));
  return 0;
}

int Kernel::set_pipe_capacity(int fd, std::size_t bytes) {
  sync();
  int err = 0;
  LocalEnd* e = lookup<LocalEnd>(fd, err);
  return e ? e->set_capacity(bytes) : err;
}

int Kernel::eventfd(std::uint64_t initval) {
  sync();
  return install(std::make_shared<EventFd>(*this, initval));
}

// ---- readiness ------------------------------------------------------------------------------------------------

int Kernel::epoll_create() {
  sync();
  auto set = std::make_shared<EpollSet>(*this);
  EpollSet* raw = set.get();
  int fd = install(std::move(set));
  if (fd >= 0) epolls_[fd] = raw;
  return fd;
}

int Kernel::epoll_ctl(int epfd, int op, int fd, std::uint32_t events, std::uint64_t data) {
  sync();
  int err = 0;
  EpollSet* set = lookup<EpollSet>(epfd, err);
  if (!set) return err;
  if (fd == epfd) return -EINVAL;
  return set->ctl(op, fd, events, data);
}

int Kernel::epoll_wait(int epfd, EpollEvent* out, int max_events) {
  sync();
  int err = 0;
  EpollSet* set = lookup<EpollSet>(epfd, err);
  if (!set) return err;
  if (faults_.eintr_waits > 0) {
    --faults_.eintr_waits;
    return -EINTR;
  }
  return set->wait(out, max_events);
}

// ---- thread pool ----------------------------------------------------------------------------------------------

int Kernel::set_pool_notify(int fd) {
  if (fd < 0) {
    pool_notify_fd_ = -1;
    return 0;
  }
  int err = 0;
  if (!lookup<EventFd>(fd, err)) return err;
  pool_notify_fd_ = fd;
  pool_notify_gen_ = fds_.generation(fd);
  return 0;
}

// ---- faults ---------------------------------------------------------------------------------------------------

int Kernel::reset_connection(std::uint64_t conn_id) {
  sync();
  Connection* c = net_.find(conn_id);
  if (!c) return -ENOENT;
  c->reset_now();
  return 0;
}

int Kernel::reset_connection_at(std::uint64_t conn_id, Nanos t) {
  sync();
  Connection* c = net_.find(conn_id);
  if (!c) return -ENOENT;
  c->reset_at(t);
  return 0;
}

int Kernel::reset_connection_after(std::uint64_t conn_id, std::uint64_t n) {
  sync();
  Connection* c = net_.find(conn_id);
  if (!c) return -ENOENT;
  c->reset_after(n);
  return 0;
}

int Kernel::set_connection_send_buffer(std::uint64_t conn_id, int side, std::size_t bytes) {
  sync();
  Connection* c = net_.find(conn_id);
  if (!c) return -ENOENT;
  if (bytes == 0) return -EINVAL;
  c->end(side).sndbuf = bytes;
  c->buffers_changed();
  return 0;
}

}  // namespace ls::emu
