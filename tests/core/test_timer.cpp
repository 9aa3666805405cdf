// Timer semantics, modelled on libuv's test-timer.c / test-timer-again.c / test-timer-from-check.c. Every test
// runs on each backend with the virtual clock and no fd watched.
#include <climits>

#include "support.h"

using lstest::Log;

TEST_SUITE("timer") {

TEST_CASE_TEMPLATE("timer_order: equal timeouts fire in start order, both ways", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Timer a(*loop), b(*loop);
  Log log;
  REQUIRE(a.start([&](ls::Timer&) { log("a"); }, 0, 0) == 0);
  REQUIRE(b.start([&](ls::Timer&) { log("b"); }, 0, 0) == 0);
  CHECK(loop->run() == 0);
  CHECK(log.str() == "a b");

  log.v.clear();
  REQUIRE(b.start([&](ls::Timer&) { log("b"); }, 0, 0) == 0);
  REQUIRE(a.start([&](ls::Timer&) { log("a"); }, 0, 0) == 0);
  CHECK(loop->run() == 0);
  CHECK(log.str() == "b a");
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("timer_zero_timeout: re-armed at 0 ms in its callback + stop -> exactly one call", B, LS_BACKENDS) {
  for (ls::Order order : {ls::Order::Modern, ls::Order::Legacy}) {
    CAPTURE(std::string(ls::to_string(order)));
    auto loop = lstest::vloop<B>(order);
    ls::Timer t(*loop);
    int calls = 0;
    std::function<void(ls::Timer&)> cb = [&](ls::Timer& self) {
      ++calls;
      CHECK(self.start(cb, 0, 0) == 0);
      loop->stop();
    };
    REQUIRE(t.start(cb, 0, 0) == 0);
    CHECK(loop->run() == 1);  // stopped with the re-armed timer still active
    CHECK(calls == 1);
    lstest::close_clean(*loop);
  }
}

TEST_CASE_TEMPLATE("timer_no_double_call_once / nowait: an overdue repeat timer fires once per run", B, LS_BACKENDS) {
  for (ls::RunMode mode : {ls::RunMode::Once, ls::RunMode::NoWait}) {
    CAPTURE(std::string(ls::to_string(mode)));
    auto loop = lstest::vloop<B>();
    ls::Timer t(*loop);
    int calls = 0;
    REQUIRE(t.start([&](ls::Timer&) { ++calls; }, 10, 10) == 0);
    loop->sleep(100);  // ten periods overdue
    CHECK(loop->run(mode) == 1);
    CHECK(calls == 1);
    CHECK(t.due() == loop->now() + 10);  // re-armed relative to now, not to the missed due time
    CHECK(loop->run(mode) == 1);
    CHECK(calls <= 2);
    lstest::close_clean(*loop);
  }
}

TEST_CASE_TEMPLATE("timer_huge_timeout: now + timeout saturates, poll timeout clamps to INT_MAX", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Timer huge1(*loop), huge2(*loop), tiny(*loop);
  REQUIRE(huge1.start([](ls::Timer&) { FAIL("huge1 fired"); }, 0xffffffffffffULL, 0) == 0);
  REQUIRE(huge2.start([](ls::Timer&) { FAIL("huge2 fired"); }, UINT64_MAX, 0) == 0);
  CHECK(huge1.due() == loop->now() + 0xffffffffffffULL);
  CHECK(huge2.due() == UINT64_MAX);
  CHECK(loop->backend_timeout() == INT_MAX);
  CHECK(loop->backend_timeout_reason() == ls::TimeoutReason::Timer);
  int tiny_calls = 0;
  REQUIRE(tiny.start([&](ls::Timer&) {
    ++tiny_calls;
    huge1.close();
    huge2.close();
    tiny.close();
  }, 1, 0) == 0);
  CHECK(loop->run() == 0);
  CHECK(tiny_calls == 1);
  CHECK(loop->close() == 0);
}

TEST_CASE_TEMPLATE("timer_huge_repeat: a UINT64_MAX repeat fires once", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Timer huge(*loop), tiny(*loop);
  int huge_calls = 0, tiny_calls = 0;
  REQUIRE(huge.start([&](ls::Timer&) { ++huge_calls; }, 2, UINT64_MAX) == 0);
  REQUIRE(tiny.start([&](ls::Timer&) {
    if (++tiny_calls == 10) {
      tiny.close();
      huge.close();
    }
  }, 2, 2) == 0);
  CHECK(loop->run() == 0);
  CHECK(huge_calls == 1);
  CHECK(tiny_calls == 10);
  CHECK(loop->close() == 0);
}

TEST_CASE_TEMPLATE("timer_early_check: a timer never fires before its due time (virtual clock)", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  std::vector<std::unique_ptr<ls::Timer>> timers;
  int fired = 0;
  for (uint64_t timeout : {1u, 2u, 7u, 10u, 33u, 100u, 999u}) {
    timers.push_back(std::make_unique<ls::Timer>(*loop));
    uint64_t expected = loop->now() + timeout;
    timers.back()->start([&, expected](ls::Timer&) {
      ++fired;
      CHECK(loop->hrtime() / 1000000 >= expected);
      CHECK(loop->now() >= expected);
    }, timeout, 0);
    loop->charge(300000);  // some time passes between starts (0.3 ms): now() stays cached
  }
  CHECK(loop->run() == 0);
  CHECK(fired == 7);
  lstest::close_clean(*loop);
}

TEST_CASE("timer_early_check: monotonic clock, real time") {
  ls::Loop loop(lstest::options(ls::make_null_backend(), ls::ClockKind::Monotonic));
  ls::Timer t(loop);
  uint64_t expected = loop.now() + 10;
  int fired = 0;
  REQUIRE(t.start([&](ls::Timer&) {
    ++fired;
    CHECK(loop.hrtime() / 1000000 >= expected);
  }, 10, 0) == 0);
  CHECK(loop.run() == 0);
  CHECK(fired == 1);
  lstest::close_clean(loop);
}

TEST_CASE_TEMPLATE("clock jump forward: each due timer fires once, in order; repeats do not burst", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Timer first(*loop), rep(*loop), later(*loop);
  Log log;
  REQUIRE(rep.start([&](ls::Timer&) { log("rep@" + std::to_string(loop->now())); }, 20, 5) == 0);
  REQUIRE(later.start([&](ls::Timer&) { log("later@" + std::to_string(loop->now())); }, 30, 0) == 0);
  REQUIRE(first.start([&](ls::Timer&) {
    log("first@" + std::to_string(loop->now()));
    loop->charge(3600ULL * 1000000000ULL);  // the clock jumps an hour inside a callback
  }, 10, 0) == 0);
  CHECK(loop->run(ls::RunMode::Once) == 1);  // fires `first` at 10
  CHECK(loop->run(ls::RunMode::Once) == 1);  // after the jump: rep and later, once each
  CHECK(log.str() == "first@10 rep@3600010 later@3600010");
  CHECK(rep.due() == 3600015);  // re-armed relative to the new now
  CHECK(loop->run(ls::RunMode::Once) == 1);
  CHECK(log.v.back() == "rep@3600015");
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("timer_from_check: started in check, fires in the same iteration (modern) or the next (legacy)",
                   B, LS_BACKENDS) {
  for (ls::Order order : {ls::Order::Modern, ls::Order::Legacy}) {
    CAPTURE(std::string(ls::to_string(order)));
    auto loop = lstest::vloop<B>(order);
    ls::Check check(*loop);
    ls::Prepare prepare(*loop);
    ls::Idle idle(*loop);  // keeps the poll from blocking (there is no timer until the check starts one)
    ls::Timer t(*loop);
    uint64_t started_in = 0, fired_in = 0;
    int prepare_calls = 0;
    REQUIRE(idle.start([](ls::Idle&) {}) == 0);
    REQUIRE(prepare.start([&](ls::Prepare&) { ++prepare_calls; }) == 0);
    REQUIRE(check.start([&](ls::Check& c) {
      started_in = loop->iteration();
      CHECK(t.start([&](ls::Timer&) {
        fired_in = loop->iteration();
        prepare.stop();
        idle.stop();
      }, 0, 0) == 0);
      c.stop();
    }) == 0);
    CHECK(loop->run() == 0);
    CHECK(started_in == 1);
    CHECK(fired_in == (order == ls::Order::Modern ? 1u : 2u));
    CHECK(prepare_calls == 1);  // legacy: the timer (start of iteration 2) stops prepare before it runs again
    lstest::close_clean(*loop);
  }
}

TEST_CASE_TEMPLATE("timer again / repeat / due_in", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Timer t(*loop);
  CHECK(t.again() == -EINVAL);  // never started
  CHECK(t.repeat() == 0);
  t.set_repeat(7);
  CHECK(t.repeat() == 7);
  int calls = 0;
  REQUIRE(t.start([&](ls::Timer& self) {
    if (++calls == 3) self.stop();
  }, 50, 0) == 0);
  CHECK(t.repeat() == 0);  // start() sets repeat
  CHECK(t.due_in() == 50);
  t.set_repeat(20);
  CHECK(t.again() == 0);  // restarts with the repeat as timeout
  CHECK(t.due_in() == 20);
  CHECK(t.is_active());
  CHECK(loop->run() == 0);
  CHECK(calls == 3);
  CHECK(loop->now() == 60);
  CHECK(t.due_in() == 20);  // re-armed before the callback stopped it: due stays 80 (libuv keeps it too)
  t.set_repeat(0);
  CHECK(t.again() == 0);  // repeat 0: nothing to restart
  CHECK_FALSE(t.is_active());
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("a timer stopped or restarted by an earlier callback of the same pass does not run", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Timer a(*loop), b(*loop), c(*loop);
  Log log;
  REQUIRE(a.start([&](ls::Timer&) {
    log("a");
    b.stop();
    c.start([&](ls::Timer&) { log("c2"); }, 0, 0);  // due now, but started during the pass: next pass
  }, 5, 0) == 0);
  REQUIRE(b.start([&](ls::Timer&) { log("b"); }, 5, 0) == 0);
  REQUIRE(c.start([&](ls::Timer&) { log("c"); }, 5, 0) == 0);
  CHECK(loop->run(ls::RunMode::Once) == 1);
  CHECK(log.str() == "a");
  CHECK(loop->run() == 0);
  CHECK(log.str() == "a c2");
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("a timer may replace its callback from inside that callback (the running closure survives)", B,
                   LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Timer t(*loop);
  auto payload = std::make_shared<std::string>("still here");
  std::string seen;
  int second = 0;
  REQUIRE(t.start([&, payload](ls::Timer& self) {
    self.start([&](ls::Timer&) { ++second; }, 1, 0);
    seen = *payload;  // the closure's own capture, read after start() replaced the callback
  }, 0, 0) == 0);
  CHECK(loop->run() == 0);
  CHECK(seen == "still here");
  CHECK(second == 1);
  CHECK(payload.use_count() == 1);  // the old closure was released once its dispatch returned
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("timer start: -EINVAL when closing or without a callback", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Timer t(*loop);
  CHECK(t.start({}, 1, 0) == -EINVAL);
  CHECK_FALSE(t.is_active());
  REQUIRE(t.close() == 0);
  CHECK(t.start([](ls::Timer&) {}, 1, 0) == -EINVAL);
  CHECK_FALSE(t.is_active());
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("timer start without a callback re-arms with the one it has; -EINVAL before any", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Timer t(*loop);
  CHECK(t.start(5) == -EINVAL);
  CHECK_FALSE(t.is_active());
  std::vector<uint64_t> fired_at;
  auto payload = std::make_shared<int>(0);
  REQUIRE(t.start([&, payload](ls::Timer& self) {
    fired_at.push_back(loop->now());
    if (fired_at.size() < 3) CHECK(self.start(10) == 0);  // from its own callback: the same closure runs again
  }, 5) == 0);
  CHECK(loop->run() == 0);
  CHECK(fired_at == std::vector<uint64_t>{5, 15, 25});
  CHECK(payload.use_count() == 2);  // kept: start(ms) replaced nothing
  REQUIRE(t.close() == 0);
  CHECK(t.start(1) == -EINVAL);
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("timer_no_run_on_unref: an unref'd timer alone does not keep the loop alive", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Timer t(*loop);
  REQUIRE(t.start([](ls::Timer&) { FAIL("unref'd timer fired"); }, 0, 0) == 0);
  t.unref();
  CHECK(loop->run() == 0);
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("heap: many timers with scrambled due times fire in (due, start) order", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  const int n = 5000;
  std::vector<std::unique_ptr<ls::Timer>> timers;
  std::vector<std::pair<uint64_t, int>> fired;
  uint32_t rng = 12345;
  for (int i = 0; i < n; ++i) {
    rng = rng * 1103515245 + 12345;
    uint64_t timeout = (rng >> 16) % 100;
    timers.push_back(std::make_unique<ls::Timer>(*loop));
    timers.back()->start([&, i](ls::Timer&) { fired.emplace_back(loop->now(), i); }, timeout, 0);
  }
  for (int i = 0; i < n; i += 7) timers[i]->stop();  // removal from the middle of the heap
  CHECK(loop->run() == 0);
  CHECK(fired.size() == static_cast<size_t>(n - (n + 6) / 7));
  for (size_t k = 1; k < fired.size(); ++k) {
    bool ordered = fired[k - 1].first < fired[k].first ||
                   (fired[k - 1].first == fired[k].first && fired[k - 1].second < fired[k].second);
    if (!ordered) FAIL_CHECK("out of order at " << k);
  }
  for (auto& [now, i] : fired) CHECK(i % 7 != 0);
  lstest::close_clean(*loop);
}

}  // TEST_SUITE
