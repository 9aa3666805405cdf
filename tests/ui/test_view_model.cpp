// The view model: alive reasons with creation lines, errors with their line, the poll's reason in words, the
// narration of a step, the cycle ring.
#include "ui_support.h"

using ls::StepKind;
using ls::ui::build_view;
using ls::ui::ViewModel;

namespace {

ViewModel view(ls::ui::Session& s) { return build_view(&s, {}); }

bool has(const std::vector<std::string>& v, const std::string& needle) {
  for (const std::string& s : v)
    if (s.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("why_no_exit: the alive rule names the lines that keep the loop running") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("why_no_exit", clock);
  s->step(StepKind::Callback);  // the chunk runs to uv.run()
  ViewModel vm = view(*s);
  REQUIRE(vm.alive_reasons.size() == 1);
  CHECK(vm.alive_reasons[0] == "timer #2 (line 13) is active and ref'd");
  CHECK(!has(vm.alive_reasons, "line 8"));  // the unref'd heartbeat never keeps it alive
  // Step until the job's callback (line 14) has run: line 13's timer is then closing.
  while (s->loop().now() < 350) s->step(StepKind::Callback);
  vm = view(*s);
  CHECK(vm.line == 14);
  CHECK(has(vm.alive_reasons, "timer #2 (line 13) is closing"));
  CHECK(!has(vm.alive_reasons, "line 8"));
  // On to uv.run('nowait'): the forgotten idle handle of line 19.
  while (!s->ended() && s->runtime().chunk_line() < 21) s->step(StepKind::Callback);
  vm = view(*s);
  CHECK(has(vm.alive_reasons, "idle #3 (line 19) is active and ref'd"));
  bool found = false;
  for (const ls::ui::HandleRow& h : vm.handles)
    if (h.type == "idle") found = h.line == 19 && h.active && h.ref;
  CHECK(found);
}

TEST_CASE("a syntax error marks its line; an endless loop ends blocked with the line") {
  uitest::FakeClock clock;
  auto bad = uitest::code_session("local x = 1\nlocal y = = 2\n", clock);
  ViewModel vm = view(*bad);
  CHECK(vm.status == "failed");
  CHECK(vm.error_line == 2);
  CHECK(vm.error.rfind("snippet.lua:2:", 0) == 0);

  auto endless = uitest::code_session(
      "local uv = require('luv')\nlocal t = uv.new_timer()\nt:start(10, 0, function()\n  while true do end\nend)\n",
      clock);
  uitest::step_to_end(*endless, StepKind::Callback);
  vm = view(*endless);
  CHECK(vm.status == "blocked");
  CHECK(vm.blocked);
  CHECK(vm.error_line == 4);
  CHECK(vm.error.find("the loop was blocked") != std::string::npos);
}

TEST_CASE("an error in a callback reports the callback's line") {
  uitest::FakeClock clock;
  auto s = uitest::code_session(
      "local uv = require('luv')\nlocal t = uv.new_timer()\nt:start(5, 0, function()\n  local x = nil\n  print(x.y)\nend)\n",
      clock);
  uitest::step_to_end(*s, StepKind::Callback);
  ViewModel vm = view(*s);
  CHECK(vm.status == "failed");
  CHECK(vm.error_line == 5);
}

TEST_CASE("narration: a timer's callback, its line, due time and repeat") {
  uitest::FakeClock clock;
  auto s = uitest::code_session(
      "local uv = require('luv')\nlocal n = 0\nlocal t = uv.new_timer()\n"
      "t:start(200, 100, function()\n  n = n + 1\n  if n == 2 then t:close() end\nend)\n",
      clock);
  s->step(StepKind::Callback);  // chunk
  CHECK(view(*s).narration == "main chunk: finished; the loop runs until nothing keeps it alive");
  s->step(StepKind::Callback);
  CHECK(view(*s).narration == "timers: ran timer #1's callback (line 4), due at 200 ms, repeats every 100 ms");
  s->step(StepKind::Callback);
  CHECK(view(*s).narration == "timers: ran timer #1's callback (line 4), due at 300 ms, repeats every 100 ms");
  CHECK(view(*s).line == 4);
}

TEST_CASE("the poll's timeout and reason in words") {
  uitest::FakeClock clock;
  auto s = uitest::code_session(
      "local uv = require('luv')\nlocal t = uv.new_timer()\nt:start(250, 0, function() t:close() end)\n", clock);
  s->step(StepKind::Callback);  // chunk
  s->step(StepKind::Phase);     // pre-loop timers
  for (int i = 0; i < 4; ++i) s->step(StepKind::Phase);  // pending idle prepare poll
  ViewModel vm = view(*s);
  CHECK(vm.phase == "poll");
  REQUIRE(vm.poll.known);
  CHECK(vm.poll.timeout == 250);
  CHECK(vm.poll.text == "poll waited up to 250 ms: the earliest timer was due then");
  CHECK(ls::ui::poll_sentence(0, ls::ui::poll_reason_words(ls::TimeoutReason::Idle)) ==
        "poll did not wait (0 ms): an idle handle is active");
  CHECK(ls::ui::poll_sentence(-1, ls::ui::poll_reason_words(ls::TimeoutReason::NoTimers)) ==
        "poll waited with no limit: only I/O can wake the loop");
}

TEST_CASE("the cycle ring: the order's phases, the one the loop is in lit, iteration 0's timers") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("watcher_order", clock);
  ls::ui::CycleView none = ls::ui::build_cycle(nullptr, ls::Order::Legacy);
  REQUIRE(none.ring.size() == 7);
  CHECK(none.ring[0].name == "timers");
  s->step(StepKind::Callback);
  s->step(StepKind::Phase);
  ViewModel vm = view(*s);
  REQUIRE(vm.cycle.ring.size() == 7);
  CHECK(vm.cycle.ring[0].name == "pending");
  CHECK(vm.cycle.ring[6].name == "timers");
  CHECK(vm.cycle.ring[6].lit);
  CHECK(vm.cycle.pre_loop_timers);
  CHECK(vm.cycle.ring[6].label == "timers (iteration 0)");
  int lit = 0;
  for (const auto& p : vm.cycle.ring) lit += p.lit;
  CHECK(lit == 1);
  for (int i = 0; i < 4; ++i) s->step(StepKind::Phase);  // pending idle prepare poll
  vm = view(*s);
  CHECK(vm.cycle.ring[3].name == "poll");
  CHECK(vm.cycle.ring[3].lit);
  CHECK(vm.cycle.ring[1].ran == 1);  // the idle callback ran once this iteration
  CHECK(!vm.cycle.pre_loop_timers);
}

TEST_CASE("state() JSON carries the documented fields") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("timers_due_order", clock);
  s->step(StepKind::Callback);
  std::string j = ls::ui::to_json(view(*s));
  for (const char* key : {"\"status\":", "\"blocked\":", "\"running\":", "\"alive\":", "\"phase\":", "\"iteration\":",
                          "\"now\":", "\"steps\":1", "\"line\":", "\"console\":", "\"error\":", "\"errorLine\":",
                          "\"poll\":", "\"narration\":", "\"aliveReasons\":", "\"handles\":", "\"timers\":",
                          "\"order\":\"modern\"", "\"speed\":"})
    CHECK_MESSAGE(j.find(key) != std::string::npos, key);
}
