// task<T>: laziness, results, move-only ownership, exceptions to the awaiter, and symmetric transfer (100 000
// synchronously completing awaits, and a 100 000 deep chain, without growing the stack).
#include <stdexcept>
#include <string>
#include <vector>

#include "coro_support.h"

namespace {

using ls::coro::task;

task<int> answer() { co_return 42; }

task<std::string> greet(std::string who) { co_return "hello " + who; }

task<int> add(int a, int b) {
  int x = co_await answer();
  co_return x + a + b;
}

task<int> one() { co_return 1; }

task<long> sum_many(int n) {
  long s = 0;
  for (int i = 0; i < n; ++i) s += co_await one();
  co_return s;
}

task<long> deep(int n) {
  if (n == 0) co_return 0;
  co_return 1 + co_await deep(n - 1);
}

task<void> fails() {
  throw std::runtime_error("boom");
  co_return;
}

task<int> rethrows_through() {
  co_await fails();
  co_return 1;  // never reached
}

task<int> catches() {
  try {
    co_await fails();
  } catch (const std::runtime_error& e) {
    co_return std::string(e.what()) == "boom" ? 7 : -1;
  }
  co_return -2;
}

}  // namespace

TEST_SUITE("coro") {

TEST_CASE("task: a result reaches the awaiter, through several levels") {
  auto loop = lstest::vloop<lstest::NullCase>();
  CHECK(ls::coro::run(*loop, answer()) == 42);
  CHECK(ls::coro::run(*loop, add(1, 2)) == 45);
  CHECK(ls::coro::run(*loop, greet("loop")) == "hello loop");
  corotest::finish(*loop);
}

TEST_CASE("task: lazy — the body starts only when awaited") {
  auto loop = lstest::vloop<lstest::NullCase>();
  int started = 0;
  auto body = [&started]() -> task<int> {
    ++started;
    co_return started;
  };
  task<int> t = body();
  CHECK(started == 0);
  CHECK_FALSE(t.done());
  auto outer = [&t]() -> task<int> { co_return co_await t; };
  CHECK(ls::coro::run(*loop, outer()) == 1);
  CHECK(started == 1);
  CHECK(t.done());
  corotest::finish(*loop);
}

TEST_CASE("task: move-only; an unstarted task is destroyed with its owner") {
  static_assert(!std::is_copy_constructible_v<task<int>>);
  static_assert(std::is_nothrow_move_constructible_v<task<int>>);
  int destroyed = 0;
  struct Probe {
    int* n;
    ~Probe() { ++*n; }
  };
  auto body = [](Probe) -> task<void> { co_return; };
  {
    task<void> a = body(Probe{&destroyed});
    task<void> b = std::move(a);
    CHECK_FALSE(a.valid());
    CHECK(b.valid());
  }
  CHECK(destroyed >= 1);  // the frame's copy of the parameter went with the frame (ASan checks the rest)
}

TEST_CASE("task: an lvalue await keeps the result, so a second await gets it again") {
  auto loop = lstest::vloop<lstest::NullCase>();
  auto outer = []() -> task<std::string> {
    task<std::string> t = greet("twice");
    std::string a = co_await t;
    std::string b = co_await t;
    co_return a + "|" + b;
  };
  CHECK(ls::coro::run(*loop, outer()) == "hello twice|hello twice");
  corotest::finish(*loop);
}

TEST_CASE("task: exceptions propagate to the awaiter and out of run()") {
  auto loop = lstest::vloop<lstest::NullCase>();
  CHECK_THROWS_WITH_AS(ls::coro::run(*loop, rethrows_through()), "boom", std::runtime_error);
  CHECK(ls::coro::run(*loop, catches()) == 7);
  corotest::finish(*loop);
}

TEST_CASE("task: awaiting an empty task is a logic error") {
  auto loop = lstest::vloop<lstest::NullCase>();
  auto outer = []() -> task<int> {
    task<int> a = answer();
    task<int> b = std::move(a);
    co_return co_await a;  // moved from
  };
  CHECK_THROWS_AS(ls::coro::run(*loop, outer()), std::logic_error);
  corotest::finish(*loop);
}

TEST_CASE("task: 100000 synchronously completing awaits do not grow the stack") {
  auto loop = lstest::vloop<lstest::NullCase>();
  CHECK(ls::coro::run(*loop, sum_many(100000)) == 100000);
  corotest::finish(*loop);
}

// With symmetric transfer (clang, em++) a chain of tasks awaiting each other costs no stack at all; under g++'s
// protocol (task.h) it nests like the same number of plain function calls, so it is kept to a plain depth there.
TEST_CASE("task: a deep chain of tasks awaiting each other starts and completes") {
  constexpr int kDepth = LS_CORO_SYMMETRIC_TRANSFER ? 100000 : 1000;
  auto loop = lstest::vloop<lstest::NullCase>();
  CHECK(ls::coro::run(*loop, deep(kDepth)) == kDepth);
  corotest::finish(*loop);
}

// The g++ protocol's other path: a task that suspends on the loop resumes its awaiter when it finishes.
TEST_CASE("task: a task finishing later (on the loop) resumes its awaiter, 10000 times in a row") {
  auto loop = lstest::vloop<lstest::NullCase>();
  auto later = [](ls::Loop& l) -> task<int> {
    co_await ls::coro::sleep(l, 0);
    co_return 1;
  };
  auto outer = [&]() -> task<int> {
    int s = 0;
    for (int i = 0; i < 10000; ++i) s += co_await later(*loop);
    co_return s;
  };
  CHECK(ls::coro::run(*loop, outer()) == 10000);
  corotest::finish(*loop);
}

}  // TEST_SUITE
