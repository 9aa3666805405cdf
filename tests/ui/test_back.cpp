// Step backward (Playground III): back() replays the recorded driving in a fresh loop, so every earlier state is
// exact: the same trace, console and view as when the run was there; back then forward gives the same run; a
// paced session with a network client and a reset fault comes back the same; the cost after 10,000 steps.
#include <chrono>
#include <string>
#include <vector>

#include "ui_support.h"

using ls::Input;
using ls::InputAction;
using ls::StepKind;
using ls::ui::Session;

using uitest::act;

namespace {

struct Seen {
  std::string trace, console, state, fds;  // fds: the fd rows with their "changed in the last step" marks
};

Seen seen(const Session& s) {
  ls::ui::ViewModel vm = ls::ui::build_view(&s, {});
  std::string fds;
  for (const ls::ui::FdRow& f : vm.network.fds) fds += std::to_string(f.fd) + f.state + (f.changed ? "*" : "") + ";";
  return {s.loop().trace().jsonl(), s.console(), ls::ui::to_json(vm), fds};
}


}  // namespace

TEST_CASE("back: every earlier step of a stepped run comes back exactly; forward again gives the same run") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("timers_due_order", clock);
  std::vector<Seen> before;  // the state before each step
  std::vector<StepKind> kinds = {StepKind::Callback, StepKind::Phase, StepKind::Iteration};
  for (int i = 0; !s->ended() && i < 60; ++i) {
    before.push_back(seen(*s));
    s->step(kinds[i % 3]);
  }
  REQUIRE(s->ended());
  Seen end = seen(*s);
  REQUIRE(s->positions() == before.size());
  for (size_t i = before.size(); i-- > 0;) {
    CAPTURE(i);
    REQUIRE(s->back());
    Seen now = seen(*s);
    CHECK(now.trace == before[i].trace);
    CHECK(now.console == before[i].console);
    CHECK(now.fds == before[i].fds);
    CHECK(s->steps() == i);
  }
  CHECK(!s->back());  // at the start
  for (size_t i = 0; i < before.size(); ++i) s->step(kinds[i % 3]);
  CHECK(seen(*s).trace == end.trace);
  CHECK(seen(*s).console == end.console);
}

TEST_CASE("back over a paced echo session with a client and a reset fault: the same states, inputs kept") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("echo_server", clock);
  s->play();
  auto frames = [&](double until_ms) {
    while (clock.ms + 16 <= until_ms) {
      clock.ms += 16;
      s->frame();
    }
  };
  frames(200);
  REQUIRE(s->input(act(InputAction::Connect, 0, 7000)).error == 0);
  frames(400);
  REQUIRE(s->input(act(InputAction::Send, 1, 0, "hello\n")).error == 0);
  frames(600);
  REQUIRE(s->input(act(InputAction::Connect, 0, 7000)).error == 0);
  frames(800);
  REQUIRE(s->input(act(InputAction::Reset, 1)).error == 0);
  frames(1000);
  REQUIRE(s->console().find("client 1: read error ECONNRESET") != std::string::npos);
  REQUIRE(s->waiting_for_input());
  Seen end = seen(*s);
  size_t positions = s->positions();
  REQUIRE(positions >= 4);

  // Back to before the read callback that met the reset: the reset itself (an input) is still applied.
  while (s->console().find("read error ECONNRESET") != std::string::npos) REQUIRE(s->back());
  CHECK(s->positions() < positions);
  CHECK(s->inputs().size() == 4);
  CHECK(end.trace.rfind(seen(*s).trace, 0) == 0);  // an earlier state of the same run
  CHECK(seen(*s).trace.size() < end.trace.size());
  // Forward by callback steps: the same run to the same wait.
  for (int i = 0; i < 1000 && !s->waiting_for_input(); ++i) s->step(StepKind::Callback);
  CHECK(seen(*s).trace == end.trace);
  CHECK(s->console() == end.console);

  REQUIRE(s->rewind(0));
  CHECK(s->positions() == 0);
  CHECK(s->inputs().empty());
  auto fresh = uitest::example_session("echo_server", clock);
  CHECK(s->loop().trace().jsonl() == fresh->loop().trace().jsonl());
  CHECK(s->console() == fresh->console());
  CHECK(!s->rewind(5));
}

TEST_CASE("back after 10,000 steps: what the replay costs (a figure, not a limit)") {
  const char* code = R"(local uv = require('luv')
local n = 0
local t = uv.new_timer()
t:start(1, 1, function()
  n = n + 1
  if n == 20000 then t:close() end
end)
)";
  auto wall = [] {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
  };
  Session s(code, ls::ui::SessionOptions{}, wall);
  for (int i = 0; i < 10000; ++i) s.step(StepKind::Callback);
  std::string trace_before_last;
  {
    Session ref(code, ls::ui::SessionOptions{}, wall);
    for (int i = 0; i < 9999; ++i) ref.step(StepKind::Callback);
    trace_before_last = ref.loop().trace().jsonl();
  }
  REQUIRE(s.back());
  CHECK(s.loop().trace().jsonl() == trace_before_last);
  MESSAGE("figure back after 10,000 callback steps, native: " << s.last_replay_ms() << " ms");
  CHECK(s.last_replay_ms() > 0);
}

TEST_CASE("looking does not change the run: a stepped session viewed between steps equals one never viewed") {
  uitest::FakeClock clock;
  auto run = [&](bool look) {
    auto s = uitest::example_session("echo_server", clock);
    auto step_until = [&](auto done) {
      for (int i = 0; i < 500 && !done(); ++i) {
        if (look) ls::ui::build_view(s.get(), {});
        s->step(StepKind::Callback);
      }
    };
    step_until([&] { return s->waiting_for_input(); });
    REQUIRE(s->input(act(InputAction::Connect, 0, 7000)).error == 0);
    if (look) ls::ui::build_view(s.get(), {});  // the client's handshake is due now: looking must not run it
    step_until([&] { return s->console().find("client 1 connected") != std::string::npos; });
    REQUIRE(s->input(act(InputAction::Send, 1, 0, "hi\n")).error == 0);
    step_until([&] { return s->waiting_for_input(); });
    return s->loop().trace().jsonl();
  };
  CHECK(run(true) == run(false));
}
