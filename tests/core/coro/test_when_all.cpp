// when_all(): concurrent branches on their own strands, results in task order, the slowest decides the time,
// the first failure is rethrown after every branch ended.
#include <stdexcept>
#include <string>
#include <vector>

#include "coro_support.h"

namespace {

using ls::coro::task;

task<int> after(ls::Loop& loop, uint64_t ms, int value) {
  co_await ls::coro::sleep(loop, ms);
  co_return value;
}

task<int> value(int v) { co_return v; }

task<void> fail_after(ls::Loop& loop, uint64_t ms, std::string what, int& finished) {
  co_await ls::coro::sleep(loop, ms);
  ++finished;
  if (!what.empty()) throw std::runtime_error(what);
}

}  // namespace

TEST_SUITE("coro") {

TEST_CASE("when_all: results in task order; the time is the slowest branch's") {
  corotest::each_vloop([](ls::Loop& loop) {
    auto main = [&]() -> task<std::vector<int>> {
      std::vector<task<int>> jobs;
      jobs.push_back(after(loop, 30, 1));
      jobs.push_back(after(loop, 10, 2));
      jobs.push_back(after(loop, 20, 3));
      auto r = co_await ls::coro::when_all(std::move(jobs));
      CHECK(loop.now() == 30);
      co_return r;
    };
    CHECK(ls::coro::run(loop, main()) == std::vector<int>{1, 2, 3});
    corotest::finish(loop);
  });
}

TEST_CASE("when_all: every branch runs to its end; the first failure is rethrown") {
  corotest::each_vloop([](ls::Loop& loop) {
    int finished = 0;
    auto main = [&]() -> task<void> {
      std::vector<task<void>> jobs;
      jobs.push_back(fail_after(loop, 5, "", finished));
      jobs.push_back(fail_after(loop, 10, "second", finished));
      jobs.push_back(fail_after(loop, 1, "first", finished));
      co_await ls::coro::when_all(std::move(jobs));
    };
    CHECK_THROWS_WITH_AS(ls::coro::run(loop, main()), "first", std::runtime_error);
    CHECK(finished == 3);
    corotest::finish(loop);
  });
}

TEST_CASE("when_all: branches that complete at once, and no branches at all") {
  auto loop = lstest::vloop<lstest::NullCase>();
  auto main = []() -> task<int> {
    std::vector<task<int>> none;
    auto a = co_await ls::coro::when_all(std::move(none));
    std::vector<task<int>> quick;
    for (int i = 0; i < 3; ++i) quick.push_back(value(i));
    auto b = co_await ls::coro::when_all(std::move(quick));
    co_return static_cast<int>(a.size()) * 100 + b[0] + b[1] + b[2];
  };
  CHECK(ls::coro::run(*loop, main()) == 3);
  corotest::finish(*loop);
}

TEST_CASE("when_all: branches are strands named after the parent") {
  auto loop = lstest::vloop<lstest::NullCase>();
  std::vector<std::string> names;
  auto main = [&]() -> task<void> {
    std::vector<task<int>> jobs;
    jobs.push_back(after(*loop, 1, 0));
    jobs.push_back(after(*loop, 2, 0));
    auto w = ls::coro::when_all(std::move(jobs));
    co_await w;
  };
  ls::coro::spawn(*loop, main(), "gather");
  for (auto& i : ls::coro::inspect(*loop)) names.push_back(i.name);
  CHECK(names == std::vector<std::string>{"gather", "gather/0", "gather/1"});
  loop->run();
  corotest::finish(*loop);
}

}  // TEST_SUITE
