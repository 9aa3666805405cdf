// Poll handle: fd readiness for the user (uv_poll_t). The fd table and stale-event filtering are Loop::io_set
// and Loop::dispatch_ready.
#include "poll.h"

#include "inspect.h"
#include "loop.h"

namespace ls {

namespace {
constexpr int kPollMask = Poll::READABLE | Poll::WRITABLE | Poll::DISCONNECT | Poll::PRIORITIZED;
}

Poll::Poll(Loop& loop, int fd) : Handle(loop, HandleType::Poll), fd_(fd), io_(&Poll::on_io, this) {}

Poll::~Poll() {
  if (needs_detach()) loop().io_set(io_, fd_, 0);
}

int Poll::start(int events, Callback cb) {
  if (is_closing() || (events & ~kPollMask)) return -EINVAL;
  if (events == 0) return stop();
  if (!cb) return -EINVAL;
  if (fd_ < 0) return -EBADF;
  // Like uv_poll_start (which stops first): events of this fd still queued in the current batch are dropped.
  // Unlike it, an unchanged mask costs no epoll_ctl and a changed one a single MOD.
  if (io_.interest != 0) loop().io_invalidate(fd_);
  int r = loop().io_set(io_, fd_, events);
  if (r < 0) {
    deactivate();
    return r;
  }
  loop().retire_if_running(*this, cb_);
  cb_ = std::move(cb);
  activate();
  loop().trace_handle(TraceKind::HandleStart, *this, fd_, events);
  return 0;
}

int Poll::stop() {
  loop().io_set(io_, fd_, 0);
  if (is_active()) {
    deactivate();
    loop().trace_handle(TraceKind::HandleStop, *this);
  }
  return 0;
}

int Poll::fileno() const { return is_closing() ? -EBADF : fd_; }

void Poll::on_close() { stop(); }

void Poll::describe(HandleInfo& info) const {
  info.fd = fd_;
  info.events = io_.interest;
}

// uv__poll_io: an error on the fd stops the handle and reports EBADF; otherwise the ready subset of the interest.
void Poll::on_io(IoWatcher& w, int events) {
  Poll& p = *static_cast<Poll*>(w.owner);
  Loop& loop = p.loop();
  if (events & kError) {
    p.stop();
    loop.dispatch(&p, CallbackKind::Io, [&] { p.cb_(p, -EBADF, 0); });
    return;
  }
  int ready = events & kPollMask;
  loop.dispatch(&p, CallbackKind::Io, [&] { p.cb_(p, 0, ready); });
}

}  // namespace ls
