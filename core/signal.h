// Signal handle (uv_signal_t), native only: a process-wide handler writes the signal number to each interested
// loop's self-pipe; the loop dispatches in its poll phase, one callback per delivered signal. On wasm start()
// returns -ENOSYS. Covered by tests/core/test_native.cpp.
#pragma once

#include <functional>

#include "handle.h"

namespace ls {

class Signal final : public Handle {
 public:
  using Callback = std::function<void(Signal&, int signum)>;

  explicit Signal(Loop& loop);
  ~Signal() override;

  int start(Callback cb, int signum);  // -EINVAL for a bad signum or when closing
  int stop();
  int signum() const { return signum_; }

 private:
  friend class Loop;
  void on_close() override;
  void describe(HandleInfo&) const override;

  Callback cb_;
  int signum_ = 0;
  detail::Link<Signal> node_{this};
};

}  // namespace ls
