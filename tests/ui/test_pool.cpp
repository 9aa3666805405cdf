// The thread pool view model: threadpool_file_read's four reads on four workers, the completions the loop takes
// in one wake-up waiting for their callbacks, each completion linked to the callback it became; and what a
// frame of the pool and coroutine view models costs on a long run.
#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "ui_support.h"

using ls::StepKind;
using ls::ui::build_view;
using ls::ui::ViewModel;

namespace {

ViewModel view(ls::ui::Session& s) { return build_view(&s, {}); }

// The t_ns of the newest work_start of request `req`.
uint64_t started_at(const ls::Trace& trace, uint64_t req) {
  for (uint64_t seq = trace.last_seq(); seq > 0; --seq) {
    const ls::TraceEvent* ev = trace.event(seq);
    if (ev && ev->kind == ls::TraceKind::WorkStart && ev->id == req) return ev->t_ns;
  }
  return 0;
}

}  // namespace

TEST_CASE("threadpool_file_read: the four opens run on four workers, then come back as callbacks one by one") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("threadpool_file_read", clock);
  ViewModel vm = view(*s);
  CHECK_FALSE(vm.pool.used);
  s->step(StepKind::Callback);  // the main chunk, up to uv.run(): four fs_open requests submitted
  vm = view(*s);
  REQUIRE(vm.pool.used);
  REQUIRE(vm.pool.size == 4);
  REQUIRE(vm.pool.workers.size() == 4);
  for (int i = 0; i < 4; ++i) {
    CAPTURE(i);
    CHECK(vm.pool.workers[i].id == i);
    CHECK(vm.pool.workers[i].busy);
    CHECK(vm.pool.workers[i].req == static_cast<uint64_t>(i + 1));
    CHECK(vm.pool.workers[i].type == "fs_open");
  }
  CHECK(vm.pool.queue.empty());
  CHECK(vm.pool.links.empty());
  CHECK(vm.pool.summary == "4 of 4 workers busy, 0 queued, 0 completions waiting for the loop");

  // The first callback: the loop woke up once for all four completions; three wait for their callbacks.
  s->step(StepKind::Callback);
  vm = view(*s);
  CHECK(vm.pool.delivering == std::vector<uint64_t>{2, 3, 4});
  REQUIRE(vm.pool.links.size() == 4);
  const ls::ui::PoolLink& first = vm.pool.links[0];
  CHECK(first.req == 1);
  CHECK(first.type == "fs_open");
  CHECK(first.worker == 0);
  CHECK(first.status == "ok");
  CHECK(first.delivered);
  CHECK(first.line == 22);  // the fs_open callback's definition line
  const ls::TraceEvent* cb = s->loop().trace().event(first.callback_seq);
  REQUIRE(cb != nullptr);
  CHECK(cb->kind == ls::TraceKind::CallbackBegin);
  CHECK(cb->cb == ls::CallbackKind::Work);
  CHECK(first.callback_ns == cb->t_ns);
  CHECK_FALSE(vm.pool.links[1].delivered);  // taken by the loop, its callback is next
  // The callback queued an fstat: worker 0 runs it now.
  CHECK(vm.pool.workers[0].busy);
  CHECK(vm.pool.workers[0].type == "fs_fstat");

  // Three more callbacks: every open delivered; worker 0 has run its fstat for a while of virtual time.
  for (int i = 0; i < 3; ++i) s->step(StepKind::Callback);
  vm = view(*s);
  CHECK(vm.pool.delivering.empty());
  for (int i = 0; i < 4; ++i) CHECK(vm.pool.links[i].callback_seq > 0);
  const ls::ui::PoolWorkerRow& w0 = vm.pool.workers[0];
  REQUIRE(w0.busy);
  uint64_t start = started_at(s->loop().trace(), w0.req);
  CHECK(w0.for_ns == s->loop().hrtime() - start);
  CHECK(w0.for_ns > 0);

  // state(): the names the page documents.
  auto j = nlohmann::json::parse(ls::ui::to_json(vm));
  REQUIRE(j["pool"]["workers"].size() == 4);
  CHECK(j["pool"]["queued"] == 0);
  CHECK(j["pool"]["workers"][0]["busy"] == true);
  CHECK(j["pool"]["workers"][0]["req"] == w0.req);
  CHECK(j["pool"]["workers"][0].contains("id"));
  CHECK(j["pool"]["links"][0]["line"] == 22);

  uitest::step_to_end(*s, StepKind::Callback);
  vm = view(*s);
  for (const auto& w : vm.pool.workers) CHECK_FALSE(w.busy);
  CHECK(vm.pool.links.size() <= ls::ui::PoolTracker::kKeepLinks);
}

