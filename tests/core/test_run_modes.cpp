// run(Once) / run(NoWait) return values and blocking, in both phase orders (libuv's test-run-once.c,
// test-run-nowait.c, and the 1.45 change of where ONCE/NOWAIT iterations begin).
#include "support.h"

using lstest::Log;

TEST_SUITE("run_modes") {

TEST_CASE_TEMPLATE("run(NoWait) with a timer not due: no callback, no blocking, returns 1", B, LS_BACKENDS) {
  for (ls::Order order : {ls::Order::Modern, ls::Order::Legacy}) {
    auto loop = lstest::vloop<B>(order);
    ls::Timer t(*loop);
    int calls = 0;
    REQUIRE(t.start([&](ls::Timer&) { ++calls; }, 50, 0) == 0);
    CHECK(loop->run(ls::RunMode::NoWait) == 1);
    CHECK(calls == 0);
    CHECK(loop->now() == 0);  // the virtual clock did not jump: NOWAIT never blocks
    lstest::close_clean(*loop);
  }
}

TEST_CASE_TEMPLATE("run(Once) blocks for the next timer and fires it (both orders)", B, LS_BACKENDS) {
  for (ls::Order order : {ls::Order::Modern, ls::Order::Legacy}) {
    CAPTURE(std::string(ls::to_string(order)));
    auto loop = lstest::vloop<B>(order);
    ls::Timer t(*loop);
    int calls = 0;
    REQUIRE(t.start([&](ls::Timer&) { ++calls; }, 50, 0) == 0);
    CHECK(loop->run(ls::RunMode::Once) == 0);  // modern: timers at the end; legacy: the ONCE timers pass
    CHECK(calls == 1);
    CHECK(loop->now() == 50);
    CHECK(loop->iteration() == 1);
    lstest::close_clean(*loop);
  }
}

TEST_CASE_TEMPLATE("run_once with idle: one iteration per call, idle runs each time", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Idle idle(*loop);
  int calls = 0;
  REQUIRE(idle.start([&](ls::Idle& self) {
    if (++calls == 5) self.stop();
  }) == 0);
  int r;
  int runs = 0;
  do {
    r = loop->run(ls::RunMode::Once);
    ++runs;
  } while (r != 0);
  CHECK(calls == 5);
  CHECK(runs == 5);
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("run(Once) with pending work at the start of the iteration does not block", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>(ls::Order::Modern, 200);
  ls::Timer t(*loop);
  REQUIRE(t.start([](ls::Timer&) {}, 50, 0) == 0);
  int ran = 0;
  struct Ctx {
    int* ran;
  } ctx{&ran};
  ls::PendingEntry e([](ls::PendingEntry& pe) { ++*static_cast<Ctx*>(pe.data)->ran; }, nullptr, &ctx);
  loop->feed(e);
  CHECK(loop->run(ls::RunMode::Once) == 1);
  CHECK(ran == 1);
  CHECK(loop->now() == 0);  // a DEFAULT run would have waited 50 ms here
  std::string reason;
  for (const auto& ev : loop->trace().events())
    if (ev.kind == ls::TraceKind::PollTimeout) reason = ev.text;
  CHECK(reason == "once_busy");
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("modern DEFAULT runs due timers before the first iteration; ONCE does not", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>(ls::Order::Modern);
  ls::Timer t(*loop);
  ls::Idle idle(*loop);
  Log log;
  REQUIRE(t.start([&](ls::Timer&) { log("timer"); }, 0, 0) == 0);
  REQUIRE(idle.start([&](ls::Idle& self) {
    log("idle");
    self.stop();
  }) == 0);
  CHECK(loop->run(ls::RunMode::Once) == 0);
  CHECK(log.str() == "idle timer");
  log.v.clear();
  REQUIRE(t.start([&](ls::Timer&) { log("timer"); }, 0, 0) == 0);
  REQUIRE(idle.start([&](ls::Idle& self) {
    log("idle");
    self.stop();
  }) == 0);
  CHECK(loop->run(ls::RunMode::Default) == 0);
  CHECK(log.str() == "timer idle");
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("legacy order: timers first in every iteration, in every mode", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>(ls::Order::Legacy);
  ls::Timer t(*loop);
  ls::Idle idle(*loop);
  Log log;
  REQUIRE(t.start([&](ls::Timer&) { log("timer"); }, 0, 0) == 0);
  REQUIRE(idle.start([&](ls::Idle& self) {
    log("idle");
    self.stop();
  }) == 0);
  CHECK(loop->run(ls::RunMode::Once) == 0);
  CHECK(log.str() == "timer idle");
  lstest::close_clean(*loop);
}

}  // TEST_SUITE
