// NullBackend: no file descriptors at all, so it runs anywhere (the default on wasm, and the backend of loops
// that only have timers, watchers and asyncs). poll() waits for its timeout or a wake-up: natively on a
// condition variable so Async::send from another thread works; on wasm there are no other threads, so a wait
// without a timeout could never end and can_block() says so.
#include <cerrno>
#include <chrono>
#include <thread>

#include "backend.h"

#ifndef __EMSCRIPTEN__
#include <condition_variable>
#include <mutex>
#endif

namespace ls {
namespace {

class NullBackend final : public Backend {
 public:
  const char* name() const override { return "null"; }
  int add(int, int) override { return -ENOSYS; }
  int modify(int, int) override { return -ENOSYS; }
  int remove(int) override { return -ENOSYS; }

  int poll(int timeout_ms, std::vector<ReadyEvent>& out) override {
#ifdef __EMSCRIPTEN__
    if (!woken_ && timeout_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
#else
    if (timeout_ms != 0) {
      std::unique_lock<std::mutex> lock(mu_);
      auto woken = [this] { return woken_; };
      if (timeout_ms < 0) {
        cv_.wait(lock, woken);
      } else {
        cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), woken);
      }
    }
    std::lock_guard<std::mutex> lock(mu_);
#endif
    if (!woken_) return 0;
    woken_ = false;
    out.push_back(ReadyEvent{kWakeFd, 0});
    return 1;
  }

  void wakeup() override {
#ifdef __EMSCRIPTEN__
    woken_ = true;
#else
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
    cv_.notify_one();
#endif
  }

  void enable_wakeup() override { wake_enabled_ = true; }

  bool can_block() const override {
#ifdef __EMSCRIPTEN__
    return false;
#else
    return wake_enabled_;  // only another thread's Async::send could end the wait
#endif
  }

 private:
  bool woken_ = false;
  bool wake_enabled_ = false;
#ifndef __EMSCRIPTEN__
  std::mutex mu_;
  std::condition_variable cv_;
#endif
};

}  // namespace

std::unique_ptr<Backend> make_null_backend() { return std::make_unique<NullBackend>(); }

}  // namespace ls
