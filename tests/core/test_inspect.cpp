// Loop::inspect(): what the UI's panels read.
#include "support.h"

TEST_SUITE("inspect") {

TEST_CASE_TEMPLATE("snapshot: handles, timers in firing order, alive inputs, phase", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Timer t1(*loop), t2(*loop), t3(*loop);
  ls::Idle idle(*loop);
  REQUIRE(t1.start([](ls::Timer&) {}, 30, 0) == 0);
  REQUIRE(t2.start([](ls::Timer&) {}, 10, 5) == 0);
  REQUIRE(t3.start([](ls::Timer&) {}, 30, 0) == 0);
  t3.unref();
  ls::Snapshot s = loop->inspect();
  CHECK(s.handles.size() == 4);
  CHECK(s.handles[1].id == t2.id());
  CHECK(s.handles[1].type == ls::HandleType::Timer);
  CHECK(s.handles[1].active);
  CHECK(s.handles[1].timer_due == 10);
  CHECK(s.handles[1].timer_repeat == 5);
  CHECK_FALSE(s.handles[2].ref);
  CHECK_FALSE(s.handles[3].active);
  REQUIRE(s.timers.size() == 3);
  CHECK(s.timers[0].handle_id == t2.id());
  CHECK(s.timers[1].handle_id == t1.id());  // equal due: start order
  CHECK(s.timers[2].handle_id == t3.id());
  CHECK(s.alive.active_ref_handles == 2);
  CHECK(s.alive.alive);
  CHECK(s.backend_timeout == 10);
  CHECK(s.timeout_reason == ls::TimeoutReason::Timer);
  CHECK_FALSE(s.running);
  CHECK(s.phase == ls::Phase::None);

  ls::Phase seen = ls::Phase::None;
  size_t idle_active = 0;
  REQUIRE(idle.start([&](ls::Idle& i) {
    ls::Snapshot in = loop->inspect();
    seen = in.phase;
    idle_active = in.idle_active;
    CHECK(in.running);
    i.stop();
  }) == 0);
  t1.close();
  CHECK(loop->inspect().alive.closing == 1);
  CHECK(loop->inspect().handles[0].closing);
  loop->run(ls::RunMode::NoWait);
  CHECK(seen == ls::Phase::Idle);
  CHECK(idle_active == 1);
  lstest::close_clean(*loop);
}

}  // TEST_SUITE
