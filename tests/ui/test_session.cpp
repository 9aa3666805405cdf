// The driver: the page's run is the CLI's --deterministic run (same trace, same console), whether it runs
// instantly or is stepped by callback to the end; phase steps stop at every phase; a callback step runs one
// callback; paced runs keep time with the host clock.
#include <vector>

#include "ui_support.h"

using ls::StepKind;
using ls::ui::Session;

TEST_CASE("every gallery example: instant and callback-stepped runs give the CLI's trace and output") {
  int checked = 0;
  for (const ls::examples::Snippet& ex : ls::examples::all()) {
    CAPTURE(ex.name);
    std::string trace = uitest::golden(ex.name, ".trace.jsonl");
    std::string out = uitest::golden(ex.name, ".out");
    REQUIRE(!trace.empty());
    uitest::FakeClock clock;
    if (ex.serves) {
      // A server: the CLI's run stalls where the page's waits for the network client, so the page's trace is
      // the CLI's up to the stall.
      size_t stall = trace.find("\"ev\":\"stall\"");
      REQUIRE(stall != std::string::npos);
      trace = trace.substr(0, trace.rfind("{\"seq\":", stall));
      REQUIRE(trace.find("\"ev\":\"poll_timeout\"") != std::string::npos);
      auto instant = uitest::example_session(ex.name, clock);
      uitest::run_until_waiting(*instant, [&] { instant->frame(); }, [&] { instant->play_instant(); });
      CHECK(instant->loop().trace().jsonl() == trace);
      CHECK(instant->console() == out);
      auto stepped = uitest::example_session(ex.name, clock);
      uitest::run_until_waiting(*stepped, [&] { stepped->step(StepKind::Callback); });
      CHECK(stepped->loop().trace().jsonl() == trace);
      CHECK(stepped->console() == out);
      ++checked;
      continue;
    }
    auto instant = uitest::example_session(ex.name, clock);
    uitest::run_instant(*instant);
    CHECK(instant->loop().trace().jsonl() == trace);
    CHECK(instant->console() == out);
    auto stepped = uitest::example_session(ex.name, clock);
    uitest::step_to_end(*stepped, StepKind::Callback);
    CHECK(stepped->loop().trace().jsonl() == trace);
    CHECK(stepped->console() == out);
    ++checked;
  }
  CHECK(checked >= 15);
}

namespace {

// The phase of every phase step of a run (none for the chunk's own steps).
std::vector<std::string> phase_steps(const std::string& example, ls::Order order) {
  uitest::FakeClock clock;
  auto s = uitest::example_session(example, clock, order);
  std::vector<std::string> out;
  while (!s->ended() && out.size() < 10000) {
    s->step(StepKind::Phase);
    ls::ui::ViewModel vm = ls::ui::build_view(s.get(), {});
    out.push_back(vm.phase);
  }
  return out;
}

std::string join(const std::vector<std::string>& v, size_t from, size_t n) {
  std::string s;
  for (size_t i = from; i < from + n && i < v.size(); ++i) s += (s.empty() ? "" : " ") + v[i];
  return s;
}

}  // namespace

TEST_CASE("phase steps through watcher_order stop after every phase, empty ones included") {
  std::vector<std::string> modern = phase_steps("watcher_order", ls::Order::Modern);
  REQUIRE(modern.size() > 16);
  CHECK(modern[0] == "none");  // the chunk ran to uv.run(): a step of its own
  CHECK(modern[1] == "timers");  // DEFAULT mode's pass before the first iteration
  CHECK(join(modern, 2, 7) == "pending idle prepare poll check closing timers");
  CHECK(join(modern, 9, 7) == "pending idle prepare poll check closing timers");

  std::vector<std::string> legacy = phase_steps("watcher_order", ls::Order::Legacy);
  REQUIRE(legacy.size() > 15);
  CHECK(legacy[0] == "none");
  CHECK(join(legacy, 1, 7) == "timers pending idle prepare poll check closing");
  CHECK(join(legacy, 8, 7) == "timers pending idle prepare poll check closing");
}

