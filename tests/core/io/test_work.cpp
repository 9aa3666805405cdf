// queue_work and cancel on both backends: real threads natively, the emulated kernel's virtual workers
// (functions run when their virtual worker finishes, on the loop thread). Cancel: queued -> the after callback
// gets ECANCELED and the work never runs; running -> EBUSY and it completes normally.
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "io_support.h"

using iotest::Env;

namespace {

// Natively, a job that holds its worker until released; emulated jobs take virtual time instead (the function
// itself runs at completion), so they need no gate.
struct Gate {
  std::atomic<int> started{0};
  std::atomic<bool> open{false};
  void hold() {
    ++started;
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!open.load() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  // Waits (bounded) until n jobs hold a worker.
  bool wait_started(int n) {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (started.load() < n && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return started.load() >= n;
  }
};

int pool_size(Env& env) {
  return env.emulated() ? env.kernel->pool().workers() : ls::threadpool_size();
}

}  // namespace

TEST_SUITE("pool") {

TEST_CASE("work: jobs run on the pool, after callbacks in the poll phase; the idle pool keeps nothing alive") {
  iotest::for_each_backend([](Env& env) {
    ls::Loop& loop = env.l();
    constexpr int kJobs = 100;
    std::vector<int> ran(kJobs, 0), after(kJobs, 0);
    std::atomic<int> off_loop_thread{0};
    bool all_in_poll = true;
    const auto loop_thread = std::this_thread::get_id();
    for (int i = 0; i < kJobs; ++i) {
      int64_t id = ls::queue_work(
          loop,
          [&, i] {
            ++ran[static_cast<size_t>(i)];
            if (std::this_thread::get_id() != loop_thread) ++off_loop_thread;
          },
          [&, i](int status) {
            CHECK(status == 0);
            ++after[static_cast<size_t>(i)];
            if (loop.phase() != ls::Phase::Poll) all_in_poll = false;
          });
      REQUIRE(id > 0);
    }
    CHECK(loop.active_requests() == kJobs);
    ls::Snapshot snap = loop.inspect();
    CHECK(snap.pool.workers == pool_size(env));
    CHECK(snap.requests.size() == static_cast<size_t>(kJobs));
    CHECK(env.run() == 0);  // ends by itself: the pool's wake-up fd does not keep the loop alive
    for (int i = 0; i < kJobs; ++i) {
      CHECK(ran[static_cast<size_t>(i)] == 1);
      CHECK(after[static_cast<size_t>(i)] == 1);
    }
    CHECK(all_in_poll);
    CHECK(off_loop_thread.load() == (env.emulated() ? 0 : kJobs));
    CHECK(loop.inspect().fds.empty());  // nothing watched once the pool is idle
    CHECK(ls::queue_work(loop, {}, {}) == -EINVAL);
    env.finish();
  });
}

TEST_CASE("work: cancel a queued job -> ECANCELED and it never runs; a running one -> EBUSY") {
  iotest::for_each_backend([](Env& env) {
    ls::Loop& loop = env.l();
    Gate gate;
    const int workers = pool_size(env);
    std::vector<int64_t> busy_ids;
    std::vector<int> busy_status;
    for (int i = 0; i < workers; ++i) {
      busy_ids.push_back(ls::queue_work(
          loop, [&] { if (!env.emulated()) gate.hold(); },
          [&](int status) { busy_status.push_back(status); }, 10'000'000));
      REQUIRE(busy_ids.back() > 0);
    }
    bool queued_ran = false;
    int queued_status = 1, queued_calls = 0;
    int64_t queued = ls::queue_work(
        loop, [&] { queued_ran = true; },
        [&](int status) {
          queued_status = status;
          ++queued_calls;
        });
    REQUIRE(queued > 0);
    if (!env.emulated()) REQUIRE(gate.wait_started(workers));
    ls::Snapshot snap = loop.inspect();
    CHECK(snap.pool.busy.size() == static_cast<size_t>(workers));
    REQUIRE(snap.pool.queue.size() == 1);
    CHECK(snap.pool.queue[0] == static_cast<uint64_t>(queued));

    CHECK(ls::cancel(loop, static_cast<uint64_t>(busy_ids[0])) == -EBUSY);
    CHECK(ls::cancel(loop, static_cast<uint64_t>(queued)) == 0);
    CHECK(ls::cancel(loop, static_cast<uint64_t>(queued)) == -EBUSY);  // already cancelled, not yet delivered
    CHECK(ls::cancel(loop, 999999) == -ENOENT);
    gate.open = true;
    CHECK(env.run() == 0);
    CHECK(queued_calls == 1);
    CHECK(queued_status == -ECANCELED);
    CHECK_FALSE(queued_ran);
    REQUIRE(busy_status.size() == static_cast<size_t>(workers));
    for (int s : busy_status) CHECK(s == 0);
    CHECK(ls::cancel(loop, static_cast<uint64_t>(queued)) == -ENOENT);  // delivered: gone
    env.finish();
  });
}

TEST_CASE("work: fs requests queue behind busy workers and can be cancelled too") {
  iotest::for_each_backend([](Env& env) {
    ls::Loop& loop = env.l();
    Gate gate;
    const int workers = pool_size(env);
    int done = 0;
    for (int i = 0; i < workers; ++i)
      REQUIRE(ls::queue_work(
                  loop, [&] { if (!env.emulated()) gate.hold(); }, [&](int) { ++done; }, 10'000'000) > 0);
    int64_t stat_result = 1;
    ls::FsResult r = ls::fs_stat(loop, env.tmp, [&](ls::FsResult& res) { stat_result = res.result; });
    REQUIRE(r.req > 0);
    if (!env.emulated()) REQUIRE(gate.wait_started(workers));
    CHECK(ls::cancel(loop, r.req) == 0);
    gate.open = true;
    CHECK(env.run() == 0);
    CHECK(stat_result == -ECANCELED);
    CHECK(done == workers);
    env.finish();
  });
}

}  // TEST_SUITE
