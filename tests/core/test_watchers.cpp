// Idle / prepare / check, modelled on libuv's test-loop-handles.c, test-queue-foreach-delete.c, test-idle.c.
#include "support.h"

using lstest::Log;

TEST_SUITE("watchers") {

template <class W>
void lifo_order_case(ls::Loop& loop) {
  W a(loop), b(loop), c(loop);
  ls::Idle spin(loop);  // keeps the loop from blocking while the watchers run
  Log log;
  int rounds = 0;
  REQUIRE(spin.start([&](ls::Idle&) {}) == 0);
  REQUIRE(a.start([&](W&) { log("a"); }) == 0);
  REQUIRE(b.start([&](W&) { log("b"); }) == 0);
  REQUIRE(c.start([&](W&) {
    log("c");
    if (++rounds == 2) {
      a.stop();
      b.stop();
      c.stop();
      spin.stop();
    }
  }) == 0);
  CHECK(loop.run() == 0);
  // libuv inserts at the head: the last started runs first, and the order holds from pass to pass.
  CHECK(log.str() == "c b a c");
  CHECK(rounds == 2);
  // The handles live on this stack frame: close them before it goes.
  loop.walk([](ls::Handle& h) { h.close(); });
  CHECK(loop.run() == 0);
}

TEST_CASE_TEMPLATE("idle/prepare/check run in libuv's (LIFO) insertion order", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  SUBCASE("idle") { lifo_order_case<ls::Idle>(*loop); }
  SUBCASE("prepare") { lifo_order_case<ls::Prepare>(*loop); }
  SUBCASE("check") { lifo_order_case<ls::Check>(*loop); }
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("queue_foreach_delete: a callback that stops itself and the next handle", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Idle h1(*loop), h2(*loop), h3(*loop);
  Log log;
  // Started 1, 2, 3 -> run order 3, 2, 1. Handle 3 stops itself and handle 2: 2 must not run in this pass.
  REQUIRE(h1.start([&](ls::Idle& h) {
    log("1");
    h.stop();
  }) == 0);
  REQUIRE(h2.start([&](ls::Idle&) { log("2"); }) == 0);
  REQUIRE(h3.start([&](ls::Idle& h) {
    log("3");
    h.stop();
    h2.stop();
  }) == 0);
  CHECK(loop->run() == 0);
  CHECK(log.str() == "3 1");
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("a watcher started during a pass runs from the next pass", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Check first(*loop), second(*loop);
  ls::Idle spin(*loop);
  std::vector<uint64_t> second_ran;
  REQUIRE(spin.start([](ls::Idle&) {}) == 0);
  REQUIRE(first.start([&](ls::Check& self) {
    second.start([&](ls::Check& s) {
      second_ran.push_back(loop->iteration());
      s.stop();
      spin.stop();
    });
    self.stop();
  }) == 0);
  CHECK(loop->run() == 0);
  REQUIRE(second_ran.size() == 1);
  CHECK(second_ran[0] == 2);
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("idle_starvation: an active idle handle does not starve a timer or check", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Idle idle(*loop);
  ls::Check check(*loop);
  ls::Timer timer(*loop);
  uint64_t idle_calls = 0, check_calls = 0;
  bool timer_fired = false;
  REQUIRE(idle.start([&](ls::Idle&) { ++idle_calls; }) == 0);
  REQUIRE(check.start([&](ls::Check&) { ++check_calls; }) == 0);
  REQUIRE(timer.start([&](ls::Timer&) {
    timer_fired = true;
    idle.stop();
    check.stop();
  }, 30, 0) == 0);
  CHECK(loop->run() == 0);
  CHECK(timer_fired);
  CHECK(loop->now() >= 30);
  // Time only moved through the cost model: 1 us per iteration + 0.5 us per callback, 2 callbacks an iteration.
  CHECK(idle_calls > 10000);
  CHECK(idle_calls < 20000);
  CHECK(check_calls == idle_calls);
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("watcher start/stop edge cases", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Prepare p(*loop);
  CHECK(p.start({}) == -EINVAL);
  CHECK(p.stop() == 0);  // stopping an inactive handle is fine
  int first = 0, second = 0;
  REQUIRE(p.start([&](ls::Prepare& self) {
    ++first;
    self.stop();
  }) == 0);
  CHECK(p.start([&](ls::Prepare&) { ++second; }) == 0);  // already active: keeps its callback (libuv)
  CHECK(p.is_active());
  ls::Idle spin(*loop);
  REQUIRE(spin.start([](ls::Idle& s) { s.stop(); }) == 0);
  CHECK(loop->run() == 0);
  CHECK(first == 1);
  CHECK(second == 0);
  REQUIRE(p.close() == 0);
  CHECK(p.start([](ls::Prepare&) {}) == -EINVAL);
  lstest::close_clean(*loop);
}

}  // TEST_SUITE
