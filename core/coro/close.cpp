// ls::coro::close: Handle::close plus the cancellation of the strands waiting on the handle; handle_ptr's
// deleter.
#include "close.h"

#include "../loop.h"
#include "../request.h"

namespace ls::coro {

int close(Handle& h, Handle::CloseCallback cb) {
  Loop& loop = h.loop();
  return h.close([&loop, cb = std::move(cb)](Handle& closed) {
    // Waiters first (their operation is over: close() stopped it), as libuv cancels requests before the close
    // callback; then the closer's callback, which may destroy the handle — so nothing touches it after.
    detail::cancel_waiters(loop, closed);
    if (cb) cb(closed);
  });
}

int close_awaiter::start() {
  int r = close(*h_, [this](Handle& h) {
    bool owned = owned_;
    wait_.resume(0);  // *this is gone after this
    if (owned) delete &h;
  });
  closing_ = r == 0;
  return r;
}

// A handle_ptr given to close(std::move(p)) was released into this awaiter: if our close() did not happen
// (refused because someone else closed it first, or never awaited), free it the way the deleter would.
close_awaiter::~close_awaiter() {
  if (owned_ && !closing_) detail::close_and_free{}(h_);
}

namespace detail {

namespace {

bool still_listed(Loop& loop, const Handle* h) {
  bool found = false;
  loop.walk([&](Handle& x) { found = found || &x == h; });
  return found;
}

// Frees a handle someone else closed, once its close callback ran: a handle leaves the loop's walk list right
// before its close callback, and every handle closed before a closing phase is finished by it, so a check at
// the next pending phase (then the one after, for a close made from a close callback) sees it done.
struct reaper {
  explicit reaper(Handle* h) : handle(h), entry(&reaper::run, nullptr, this) {}
  static void run(PendingEntry& e) {
    auto* self = static_cast<reaper*>(e.data);
    Loop& loop = self->handle->loop();
    if (still_listed(loop, self->handle)) {
      loop.feed(self->entry);
      return;
    }
    delete self->handle;
    delete self;
  }
  Handle* handle;
  PendingEntry entry;
};

}  // namespace

void close_and_free::operator()(Handle* h) const noexcept {
  if (!h->is_closing()) {
    h->close([](Handle& x) { delete &x; });
  } else if (!still_listed(h->loop(), h)) {
    delete h;  // its close callback already ran
  } else {
    auto* r = new reaper(h);
    h->loop().feed(r->entry);
  }
}

}  // namespace detail

}  // namespace ls::coro