TEST_CASE("a full queue: work waits in FIFO order until a worker is free") {
  uitest::FakeClock clock;
  auto s = uitest::code_session(R"(local uv = require('luv')
local work = uv.new_work(function(n) return n end, function(n) end)
for i = 1, 7 do work:queue(i) end
)", clock);
  s->step(StepKind::Callback);
  ViewModel vm = view(*s);
  REQUIRE(vm.pool.size == 4);
  REQUIRE(vm.pool.queue.size() == 3);
  CHECK(vm.pool.queue[0].req < vm.pool.queue[1].req);
  CHECK(vm.pool.queue[0].type == "work");
  auto j = nlohmann::json::parse(ls::ui::to_json(vm));
  CHECK(j["pool"]["queued"] == 3);
}

TEST_CASE("the pool tracker reads each event once: it stops where the trace ends and picks up from there") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("threadpool_file_read", clock);
  s->step(StepKind::Callback);
  view(*s);
  CHECK(s->pool_tracker().seen() == s->loop().trace().last_seq());
  uint64_t before = s->pool_tracker().seen();
  s->step(StepKind::Callback);
  view(*s);
  CHECK(s->pool_tracker().seen() > before);
  CHECK(s->pool_tracker().seen() == s->loop().trace().last_seq());
  CHECK_FALSE(s->pool_tracker().lost_events());
}

// Figures, not assertions on time: what the pool and coroutine view models cost per frame on a run with a long
// trace (MESSAGE prints them with -s; the report quotes them).
TEST_CASE("frame cost of the pool and coroutine view models on a long run") {
  // A clock that moves with every reading, so each instant frame ends after a bounded amount of loop work.
  double t = 0;
  auto s = std::make_unique<ls::ui::Session>(R"(local uv = require('luv')
local async = require('async')
for t = 1, 50 do
  async.spawn(function()
    for i = 1, 200 do
      async.work(function(n) return n end, i)
      async.sleep(1)
    end
  end)
end
)", ls::ui::SessionOptions{}, [&t] { return t += 0.02; });
  s->play_instant();
  std::vector<double> pool_us, coro_us, view_us;
  for (int frame = 0; frame < 100000 && !s->ended(); ++frame) {
    s->frame();
    ls::Snapshot snap = s->loop().inspect();
    auto t1 = std::chrono::steady_clock::now();
    ls::ui::build_pool(snap, s->pool_tracker(), s->loop().trace());
    auto t2 = std::chrono::steady_clock::now();
    ls::ui::build_coroutines(s->runtime());
    auto t3 = std::chrono::steady_clock::now();
    view(*s);
    auto t4 = std::chrono::steady_clock::now();
    pool_us.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count());
    coro_us.push_back(std::chrono::duration<double, std::micro>(t3 - t2).count());
    view_us.push_back(std::chrono::duration<double, std::micro>(t4 - t3).count());
  }
  REQUIRE(s->ended());
  CHECK(s->runtime().error() == "");
  auto stats = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return "median " + std::to_string(v[v.size() / 2]) + " us, max " + std::to_string(v.back()) + " us";
  };
  MESSAGE("frames: " << pool_us.size() << ", trace events: " << s->loop().trace().last_seq());
  MESSAGE("build_pool: " << stats(pool_us));
  MESSAGE("build_coroutines (50 tasks): " << stats(coro_us));
  MESSAGE("whole build_view: " << stats(view_us));
  CHECK(s->loop().trace().last_seq() > 100000);
  CHECK(s->runtime().coroutines().spawned() == 50);
}
