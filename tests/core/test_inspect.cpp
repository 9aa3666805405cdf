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

TEST_CASE_TEMPLATE("limited snapshot: the first handles, the ones keeping the loop alive, fd owners, the first timers", B,
                   LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  std::vector<std::unique_ptr<ls::Timer>> timers;
  for (int i = 0; i < 200; ++i) timers.push_back(std::make_unique<ls::Timer>(*loop));
  // The first 20 stay stopped; the rest start with scrambled due times, some equal (start order breaks ties).
  for (int i = 20; i < 200; ++i) REQUIRE(timers[i]->start([](ls::Timer&) {}, 1 + (i * 37) % 50, 0) == 0);
  timers[199]->close();  // closing keeps the loop alive too
  ls::Poll owner(*loop, 1000);  // never started: listed for its fd alone
  ls::Snapshot full = loop->inspect();
  ls::Snapshot lim = loop->inspect(ls::InspectLimits{5, 7});

  CHECK(full.handles_total == 201);
  CHECK(lim.handles_total == 201);
  CHECK(full.alive_handles_total == 180);
  CHECK(lim.alive_handles_total == 180);
  REQUIRE(lim.handles.size() == 11);  // 5 first (stopped), 5 alive, the fd owner
  for (int i = 0; i < 5; ++i) CHECK(lim.handles[i].id == timers[i]->id());
  for (int i = 0; i < 5; ++i) CHECK(lim.handles[5 + i].id == timers[20 + i]->id());
  CHECK(lim.handles[10].id == owner.id());
  CHECK(lim.handles[10].fd == 1000);

  CHECK(lim.timers_total == 179);
  REQUIRE(full.timers.size() == 179);
  REQUIRE(lim.timers.size() == 7);
  for (size_t i = 0; i < lim.timers.size(); ++i) {
    CHECK(lim.timers[i].handle_id == full.timers[i].handle_id);
    CHECK(lim.timers[i].due == full.timers[i].due);
  }
  CHECK(lim.timers[0].line == timers[0]->source_line());
  // Asking for more than there are lists them all, in the same order.
  ls::Snapshot all = loop->inspect(ls::InspectLimits{1000, 1000});
  REQUIRE(all.timers.size() == 179);
  for (size_t i = 0; i < all.timers.size(); ++i) CHECK(all.timers[i].handle_id == full.timers[i].handle_id);
  CHECK(all.handles.size() == 201);
  owner.close();
  lstest::close_clean(*loop);
}

TEST_CASE("the first timers of a large heap come in firing order without sorting the heap") {
  auto loop = lstest::vloop<lstest::NullCase>();
  std::vector<std::unique_ptr<ls::Timer>> timers;
  for (int i = 0; i < 5000; ++i) {
    timers.push_back(std::make_unique<ls::Timer>(*loop));
    REQUIRE(timers.back()->start([](ls::Timer&) {}, 1 + (i * 7919) % 1000, 0) == 0);
  }
  ls::Snapshot full = loop->inspect();
  ls::Snapshot lim = loop->inspect(ls::InspectLimits{0, 2000});
  REQUIRE(lim.timers.size() == 2000);
  for (size_t i = 0; i < lim.timers.size(); ++i) {
    REQUIRE(lim.timers[i].handle_id == full.timers[i].handle_id);
    REQUIRE(lim.timers[i].seq == full.timers[i].seq);
  }
  CHECK(lim.handles.empty());  // a limit of 0 handles lists only fd owners, and there are none
  lstest::close_clean(*loop);
}

}  // TEST_SUITE