TEST_CASE("a callback step runs one callback in the gallery's batch-heavy examples") {
  for (const char* name : {"fifty_clients", "threadpool_file_read", "backpressure"}) {
    CAPTURE(name);
    uitest::FakeClock clock;
    auto s = uitest::example_session(name, clock);
    int steps = 0, with_one = 0, most = 0;
    while (!s->ended() && steps < 200000) {
      uint64_t from = s->loop().trace().last_seq();
      s->step(StepKind::Callback);
      ++steps;
      int leaves = 0;
      for (uint64_t seq = from + 1; seq <= s->loop().trace().last_seq(); ++seq) {
        const ls::TraceEvent* ev = s->loop().trace().event(seq);
        if (ev && ev->kind == ls::TraceKind::CallbackBegin && ev->cb != ls::CallbackKind::Pending) ++leaves;
      }
      if (leaves > most) most = leaves;
      with_one += leaves == 1;
      CHECK(s->callbacks_last_step() == static_cast<uint64_t>(leaves));
    }
    CHECK(most == 1);
    CHECK(with_one > 10);
  }
}

TEST_CASE("paced: a callback due at virtual T runs T / speed real ms after Run") {
  for (double speed : {1.0, 2.0, 0.5}) {
    CAPTURE(speed);
    uitest::FakeClock clock;
    auto s = uitest::code_session(
        "local uv = require('luv')\n"
        "local t = uv.new_timer()\n"
        "t:start(500, 0, function() print('fired at', uv.now()) t:close() end)\n",
        clock);
    s->set_speed(speed);
    s->play();
    double due_real = 500 / speed;
    for (double t = 0; t < due_real - 16; t += 16) {
      clock.ms = t;
      s->frame();
      REQUIRE_MESSAGE(s->console().empty(), "fired early at real " << t << " ms");
    }
    clock.ms = due_real + 16;  // one frame later at most
    s->frame();
    CHECK(s->console() == "fired at\t500\n");
  }
}

TEST_CASE("paused and stepping: time stands still between steps") {
  uitest::FakeClock clock;
  auto s = uitest::code_session(
      "local uv = require('luv')\nlocal t = uv.new_timer()\nt:start(300, 0, function() t:close() end)\n", clock);
  s->step(StepKind::Callback);  // the chunk
  uint64_t t0 = s->loop().hrtime();
  clock.ms = 10000;
  s->frame();  // paused: nothing moves
  CHECK(s->loop().hrtime() == t0);
  CHECK(s->steps() == 1);
  s->step(StepKind::Callback);  // jumps to the timer
  CHECK(s->loop().now() == 300);
}

TEST_CASE("instant: a frame's loop work grows with the view's cost, up to kMaxInstantBudgetMs") {
  // A host clock that moves 1 ms each time it is read: the frame budget is then a count of clock reads.
  double ms = 0;
  ls::ui::Session s("local uv = require('luv')\nlocal n = 0\nlocal i = uv.new_idle()\n"
                    "i:start(function() n = n + 1 if n == 100000 then i:close() end end)\n",
                    ls::ui::SessionOptions{}, [&ms] { return ms += 1; });
  s.step(StepKind::Callback);  // the chunk
  s.play_instant();
  auto callbacks_in_frame = [&](double view_ms) {
    uint64_t before = s.positions();
    s.frame(view_ms);
    return s.positions() - before;
  };
  uint64_t plain = callbacks_in_frame(0);
  uint64_t cheap_view = callbacks_in_frame(4);  // under the base budget (8 ms): no change
  uint64_t slow_view = callbacks_in_frame(32);
  uint64_t very_slow = callbacks_in_frame(1000);
  CHECK(plain > 2);
  CHECK(cheap_view == plain);
  CHECK(slow_view >= 3 * plain);
  CHECK(very_slow > slow_view);
  CHECK(very_slow <= plain * (ls::ui::Session::kMaxInstantBudgetMs / 8) + 2);
}
