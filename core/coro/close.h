// Closing handles from coroutine code, cancelling whoever waits on them, and owning handles in coroutine frames.
// Covered by tests/core/coro/test_cancel.cpp.
//
//   co_await ls::coro::close(timer);     // close, then continue once the close callback ran: the handle may
//                                        // now be destroyed (a handle that is a local of the coroutine can be)
//   ls::coro::close(timer, cb);          // the same from callback code: close, cb later
//
// Either way, a strand suspended on that handle — sleep(timer), read(), accept() — is resumed with
// error{-ECANCELED} in the closing phase, right before the close callback: where libuv cancels a closing
// stream's write, connect and shutdown requests (uv__stream_destroy), which the core already does for those.
// A plain Handle::close() stops the handle but cannot resume its waiter: the core has no close notification for
// code layered on it (yet) — so close handles that coroutines wait on with ls::coro::close.
//
// handle_ptr<H>: a heap handle owned like a unique_ptr, for coroutine frames. A handle must not be destroyed
// before its close callback ran, which an exception unwinding the frame would otherwise do; dropping a
// handle_ptr closes the handle if needed and frees it after its close callback:
//   auto client = ls::coro::make_handle<ls::Tcp>(loop);
//   co_await ls::coro::accept(server, *client);   // a throw from here on closes and frees `client`
//   co_await ls::coro::close(std::move(client));  // or close it explicitly and wait
#pragma once

#include <memory>
#include <utility>

#include "../handle.h"
#include "strand.h"

namespace ls::coro {

// Closes `h`; its waiters get ECANCELED, then `cb` runs. -EINVAL if it is already closing (nothing happens).
int close(Handle& h, Handle::CloseCallback cb);

namespace detail {
// handle_ptr's deleter: close and free after the close callback; a handle someone else already closed is freed
// once that close is over.
struct close_and_free {
  void operator()(Handle* h) const noexcept;
};
}  // namespace detail

template <class H>
using handle_ptr = std::unique_ptr<H, detail::close_and_free>;

template <class H, class... Args>
handle_ptr<H> make_handle(Loop& loop, Args&&... args) {
  return handle_ptr<H>(new H(loop, std::forward<Args>(args)...));
}

class [[nodiscard]] close_awaiter {
 public:
  close_awaiter(Handle& h, bool owned, where at) noexcept : h_(&h), owned_(owned), wait_(h.loop(), at) {}
  close_awaiter(const close_awaiter&) = delete;
  close_awaiter& operator=(const close_awaiter&) = delete;
  ~close_awaiter();

  bool await_ready() const noexcept { return false; }
  template <class P>
  bool await_suspend(stdco::coroutine_handle<P> h) {
    return wait_.suspend_if_started(h, start(), nullptr);  // not cancellable: the close callback always comes
  }
  void await_resume() const { wait_.throw_if_failed(); }

 private:
  int start();
  Handle* h_;
  bool owned_;  // from a handle_ptr: freed after the close callback
  bool closing_ = false;  // our close() was accepted: its callback frees an owned handle
  detail::waiter wait_;
};

inline close_awaiter close(Handle& h, where at = where::here()) { return close_awaiter(h, false, at); }
template <class H>
close_awaiter close(handle_ptr<H> h, where at = where::here()) {
  return close_awaiter(*h.release(), true, at);
}

}  // namespace ls::coro
