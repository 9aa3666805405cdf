// The coroutines view model: the gallery's async examples list their tasks parked at the lines they await at,
// with what they await in words; state() has the documented names.
#include <nlohmann/json.hpp>

#include "ui_support.h"

using ls::StepKind;
using ls::ui::build_view;
using ls::ui::CoroutineView;
using ls::ui::ViewModel;

namespace {

ViewModel view(ls::ui::Session& s) { return build_view(&s, {}); }

const CoroutineView* named(const ViewModel& vm, const std::string& name) {
  for (const CoroutineView& c : vm.coroutines.rows)
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("random_sleeps_async: three tasks parked in their sleeps, the main task in gather") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("random_sleeps_async", clock);
  CHECK(view(*s).coroutines.rows.empty());
  s->step(StepKind::Callback);  // the main chunk: async.run spawns the main task, which spawns three
  ViewModel vm = view(*s);
  REQUIRE(vm.coroutines.rows.size() == 4);
  const CoroutineView* main_task = named(vm, "task 1");
  REQUIRE(main_task);
  CHECK(main_task->status == "suspended");
  CHECK(main_task->line == 19);  // async.gather(...)
  CHECK(main_task->awaiting == "the end of task 2");
  CHECK(main_task->kind == "task");
  CHECK(main_task->created_line == 16);
  // math.randomseed(42): the sleeps are 600, 200 and 600 ms (the golden output says so).
  const char* sleeps[] = {"sleep 600 ms", "sleep 200 ms", "sleep 600 ms"};
  for (int i = 0; i < 3; ++i) {
    const CoroutineView* t = named(vm, "task " + std::to_string(i + 2));
    REQUIRE(t);
    CHECK(t->status == "suspended");
    CHECK(t->line == 12);
    CHECK(t->awaiting == sleeps[i]);
  }
  CHECK(vm.coroutines.suspended == 4);

  // state(): coroutines: [{id, name, status, line, awaiting}]
  auto j = nlohmann::json::parse(ls::ui::to_json(vm));
  REQUIRE(j["coroutines"].is_array());
  REQUIRE(j["coroutines"].size() == 4);
  for (const char* k : {"id", "name", "status", "line", "awaiting"}) CHECK(j["coroutines"][0].contains(k));
  CHECK(j["coroutines"][2]["awaiting"] == "sleep 200 ms");

  // The 200 ms sleeper wakes first and finishes; the rest stay where they were.
  while (!s->ended() && s->loop().now() < 200) s->step(StepKind::Callback);
  s->step(StepKind::Callback);
  vm = view(*s);
  CHECK(named(vm, "task 3")->status == "done");
  CHECK(named(vm, "task 2")->status == "suspended");

  uitest::step_to_end(*s, StepKind::Callback);
  vm = view(*s);
  for (const CoroutineView& c : vm.coroutines.rows) CHECK(c.status == "done");
  CHECK(vm.coroutines.suspended == 0);
}

TEST_CASE("echo_async: the server task reads on its connection, the client writes and reads") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("echo_async", clock);
  bool server_reads = false, client_reads = false, accepted = false;
  for (int i = 0; i < 400 && !s->ended(); ++i) {
    s->step(StepKind::Callback);
    ViewModel vm = view(*s);
    const CoroutineView* server = named(vm, "task 1");
    const CoroutineView* client = named(vm, "task 2");
    if (server && server->awaiting.rfind("accept on tcp #", 0) == 0) accepted = server->line == 15;
    if (server && server->awaiting.rfind("read on tcp #", 0) == 0) server_reads = server->line == 17;
    if (client && client->awaiting.rfind("read on tcp #", 0) == 0) client_reads = client->line == 33;
  }
  CHECK(accepted);
  CHECK(server_reads);
  CHECK(client_reads);
}

TEST_CASE("raw coroutines are listed too, and clicking needs a line: every parked row has one") {
  uitest::FakeClock clock;
  auto s = uitest::code_session(R"(local uv = require('luv')
local gen = coroutine.wrap(function()
  coroutine.yield(1)
end)
gen()
local t = uv.new_timer()
t:start(100, 0, function() t:close() end)
)", clock);
  s->step(StepKind::Callback);
  ViewModel vm = view(*s);
  const CoroutineView* c = named(vm, "coroutine 1");
  REQUIRE(c);
  CHECK(c->kind == "coroutine");
  CHECK(c->status == "suspended");
  CHECK(c->line == 3);
  CHECK(c->awaiting == "the next call of its wrap() function");
}
