// work(): a function on the thread pool, its value (or exception) at the co_await; cancellation by ls::cancel;
// ENOSYS on a backend without a pool. On both pool backends (real threads, virtual workers).
#include <stdexcept>
#include <string>
#include <vector>

#include "coro_support.h"
#include "io/io_support.h"

namespace {

using ls::coro::task;
namespace coro = ls::coro;

long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

}  // namespace

TEST_SUITE("coro") {

TEST_CASE("work: the function's value, computed on the pool, arrives at the co_await") {
  iotest::for_each_backend([](iotest::Env& env) {
    ls::Loop& loop = env.l();
    auto t = [&]() -> task<long> {
      long a = co_await coro::work(loop, [] { return fib(20); });
      co_await coro::work(loop, [] {});  // void work
      long b = co_await coro::work(loop, [] { return fib(10); }, 2'000'000);
      CHECK(loop.phase() == ls::Phase::Poll);  // resumed from the after callback, in the poll phase
      co_return a + b;
    };
    CHECK(coro::run(loop, t()) == 6765 + 55);
    env.finish();
  });
}

TEST_CASE("work: an exception thrown on the worker is rethrown at the co_await") {
  iotest::for_each_backend([](iotest::Env& env) {
    ls::Loop& loop = env.l();
    auto t = [&]() -> task<std::string> {
      try {
        co_await coro::work(loop, []() -> int { throw std::runtime_error("worker failed"); });
      } catch (const std::runtime_error& e) {
        co_return e.what();
      }
      co_return "no exception";
    };
    CHECK(coro::run(loop, t()) == "worker failed");
    env.finish();
  });
}

TEST_CASE("work: concurrent strands share the pool; results in task order") {
  iotest::for_each_backend([](iotest::Env& env) {
    ls::Loop& loop = env.l();
    auto t = [&]() -> task<std::vector<long>> {
      std::vector<task<long>> jobs;
      for (int i = 0; i < 8; ++i)
        jobs.push_back([](ls::Loop& l, int n) -> task<long> { co_return co_await coro::work(l, [n] { return fib(n); }); }(
            loop, 10 + i));
      co_return co_await coro::when_all(std::move(jobs));
    };
    CHECK(coro::run(loop, t()) == std::vector<long>{55, 89, 144, 233, 377, 610, 987, 1597});
    env.finish();
  });
}

TEST_CASE("work: a request cancelled before a worker took it throws ECANCELED") {
  iotest::only_emulated([](iotest::Env& env) {
    ls::Loop& loop = env.l();
    env.kernel->pool().set_workers(1);
    auto t = [&]() -> task<std::string> {
      std::vector<task<int>> jobs;
      std::string log;
      auto job = [](ls::Loop& l, int v, std::string& out) -> task<int> {
        try {
          co_return co_await coro::work(l, [v] { return v; });
        } catch (const coro::error& e) {
          out += std::string(e.name()) + " ";
          co_return -1;
        }
      };
      jobs.push_back(job(loop, 1, log));  // takes the only worker
      jobs.push_back(job(loop, 2, log));  // queued behind it: cancellable
      auto cancel_second = [](ls::Loop& l) -> task<int> {
        // The queued job's request id: the loop's inspection lists the work requests in flight.
        for (auto& r : l.inspect().requests)
          if (r.type == std::string("work") && ls::cancel(l, r.id) == 0) co_return 0;
        co_return -1;
      };
      jobs.push_back(cancel_second(loop));
      auto r = co_await coro::when_all(std::move(jobs));
      co_return log + std::to_string(r[0]) + "," + std::to_string(r[1]) + "," + std::to_string(r[2]);
    };
    CHECK(coro::run(loop, t()) == "ECANCELED 1,-1,0");
    env.finish();
  });
}

TEST_CASE("work: no pool on the null backend: ENOSYS") {
  auto loop = lstest::vloop<lstest::NullCase>();
  auto t = [&]() -> task<int> {
    try {
      co_await coro::work(*loop, [] { return 1; });
    } catch (const coro::error& e) {
      co_return e.code();
    }
    co_return 0;
  };
  CHECK(coro::run(*loop, t()) == -ENOSYS);
  corotest::finish(*loop);
}

}  // TEST_SUITE
