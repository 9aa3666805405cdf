// Emulated kernel, the virtual thread pool: FIFO onto free workers, durations in virtual time, cancel of queued
// (ECANCELED) and running (EBUSY) jobs, the journal, resizing.
#include <vector>

#include "emu_test_util.h"

using namespace emu_test;

TEST_SUITE("emu") {

TEST_CASE("emu pool: FIFO onto the lowest free worker, each job takes its duration") {
  Config cfg;
  cfg.pool_workers = 2;
  Kernel k(cfg);
  ThreadPool& p = k.pool();
  REQUIRE(p.submit(1, 10 * kMs) == 0);
  REQUIRE(p.submit(2, 5 * kMs) == 0);
  REQUIRE(p.submit(3, 1 * kMs) == 0);
  REQUIRE(p.submit(4, 1 * kMs) == 0);
  CHECK(p.submit(4, 1 * kMs) == -EEXIST);
  CHECK(p.busy() == 2);
  CHECK(p.queued() == 2);
  CHECK(k.next_event_time() == 5 * kMs);

  std::vector<Completion> all;
  while (jump(k)) {
    for (auto& c : p.take_completed()) {
      CHECK(c.finished == k.now_ns());  // taken the moment it completes
      all.push_back(c);
    }
  }
  REQUIRE(all.size() == 4);
  // Worker 1 runs 2 (0-5), then 3 (5-6), then 4 (6-7); worker 0 runs 1 (0-10).
  CHECK(all[0].job == 2);
  CHECK(all[1].job == 3);
  CHECK(all[1].started == 5 * kMs);
  CHECK(all[1].worker == 1);
  CHECK(all[2].job == 4);
  CHECK(all[2].started == 6 * kMs);
  CHECK(all[2].finished == 7 * kMs);
  CHECK(all[3].job == 1);
  CHECK(all[3].finished == 10 * kMs);
  CHECK(all[3].worker == 0);
  for (auto& c : all) CHECK(c.status == 0);
  CHECK(p.submit(1, 0) == 0);  // a taken id may be reused
}

TEST_CASE("emu pool: cancel queued -> ECANCELED completion; running or finished -> EBUSY") {
  Config cfg;
  cfg.pool_workers = 1;
  Kernel k(cfg);
  ThreadPool& p = k.pool();
  REQUIRE(p.submit(10, 4 * kMs) == 0);
  REQUIRE(p.submit(11, 4 * kMs) == 0);
  REQUIRE(p.submit(12, 4 * kMs) == 0);
  CHECK(p.cancel(10) == -EBUSY);  // running
  CHECK(p.cancel(11) == 0);
  CHECK(p.cancel(11) == -EBUSY);  // cancelled, its completion not taken yet
  CHECK(p.cancel(99) == -ENOENT);
  auto done = p.take_completed();
  REQUIRE(done.size() == 1);
  CHECK(done[0].job == 11);
  CHECK(done[0].status == -ECANCELED);
  CHECK(done[0].worker == -1);
  CHECK(p.cancel(11) == -ENOENT);  // taken: forgotten

  REQUIRE(k.advance_to(4 * kMs) == 0);
  CHECK(p.cancel(10) == -EBUSY);  // finished, not taken
  done = p.take_completed();
  REQUIRE(done.size() == 1);
  CHECK(done[0].job == 10);
  CHECK(p.view().workers[0].job == 12);  // 12 moved up past the cancelled 11
  CHECK(p.view().workers[0].started == 4 * kMs);
  REQUIRE(k.advance_to(8 * kMs) == 0);
  CHECK(p.take_completed().size() == 1);
  CHECK(k.next_event_time() == std::nullopt);
}

TEST_CASE("emu pool: journal, inspection, resizing only while idle") {
  Config cfg;
  cfg.pool_workers = 1;
  Kernel k(cfg);
  ThreadPool& p = k.pool();
  REQUIRE(p.submit(1, 2 * kMs) == 0);
  REQUIRE(p.submit(2, 2 * kMs) == 0);
  auto snap = k.inspect();
  REQUIRE(snap.pool.workers.size() == 1);
  CHECK(snap.pool.workers[0].busy);
  REQUIRE(snap.pool.queue.size() == 1);
  CHECK(snap.pool.queue[0].job == 2);
  CHECK(p.set_workers(4) == -EBUSY);
  REQUIRE(k.advance_to(4 * kMs) == 0);
  auto log = p.take_events();
  REQUIRE(log.size() == 6);
  using W = PoolEvent::What;
  CHECK(log[0].what == W::Queued);
  CHECK(log[1].what == W::Started);
  CHECK(log[2].what == W::Queued);
  CHECK(log[3].what == W::Finished);
  CHECK(log[3].time == 2 * kMs);
  CHECK(log[4].what == W::Started);
  CHECK(log[4].job == 2);
  CHECK(log[5].time == 4 * kMs);
  CHECK(p.take_events().empty());
  CHECK(p.set_workers(4) == 0);
  CHECK(p.set_workers(0) == -EINVAL);
  CHECK(p.workers() == 4);
  CHECK(p.completed_waiting() == 2);
}

}  // TEST_SUITE
