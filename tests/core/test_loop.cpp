// Loop-level rules: alive, stop, re-entry, close, backend_timeout and its reason, time, pending queue and the
// post-poll re-drain, stalls. Modelled on libuv's test-loop-alive.c, test-loop-stop.c, test-loop-close.c,
// test-loop-time.c, test-run-once.c.
#include <climits>
#include <stdexcept>

#include "support.h"

using lstest::Log;

namespace {

// A pending-queue client, as a stream's write completion will be: feeds itself `more` more times.
struct Feeder {
  Feeder(ls::Loop& l, int more) : loop(l), more(more) {}
  ls::Loop& loop;
  int more;
  int runs = 0;
  ls::PendingEntry entry{&Feeder::run, nullptr, this};
  static void run(ls::PendingEntry& e) {
    auto* f = static_cast<Feeder*>(e.data);
    ++f->runs;
    if (f->more-- > 0) f->loop.feed(e);
  }
};

// A backend that can never wake up on its own: with nothing to wait for, the loop must report a stall.
class InertBackend final : public ls::Backend {
 public:
  const char* name() const override { return "inert"; }
  int add(int, int) override { return -ENOSYS; }
  int modify(int, int) override { return -ENOSYS; }
  int remove(int) override { return -ENOSYS; }
  int poll(int, std::vector<ls::ReadyEvent>&) override { return 0; }
  void wakeup() override {}
  bool can_block() const override { return false; }
};

}  // namespace

