// Cancellation: closing (ls::coro::close) the handle a strand waits on resumes it with error{-ECANCELED}, in the
// closing phase before the close callback; co_await close(h) resumes after the close callback, so a handle
// that lives in the coroutine frame can be closed and destroyed there.
#include <string>
#include <vector>

#include "coro_support.h"

namespace {

using ls::coro::task;

}  // namespace

TEST_SUITE("coro") {

TEST_CASE("cancel: closing the timer a strand sleeps on resumes it with ECANCELED") {
  corotest::each_vloop([](ls::Loop& loop) {
    ls::Timer timer(loop);
    std::vector<std::string> log;
    auto sleeper = [&]() -> task<void> {
      try {
        co_await ls::coro::sleep(timer, 1000);
        log.push_back("woke");
      } catch (const ls::coro::error& e) {
        log.push_back(std::string("caught ") + e.name() + " at " + std::to_string(loop.now()));
        CHECK(e.cancelled());
      }
    };
    auto closer = [&]() -> task<void> {
      co_await ls::coro::sleep(loop, 10);
      log.push_back("closing");
      co_await ls::coro::close(timer);
      log.push_back("closed");
    };
    ls::coro::spawn(loop, sleeper(), "sleeper");
    ls::coro::spawn(loop, closer(), "closer");
    CHECK(loop.run() == 0);
    CHECK(log == std::vector<std::string>{"closing", "caught ECANCELED at 10", "closed"});
    CHECK(loop.now() < 1000);
    corotest::finish(loop);
  });
}

TEST_CASE("cancel: close(h, cb) from callback code — waiters first, then the callback") {
  corotest::each_vloop([](ls::Loop& loop) {
    ls::Timer timer(loop);
    ls::Timer killer(loop);
    std::vector<std::string> log;
    auto sleeper = [&]() -> task<void> {
      try {
        co_await ls::coro::sleep(timer, 1000);
      } catch (const ls::coro::error& e) {
        log.push_back(e.name());
      }
    };
    ls::coro::spawn(loop, sleeper(), "sleeper");
    killer.start(
        [&](ls::Timer& k) {
          CHECK(ls::coro::close(timer, [&](ls::Handle&) { log.push_back("close_cb"); }) == 0);
          CHECK(ls::coro::close(timer, {}) == -EINVAL);  // closing twice is refused, as Handle::close
          k.close();
        },
        5);
    loop.run();
    CHECK(log == std::vector<std::string>{"ECANCELED", "close_cb"});
    corotest::finish(loop);
  });
}

TEST_CASE("cancel: a handle in the coroutine frame is closed and destroyed there") {
  corotest::each_vloop([](ls::Loop& loop) {
    bool done = false;
    auto t = [&]() -> task<void> {
      ls::Timer local(loop);
      co_await ls::coro::sleep(local, 3);
      co_await ls::coro::close(local);
      CHECK(local.is_closing());
      done = true;
    };  // `local` is destroyed here: legal, its close callback already ran
    ls::coro::run(loop, t());
    CHECK(done);
    corotest::finish(loop);
  });
}

TEST_CASE("cancel: sleeping on a closed timer fails at once with ECANCELED") {
  corotest::each_vloop([](ls::Loop& loop) {
    ls::Timer timer(loop);
    timer.close();
    auto t = [&]() -> task<int> {
      try {
        co_await ls::coro::sleep(timer, 1);
      } catch (const ls::coro::error& e) {
        co_return e.code();
      }
      co_return 0;
    };
    CHECK(ls::coro::run(loop, t()) == -ECANCELED);
    corotest::finish(loop);
  });
}

}  // TEST_SUITE
