// sleep(): a Timer whose callback resumes the sleeper.
#include "sleep.h"

#include "../loop.h"
#include "../timer.h"

namespace ls::coro {

sleep_awaiter sleep(Timer& timer, uint64_t ms, where at) { return sleep_awaiter(timer.loop(), &timer, ms, at); }

int sleep_awaiter::start_other() {
  if (user_timer_) {
    timer_ = user_timer_;
  } else {
    timer_ = new Timer(wait_.loop());
    own_timer_ = true;
  }
  int r = timer_->start(
      [this](Timer& t) {
        if (own_timer_) {
          own_timer_ = false;
          timer_ = nullptr;
          t.close([](Handle& h) { delete &h; });
        }
        wait_.resume(0);  // may destroy *this
      },
      ms_);
  return r == -EINVAL ? cancelled_if_closed(r) : r;
}

// A closed timer cannot be armed: for the waiter that is a cancellation, not a usage error.
int sleep_awaiter::cancelled_if_closed(int r) const { return timer_->is_closing() ? -ECANCELED : r; }

// Destroyed while still suspended (its frame destroyed by the owner): the timer must not call into it later.
void sleep_awaiter::abandon() {
  if (own_timer_) {
    if (!timer_->is_closing()) timer_->close([](Handle& h) { delete &h; });
  } else if (wait_.suspended() && !timer_->is_closing()) {
    timer_->stop();
  }
}

}  // namespace ls::coro