TEST_SUITE("loop") {

TEST_CASE_TEMPLATE("loop_alive", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  CHECK_FALSE(loop->alive());
  CHECK(loop->run() == 0);
  ls::Timer t(*loop);
  REQUIRE(t.start([](ls::Timer&) {}, 1, 0) == 0);
  CHECK(loop->alive());
  CHECK(loop->run() == 0);
  CHECK_FALSE(loop->alive());
  t.close();
  CHECK(loop->alive());  // closing handles count
  CHECK(loop->run() == 0);
  CHECK_FALSE(loop->alive());
  CHECK(loop->close() == 0);
}

TEST_CASE_TEMPLATE("loop_stop_before_run: nothing runs, not even a due timer", B, LS_BACKENDS) {
  for (ls::Order order : {ls::Order::Modern, ls::Order::Legacy}) {
    auto loop = lstest::vloop<B>(order);
    ls::Timer t(*loop);
    REQUIRE(t.start([](ls::Timer&) { FAIL("timer ran after stop()"); }, 0, 0) == 0);
    loop->stop();
    CHECK(loop->run() == 1);
    CHECK(loop->iteration() == 0);
    t.stop();
    lstest::close_clean(*loop);  // the stop flag was cleared: this run proceeds normally
  }
}

TEST_CASE_TEMPLATE("loop_stop inside a callback: run returns after the current iteration", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Idle idle(*loop);
  ls::Check check(*loop);
  int idles = 0, checks = 0;
  REQUIRE(idle.start([&](ls::Idle&) {
    if (++idles == 10) loop->stop();
  }) == 0);
  REQUIRE(check.start([&](ls::Check&) { ++checks; }) == 0);
  CHECK(loop->run() == 1);
  CHECK(idles == 10);
  CHECK(checks == 10);  // the iteration that called stop() still ran its check phase
  CHECK(loop->run(ls::RunMode::NoWait) == 1);
  CHECK(idles == 11);
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("run is not re-entrant: -EBUSY with a clear message", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Timer t(*loop);
  int nested = 0;
  ls::StepResult nested_step;
  REQUIRE(t.start([&](ls::Timer&) {
    nested = loop->run();
    nested_step = loop->step(ls::StepKind::Callback);
    CHECK(loop->running());
    CHECK(loop->in_callback());
    CHECK(loop->mode() == ls::RunMode::Default);
  }, 1, 0) == 0);
  CHECK_FALSE(loop->running());
  CHECK_FALSE(loop->in_callback());
  CHECK(loop->run() == 0);
  CHECK(nested == -EBUSY);
  CHECK(nested_step.error == -EBUSY);
  CHECK(loop->last_error().find("re-entrant") != std::string::npos);
  CHECK_FALSE(loop->running());
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("an exception from a callback leaves the run resumable", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Timer a(*loop), b(*loop);
  lstest::Log log;
  REQUIRE(a.start([&](ls::Timer&) {
    log("a");
    throw std::runtime_error("boom");
  }, 1, 0) == 0);
  REQUIRE(b.start([&](ls::Timer&) { log("b"); }, 1, 0) == 0);
  CHECK_THROWS_AS(loop->run(), std::runtime_error);
  CHECK(loop->running());  // paused inside the timers phase, after `a`
  CHECK(loop->run() == 0);  // continues with `b`, not a new run
  CHECK(log.str() == "a b");
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("loop_close: -EBUSY while handles or requests are alive", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  {
    ls::Timer t(*loop);  // inactive, but a handle all the same
    CHECK(loop->close() == -EBUSY);
    t.close();
    CHECK(loop->close() == -EBUSY);  // closing, not yet closed
    CHECK(loop->run() == 0);
  }
  loop->req_register();
  CHECK(loop->close() == -EBUSY);
  loop->req_unregister();
  CHECK(loop->close() == 0);
}

TEST_CASE_TEMPLATE("backend_timeout and its reason", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  CHECK(loop->backend_timeout() == 0);
  CHECK(loop->backend_timeout_reason() == ls::TimeoutReason::NoActiveHandles);

  ls::Timer t(*loop);
  REQUIRE(t.start([](ls::Timer&) {}, 100, 0) == 0);
  CHECK(loop->backend_timeout() == 100);
  CHECK(loop->backend_timeout_reason() == ls::TimeoutReason::Timer);
  loop->charge(150 * 1000000ULL);
  loop->update_time();
  CHECK(loop->backend_timeout() == 0);
  CHECK(loop->backend_timeout_reason() == ls::TimeoutReason::TimerDue);
  REQUIRE(t.start([](ls::Timer&) {}, 1ULL << 40, 0) == 0);
  CHECK(loop->backend_timeout() == INT_MAX);

  ls::Async a(*loop, [](ls::Async&) {});
  t.stop();
  CHECK(loop->backend_timeout() == -1);
  CHECK(loop->backend_timeout_reason() == ls::TimeoutReason::NoTimers);

  ls::Idle idle(*loop);
  REQUIRE(idle.start([](ls::Idle&) {}) == 0);
  CHECK(loop->backend_timeout_reason() == ls::TimeoutReason::Idle);
  idle.stop();

  Feeder f(*loop, 0);
  loop->feed(f.entry);
  loop->feed(f.entry);  // feeding twice queues once
  CHECK(loop->backend_timeout_reason() == ls::TimeoutReason::Pending);
  loop->unfeed(f.entry);

  t.close();
  CHECK(loop->backend_timeout_reason() == ls::TimeoutReason::Closing);
  CHECK(loop->run(ls::RunMode::NoWait) == 1);

  loop->stop();
  CHECK(loop->backend_timeout() == 0);
  CHECK(loop->backend_timeout_reason() == ls::TimeoutReason::Stopped);
  CHECK(loop->run() == 1);  // consumes the stop
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("now is cached; update_time, hrtime, charge and sleep on the virtual clock", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  CHECK(loop->now() == 0);
  CHECK(loop->hrtime() == 0);
  loop->charge(2500000);
  CHECK(loop->hrtime() == 2500000);
  CHECK(loop->now() == 0);  // cached until update_time
  loop->update_time();
  CHECK(loop->now() == 2);
  loop->sleep(40);
  CHECK(loop->hrtime() == 42500000);
  CHECK(loop->now() == 2);
  loop->update_time();
  CHECK(loop->now() == 42);
  CHECK(loop->close() == 0);
}

TEST_CASE_TEMPLATE("pending queue: runs next iteration; the post-poll re-drain runs at most 8 passes", B, LS_BACKENDS) {
  for (ls::Order order : {ls::Order::Modern, ls::Order::Legacy}) {
    auto loop = lstest::vloop<B>(order);
    Feeder f(*loop, 20);  // re-feeds itself 20 times
    loop->feed(f.entry);
    CHECK(loop->alive());  // a pending callback keeps the loop alive
    CHECK(loop->run(ls::RunMode::Once) == 1);
    CHECK(f.runs == 9);  // the pending phase, then 8 re-drain passes after poll
    CHECK(loop->run(ls::RunMode::Once) == 1);
    CHECK(f.runs == 18);
    CHECK(loop->run() == 0);
    CHECK(f.runs == 21);
    lstest::close_clean(*loop);
  }
}

TEST_CASE("stall: no timer, no fd and a backend that can never wake: the run ends with a message") {
  ls::Loop loop(lstest::options(std::make_unique<InertBackend>(), ls::ClockKind::Virtual, ls::Order::Modern, 100));
  ls::Async a(loop, [](ls::Async&) {});
  CHECK(loop.run() == 1);
  CHECK(loop.last_error().find("wait forever") != std::string::npos);
  bool saw = false;
  for (const auto& ev : loop.trace().events()) saw = saw || ev.kind == ls::TraceKind::Stall;
  CHECK(saw);
  lstest::close_clean(loop);
}

TEST_CASE_TEMPLATE("modern vs legacy order: the phases of one DEFAULT iteration", B, LS_BACKENDS) {
  for (ls::Order order : {ls::Order::Modern, ls::Order::Legacy}) {
    auto loop = lstest::vloop<B>(order, 1000);
    ls::Timer t(*loop);
    REQUIRE(t.start([](ls::Timer&) {}, 0, 0) == 0);
    CHECK(loop->run() == 0);
    std::string phases;
    for (const auto& ev : loop->trace().events())
      if (ev.kind == ls::TraceKind::PhaseEnter) phases += std::string(phases.empty() ? "" : " ") + ls::to_string(ev.phase);
    if (order == ls::Order::Modern) {
      // The pre-loop timers pass fires the timer; one iteration follows, ending with timers.
      CHECK(phases == "timers pending idle prepare poll check closing timers");
    } else {
      CHECK(phases == "timers pending idle prepare poll check closing");
    }
    lstest::close_clean(*loop);
  }
}

}  // TEST_SUITE
