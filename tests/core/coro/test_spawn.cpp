// spawn() and run(): detached strands start at once, free themselves, and report what escapes them; run()
// gives a result or an exception, and says so when the loop runs out of work first.
#include <stdexcept>
#include <string>
#include <vector>

#include "coro_support.h"

namespace {

using ls::coro::task;

task<void> fail_after(ls::Loop& loop, uint64_t ms, std::string what) {
  co_await ls::coro::sleep(loop, ms);
  throw std::runtime_error(what);
}

}  // namespace

TEST_SUITE("coro") {

TEST_CASE("spawn: runs at once until the first suspension, then on the loop") {
  corotest::each_vloop([](ls::Loop& loop) {
    std::vector<std::string> log;
    auto t = [&]() -> task<void> {
      log.push_back("start");
      co_await ls::coro::sleep(loop, 5);
      log.push_back("after sleep");
    };
    ls::coro::spawn(loop, t(), "t");
    CHECK(log == std::vector<std::string>{"start"});
    CHECK(ls::coro::strands_of(loop).size() == 1);
    loop.run();
    CHECK(log == std::vector<std::string>{"start", "after sleep"});
    CHECK(ls::coro::strands_of(loop).empty());
    corotest::finish(loop);
  });
}

TEST_CASE("spawn: an exception that escapes goes to the handler given") {
  corotest::each_vloop([](ls::Loop& loop) {
    std::vector<std::string> got;
    ls::coro::spawn(loop, fail_after(loop, 3, "late"), "worker",
                    [&](const ls::coro::failure& f) { got.push_back(f.task + ": " + f.message); });
    ls::coro::spawn(loop, fail_after(loop, 0, "early"), "other",
                    [&](const ls::coro::failure& f) { got.push_back(f.task + ": " + f.message); });
    loop.run();
    CHECK(got == std::vector<std::string>{"other: early", "worker: late"});
    CHECK(ls::coro::unhandled_failures().empty());
    corotest::finish(loop);
  });
}

TEST_CASE("spawn: without a handler, the failure is reported, recorded and traced — never lost") {
  auto loop = corotest::emulated_vloop(256);
  ls::coro::clear_unhandled_failures();
  ls::coro::spawn(*loop, fail_after(*loop, 1, "nobody listens"), "lonely");
  loop->run();
  REQUIRE(ls::coro::unhandled_failures().size() == 1);
  const ls::coro::failure& f = ls::coro::unhandled_failures()[0];
  CHECK(f.task == "lonely");
  CHECK(f.message == "nobody listens");
  CHECK_THROWS_AS(std::rethrow_exception(f.error), std::runtime_error);
  bool traced = false;
  for (auto& ev : loop->trace().events())
    if (ev.kind == ls::TraceKind::Output && ev.text.find("task \"lonely\" failed: nobody listens") != std::string::npos)
      traced = true;
  CHECK(traced);
  ls::coro::clear_unhandled_failures();
  corotest::finish(*loop);
}

TEST_CASE("spawn: a task failing before its first suspension is reported too") {
  auto loop = lstest::vloop<lstest::NullCase>();
  int reported = 0;
  auto t = []() -> task<void> {
    throw ls::coro::error(-EPERM);
    co_return;
  };
  ls::coro::spawn(*loop, t(), "sync", [&](const ls::coro::failure& f) {
    ++reported;
    CHECK(f.message == "EPERM: operation not permitted");
  });
  CHECK(reported == 1);
  corotest::finish(*loop);
}

TEST_CASE("run: throws when the loop runs out of work before the task is done") {
  corotest::each_vloop([](ls::Loop& loop) {
    ls::Timer timer(loop);
    auto t = [&]() -> task<void> { co_await ls::coro::sleep(timer, 10); };
    timer.unref();  // an unref'd timer does not keep the loop alive: run() returns at once
    CHECK_THROWS_AS(ls::coro::run(loop, t()), std::runtime_error);
    // The strand is still suspended on the timer: closing it the coroutine way resumes (and ends) it.
    REQUIRE(ls::coro::strands_of(loop).size() == 1);
    ls::coro::close(timer, {});
    loop.run();
    CHECK(ls::coro::strands_of(loop).empty());
    corotest::finish(loop);
  });
}

TEST_CASE("run: refuses to run from inside a callback of the same loop") {
  auto loop = lstest::vloop<lstest::NullCase>();
  ls::Timer timer(*loop);
  bool threw = false;
  timer.start(
      [&](ls::Timer&) {
        try {
          ls::coro::run(*loop, []() -> task<void> { co_return; }());
        } catch (const ls::coro::error& e) {
          threw = e.code() == -EBUSY;
        }
      },
      1);
  loop->run();
  CHECK(threw);
  corotest::finish(*loop);
}

}  // TEST_SUITE
