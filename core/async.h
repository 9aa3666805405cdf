// Async handle (uv_async_t): send() may be called from any thread; sends that arrive before the callback runs
// coalesce into one call. The callback runs in the poll phase. Natively the wake-up is the epoll backend's
// eventfd; on the null backend it is an atomic flag. An async handle is active from construction until closed.
// Covered by tests/core/test_async.cpp.
#pragma once

#include <atomic>
#include <functional>

#include "handle.h"

namespace ls {

class Async final : public Handle {
 public:
  using Callback = std::function<void(Async&)>;

  Async(Loop& loop, Callback cb);
  ~Async() override;

  // Thread-safe (not async-signal-safe). Always returns 0, like uv_async_send; a send to a handle that is closing
  // is dropped (its callback never runs).
  int send();

 private:
  friend class Loop;
  void on_close() override;

  Callback cb_;
  std::atomic<bool> pending_{false};
  detail::Link<Async> node_{this};
};

}  // namespace ls
