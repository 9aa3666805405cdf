// sleep(): virtual times, interleaving of strands, one timer per strand (re-armed, not re-created), sleep(0)
// yields, sleep(timer) on a user's timer; on every backend with the virtual clock.
#include <string>
#include <vector>

#include "coro_support.h"

namespace {

using ls::coro::task;

task<void> sleeper(ls::Loop& loop, std::vector<std::string>& log, std::string name, std::vector<int> naps) {
  for (int ms : naps) {
    co_await ls::coro::sleep(loop, static_cast<uint64_t>(ms));
    log.push_back(name + "@" + std::to_string(loop.now()));
  }
}

}  // namespace

TEST_SUITE("coro") {

TEST_CASE("sleep: resumes after the time asked, on the loop's clock") {
  corotest::each_vloop([](ls::Loop& loop) {
    auto t = [&loop]() -> task<uint64_t> {
      uint64_t t0 = loop.now();
      co_await ls::coro::sleep(loop, 25);
      co_await ls::coro::sleep(loop, 100);
      co_return loop.now() - t0;
    };
    CHECK(ls::coro::run(loop, t()) == 125);
    corotest::finish(loop);
  });
}

TEST_CASE("sleep: strands interleave by due time, equal times in start order") {
  corotest::each_vloop([](ls::Loop& loop) {
    std::vector<std::string> log;
    ls::coro::spawn(loop, sleeper(loop, log, "a", {30, 30}), "a");
    ls::coro::spawn(loop, sleeper(loop, log, "b", {10, 50}), "b");
    ls::coro::spawn(loop, sleeper(loop, log, "c", {30}), "c");
    CHECK(loop.run() == 0);
    std::string all;
    for (auto& s : log) all += s + " ";
    CHECK(all == "b@10 a@30 c@30 b@60 a@60 ");
    corotest::finish(loop);
  });
}

TEST_CASE("sleep: a strand re-arms one timer; it is closed when the strand ends") {
  corotest::each_vloop([](ls::Loop& loop) {
    size_t timers_while_sleeping = 0;
    auto t = [&]() -> task<void> {
      for (int i = 0; i < 5; ++i) {
        co_await ls::coro::sleep(loop, 1);
        size_t n = 0;
        for (auto& h : loop.inspect().handles)
          if (h.type == ls::HandleType::Timer) ++n;
        timers_while_sleeping = std::max(timers_while_sleeping, n);
      }
    };
    ls::coro::run(loop, t());
    CHECK(timers_while_sleeping == 1);
    CHECK(loop.inspect().handles.empty());  // run() ran until the strand's timer was closed too
    corotest::finish(loop);
  });
}

TEST_CASE("sleep: sleep(0) lets the other strands run first, like asyncio.sleep(0)") {
  corotest::each_vloop([](ls::Loop& loop) {
    std::vector<std::string> log;
    auto a = [&]() -> task<void> {
      log.push_back("a1");
      co_await ls::coro::sleep(loop, 0);
      log.push_back("a2");
    };
    auto b = [&]() -> task<void> {
      log.push_back("b1");
      co_await ls::coro::sleep(loop, 0);
      log.push_back("b2");
    };
    ls::coro::spawn(loop, a(), "a");
    ls::coro::spawn(loop, b(), "b");
    loop.run();
    CHECK(log == std::vector<std::string>{"a1", "b1", "a2", "b2"});
    corotest::finish(loop);
  });
}

TEST_CASE("sleep: on a timer the caller owns") {
  corotest::each_vloop([](ls::Loop& loop) {
    ls::Timer timer(loop);
    auto t = [&]() -> task<uint64_t> {
      co_await ls::coro::sleep(timer, 40);
      co_await ls::coro::sleep(timer, 2);
      co_return loop.now();
    };
    CHECK(ls::coro::run(loop, t()) == 42);
    CHECK_FALSE(timer.is_active());
    corotest::finish(loop);
  });
}

TEST_CASE("sleep: a coroutine that is not an ls::coro task gets a timer of its own, closed afterwards") {
  // The smallest foreign coroutine type: eager, self-destroying.
  struct fire_and_forget {
    struct promise_type {
      fire_and_forget get_return_object() noexcept { return {}; }
      ls::coro::stdco::suspend_never initial_suspend() noexcept { return {}; }
      ls::coro::stdco::suspend_never final_suspend() noexcept { return {}; }
      void return_void() noexcept {}
      void unhandled_exception() noexcept { std::terminate(); }
    };
  };
  corotest::each_vloop([](ls::Loop& loop) {
    uint64_t woke = 0;
    auto f = [](ls::Loop& l, uint64_t& out) -> fire_and_forget {
      co_await ls::coro::sleep(l, 15);
      out = l.now();
    };
    f(loop, woke);
    CHECK(loop.run() == 0);
    CHECK(woke == 15);
    corotest::finish(loop);
  });
}

}  // TEST_SUITE
