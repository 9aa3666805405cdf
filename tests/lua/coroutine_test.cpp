// The runtime's coroutine table: raw coroutines seen through the watched coroutine functions (which must behave
// exactly as Lua's own), async tasks with what they await, rows of collected coroutines dropped.
#include <doctest/doctest.h>

#include "snippet_helpers.h"

namespace {

struct Run {
  ls::Loop loop{emulated_traced()};
  std::string out;
  ls::lua::Runtime rt{loop, opts(), [this](std::string_view s) { out += s; }};
  static ls::lua::RuntimeOptions opts() {
    ls::lua::RuntimeOptions o;
    o.script_name = "test.lua";
    return o;
  }
  static ls::LoopOptions emulated_traced() {
    ls::LoopOptions o = emulated();
    o.trace_capacity = 100000;
    return o;
  }
  bool go(const std::string& code) { return rt.load(code) && rt.run_to_completion(); }
  const ls::lua::CoroutineRow* named(const std::string& name) const {
    for (const auto& [id, r] : rt.coroutines().rows())
      if (r.name == name) return &r;
    return nullptr;
  }
};

}  // namespace

// The expected output is what Debian's lua5.4 prints for the same code (checked by hand; the luv peer snippets
// check the rest): results, error messages with their positions, argument errors naming coroutine.*.
TEST_CASE("watched coroutine functions behave as Lua's own") {
  Run run;
  REQUIRE(run.go(R"(local gen = coroutine.wrap(function()
  for i = 1, 3 do coroutine.yield(i) end
end)
print(gen(), gen(), gen())
local co = coroutine.create(function(a)
  local b = coroutine.yield(a + 1)
  error('boom ' .. b)
end)
print(coroutine.resume(co, 1))
print(coroutine.resume(co, 5))
print(coroutine.resume(co))
print(coroutine.status(co))
local w = coroutine.wrap(function() error('inside') end)
print(pcall(w))
local w2 = coroutine.wrap(function() error({}) end)
print(select('#', pcall(w2)))
print(pcall(coroutine.resume, 42))
print(pcall(coroutine.wrap, 42))
local c3 = coroutine.create(function() coroutine.yield() end)
coroutine.resume(c3)
print(coroutine.close(c3), coroutine.status(c3))
print(pcall(gen), pcall(gen))
)"));
  CHECK(run.out ==
        "1\t2\t3\n"
        "true\t2\n"
        "false\ttest.lua:7: boom 5\n"
        "false\tcannot resume dead coroutine\n"
        "dead\n"
        "false\ttest.lua:13: inside\n"
        "2\n"
        "false\tbad argument #1 to 'coroutine.resume' (thread expected, got number)\n"
        "false\tbad argument #1 to 'coroutine.wrap' (function expected, got number)\n"
        "true\tdead\n"
        "true\tfalse\tcannot resume dead coroutine\n");
}

TEST_CASE("raw coroutines: suspended with their line, done, failed, closed") {
  Run run;
  REQUIRE(run.go(R"(local gen = coroutine.wrap(function()
  coroutine.yield(1)
  coroutine.yield(2)
end)
gen()
local bad = coroutine.create(function() error('no') end)
coroutine.resume(bad)
local ok = coroutine.create(function() return 1 end)
coroutine.resume(ok)
local parked = coroutine.create(function()
  coroutine.yield()
end)
coroutine.resume(parked)
local closed = coroutine.create(function() coroutine.yield() end)
coroutine.resume(closed)
coroutine.close(closed)
KEEP = { gen, parked }
)"));
  const auto* gen = run.named("coroutine 1");
  REQUIRE(gen);
  CHECK(to_string(gen->state) == std::string("suspended"));
  CHECK(gen->line == 2);
  CHECK(gen->created_line == 1);
  CHECK(gen->awaiting == "the next call of its wrap() function");
  CHECK(to_string(run.named("coroutine 2")->state) == std::string("failed"));
  CHECK(to_string(run.named("coroutine 3")->state) == std::string("done"));
  const auto* parked = run.named("coroutine 4");
  CHECK(to_string(parked->state) == std::string("suspended"));
  CHECK(parked->line == 11);
  CHECK(parked->awaiting == "the next coroutine.resume()");
  CHECK(to_string(run.named("coroutine 5")->state) == std::string("done"));
  // The trace has the same story: one spawn and one done per coroutine that ended.
  int spawns = 0, dones = 0;
  for (const ls::TraceEvent& ev : run.loop.trace().events()) {
    spawns += ev.kind == ls::TraceKind::CoroSpawn;
    dones += ev.kind == ls::TraceKind::CoroDone;
  }
  CHECK(spawns == 5);
  CHECK(dones == 3);
}

TEST_CASE("abandoned coroutines that the collector frees leave the table; ended rows are capped") {
  Run run;
  REQUIRE(run.go(R"(for i = 1, 2000 do
  local co = coroutine.wrap(function() coroutine.yield(i) end)
  co()
end
for i = 1, 200 do coroutine.resume(coroutine.create(function() end)) end
collectgarbage('collect')
collectgarbage('collect')
)"));
  CHECK(run.rt.coroutines().spawned() == 2200);
  size_t suspended = 0;
  for (const auto& [id, r] : run.rt.coroutines().rows()) suspended += r.state == ls::lua::CoroState::Suspended;
  CHECK(suspended < 50);  // the collected ones are gone (a few may still be alive in the last cycle)
  CHECK(run.rt.coroutines().rows().size() <= ls::lua::CoroutineTable::kKeepEnded + 50);
}

TEST_CASE("async tasks: what each awaits, in words, with the line it is parked at") {
  Run run;
  // Parked for good: the server task waits in accept, the other in a sleep longer than the run goes on.
  REQUIRE(run.go(R"(local uv = require('luv')
local async = require('async')
local server = uv.new_tcp()
server:bind('127.0.0.1', 0)
async.spawn(function()
  local conn = async.accept(server)
end)
local sleeper = async.spawn(function()
  async.sleep(250)
end)
async.spawn(function()
  async.await(sleeper)
  server:close()
end)
)"));
  const auto* t1 = run.named("task 1");
  const auto* t2 = run.named("task 2");
  const auto* t3 = run.named("task 3");
  REQUIRE(t1);
  REQUIRE(t2);
  REQUIRE(t3);
  // The run ended: the sleeper finished, the waiter closed the server, which leaves the acceptor parked.
  CHECK(to_string(t2->state) == std::string("done"));
  CHECK(to_string(t3->state) == std::string("done"));
  CHECK(to_string(t1->state) == std::string("suspended"));
  CHECK(t1->line == 6);
  CHECK(t1->awaiting == "accept on tcp #1");
  bool saw_sleep = false, saw_end = false;
  for (const ls::TraceEvent& ev : run.loop.trace().events()) {
    if (ev.kind != ls::TraceKind::CoroSuspend) continue;
    const std::string& what = run.loop.trace().interned(static_cast<uint64_t>(ev.b));
    if (what == "sleep 250 ms") saw_sleep = ev.a == 9;
    if (what == "the end of task 2") saw_end = ev.a == 12;
  }
  CHECK(saw_sleep);
  CHECK(saw_end);
}
