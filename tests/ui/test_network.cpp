// Playground II, I/O made visible: a server nobody has connected to waits (not stalls) for the network client;
// client input arrives as a time_jump plus an `input` event; the echo round trip; faults as the snippet sees
// them (reset -> ECONNRESET, fd limit -> the EMFILE trick, refuse -> ECONNREFUSED); the fd table's view.
#include <string>

#include "ui_support.h"

using ls::Input;
using ls::InputAction;
using ls::StepKind;
using ls::ui::Session;

using uitest::act;

namespace {


// Paced frames on the fake clock, `ms` real milliseconds at a time, until `done` or a bound.
template <class Done>
void frames_until(Session& s, uitest::FakeClock& clock, Done done, double ms = 16) {
  for (int i = 0; i < 2000 && !done(); ++i) {
    clock.ms += ms;
    s.frame();
  }
  REQUIRE(done());
}

const ls::ui::ClientRow* client(const ls::ui::ViewModel& vm, uint64_t id) {
  for (const auto& c : vm.network.clients)
    if (c.id == id) return &c;
  return nullptr;
}

std::string view_status(const Session& s) { return ls::ui::build_view(&s, {}).status; }

int count_kind(const Session& s, ls::TraceKind kind) {
  int n = 0;
  for (const ls::TraceEvent& ev : s.loop().trace().events()) n += ev.kind == kind;
  return n;
}

}  // namespace

TEST_CASE("echo_server: waits for a client, a connect ends the wait with a time_jump, three lines echo back") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("echo_server", clock);
  s->play();
  frames_until(*s, clock, [&] { return s->waiting_for_input(); });
  CHECK(view_status(*s) == "waiting");
  CHECK(ls::ui::build_view(s.get(), {}).narration.find("poll: waiting for a client") != std::string::npos);
  CHECK(!s->ended());
  uint64_t waited_at = s->loop().hrtime();
  clock.ms += 500;  // half a second of real time at x1 while nobody connects
  s->frame();
  CHECK(s->waiting_for_input());
  CHECK(s->loop().hrtime() == waited_at);              // the loop's clock stands still in the poll ...
  CHECK(s->virtual_now_ns() >= waited_at + 500000000); // ... while the pace's time goes on

  uint64_t seq_before = s->loop().trace().last_seq();
  ls::InputResult r = s->input(act(InputAction::Connect, 0, 7000));
  REQUIRE(r.error == 0);
  CHECK(r.client == 1);
  // waiting -> input -> time_jump: the jump to the input's time, then the input itself.
  const ls::TraceEvent* jump = s->loop().trace().event(seq_before + 1);
  const ls::TraceEvent* input = s->loop().trace().event(seq_before + 2);
  REQUIRE(jump);
  REQUIRE(input);
  CHECK(jump->kind == ls::TraceKind::TimeJump);
  CHECK(static_cast<uint64_t>(jump->a) == waited_at);
  CHECK(static_cast<uint64_t>(jump->b) == s->inputs()[0].t_ns);
  CHECK(input->kind == ls::TraceKind::Input);
  CHECK(input->id == 1);
  CHECK(s->inputs().size() == 1);
  CHECK(s->inputs()[0].seq == seq_before);

  frames_until(*s, clock, [&] { return s->console().find("client 1 connected") != std::string::npos; });
  REQUIRE(s->input(act(InputAction::Send, 1, 0, "one\n")).error == 0);
  REQUIRE(s->input(act(InputAction::Send, 1, 0, "two\n")).error == 0);
  REQUIRE(s->input(act(InputAction::Send, 1, 0, "three\n")).error == 0);
  frames_until(*s, clock, [&] {
    auto vm = ls::ui::build_view(s.get(), {});
    return client(vm, 1) && client(vm, 1)->received == "one\ntwo\nthree\n";
  });
  auto vm = ls::ui::build_view(s.get(), {});
  // The fd table: the listener and the accepted connection, owned by their tcp handles and watched.
  REQUIRE(vm.network.listening.size() == 1);
  CHECK(vm.network.listening[0].port == 7000);
  int listener_fd = vm.network.listening[0].fd;
  bool listener_row = false, conn_row = false;
  for (const auto& f : vm.network.fds) {
    if (f.fd == listener_fd) listener_row = f.state == "listening" && f.handle != 0 && (f.interest & ls::kReadable);
    if (f.kind == "tcp" && f.state == "ESTABLISHED") conn_row = f.handle != 0 && (f.interest & ls::kReadable);
  }
  CHECK(listener_row);
  CHECK(conn_row);
  REQUIRE(vm.network.connections.size() == 1);
  CHECK(vm.network.connections[0].client_remote);
  CHECK(vm.network.connections[0].remote_client == 1);
  CHECK(count_kind(*s, ls::TraceKind::Input) == 4);
}

TEST_CASE("faults: a reset gives the read callback ECONNRESET; refuse gives the client ECONNREFUSED") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("echo_server", clock);
  s->play();
  frames_until(*s, clock, [&] { return s->waiting_for_input(); });
  REQUIRE(s->input(act(InputAction::Connect, 0, 7000)).error == 0);
  frames_until(*s, clock, [&] { return s->console().find("client 1 connected") != std::string::npos; });
  Input reset = act(InputAction::Reset, 1);
  REQUIRE(s->input(reset).error == 0);
  frames_until(*s, clock, [&] { return s->console().find("client 1: read error ECONNRESET") != std::string::npos; });
  CHECK(client(ls::ui::build_view(s.get(), {}), 1)->error == "ECONNRESET");

  Input refuse = act(InputAction::Refuse, 0, 7000);
  REQUIRE(s->input(refuse).error == 0);
  REQUIRE(s->input(act(InputAction::Connect, 0, 7000)).error == 0);
  frames_until(*s, clock, [&] {
    auto c = client(ls::ui::build_view(s.get(), {}), 2);
    return c && c->state != "connecting";
  });
  auto c2 = client(ls::ui::build_view(s.get(), {}), 2);
  CHECK(c2->error == "ECONNREFUSED");
  CHECK(c2->state == "refused");
  CHECK(s->console().find("client 2") == std::string::npos);  // the server never heard of it
  CHECK(s->input(act(InputAction::Reset, 9)).message == "no client 9");
}

TEST_CASE("fd limit: a new client is closed at once (the EMFILE trick), others keep echoing, a new socket fails") {
  std::string code = uitest::read_file(std::string(LOOPSCOPE_UI_FIXTURES) + "/fdlimit_probe.lua");
  REQUIRE(!code.empty());
  uitest::FakeClock clock;
  auto s = uitest::code_session(code, clock);
  s->play();
  frames_until(*s, clock, [&] { return s->loop().iteration() >= 1; });
  REQUIRE(s->input(act(InputAction::Connect, 0, 7000)).error == 0);
  frames_until(*s, clock, [&] { return s->console().find("accepted") != std::string::npos; });
  auto vm = ls::ui::build_view(s.get(), {});
  size_t open = vm.network.open_fds;
  REQUIRE(s->input(act(InputAction::FdLimit, 0, static_cast<int64_t>(open))).error == 0);
  CHECK(ls::ui::build_view(s.get(), {}).network.fd_limit == static_cast<int>(open));

  REQUIRE(s->input(act(InputAction::Connect, 0, 7000)).error == 0);
  frames_until(*s, clock, [&] {
    auto c = client(ls::ui::build_view(s.get(), {}), 2);
    return c && c->eof;
  });
  auto c2 = client(ls::ui::build_view(s.get(), {}), 2);
  CHECK(c2->received.empty());  // accepted and closed at once by the loop, not by the snippet
  CHECK(s->console().find("accepted\naccepted") == std::string::npos);

  REQUIRE(s->input(act(InputAction::Send, 1, 0, "still here\n")).error == 0);
  frames_until(*s, clock, [&] { return client(ls::ui::build_view(s.get(), {}), 1)->received == "still here\n"; });
  frames_until(*s, clock, [&] { return s->console().find("new socket: EMFILE") != std::string::npos; }, 100);
}

TEST_CASE("step mode: input while paused applies at the loop's time; fd rows changed by a step are marked") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("echo_server", clock);
  while (!s->waiting_for_input() && !s->ended()) s->step(StepKind::Callback);
  REQUIRE(s->waiting_for_input());
  uint64_t t = s->loop().hrtime();
  REQUIRE(s->input(act(InputAction::Connect, 0, 7000)).error == 0);
  CHECK(s->inputs()[0].t_ns == t);  // paused: time stands still
  s->step(StepKind::Callback);      // the accept callback
  auto vm = ls::ui::build_view(s.get(), {});
  bool marked = false;
  for (const auto& f : vm.network.fds) marked |= f.changed && f.kind == "tcp" && f.state == "ESTABLISHED";
  CHECK(marked);  // the accepted socket is new in this step
  CHECK(s->console().find("client 1 connected") != std::string::npos);
}

TEST_CASE("outside input is refused before the run starts and after it ends") {
  uitest::FakeClock clock;
  auto s = uitest::code_session("print('hi')", clock);
  CHECK(s->input(act(InputAction::Connect, 0, 7000)).error != 0);
  uitest::run_instant(*s);
  CHECK(s->input(act(InputAction::Connect, 0, 7000)).message == "the run has ended");
  CHECK(s->inputs().empty());
}

TEST_CASE("recorded inputs replay a paced session exactly: same seqs, same times, the same trace") {
  const char* code = R"(local uv = require('luv')
local beats = 0
local heartbeat = uv.new_timer()
heartbeat:start(300, 300, function()
  beats = beats + 1
  if beats == 8 then heartbeat:close() end
end)
local server = uv.new_tcp()
assert(server:bind('127.0.0.1', 7000))
assert(server:listen(128, function(err)
  local conn = uv.new_tcp()
  server:accept(conn)
  conn:read_start(function(err, data)
    if err then print('read error ' .. err) conn:close()
    elseif data then print('got ' .. data) conn:write(data)
    else conn:close() end
  end)
end))
)";
  // The original: paced at x1 on the fake clock, the user acting at odd moments, timers due in between.
  uitest::FakeClock clock;
  auto a = uitest::code_session(code, clock);
  a->play();
  struct Act {
    double at_ms;
    Input in;
  };
  std::vector<Act> script = {{110, act(InputAction::Connect, 0, 7000)}, {290, act(InputAction::Send, 1, 0, "a\n")},
                             {615, act(InputAction::Latency, 0, 40)},   {700, act(InputAction::Send, 1, 0, "b\n")},
                             {1010, act(InputAction::Reset, 1)},         {1500, act(InputAction::Connect, 0, 7000)},
                             {1520, act(InputAction::Send, 2, 0, "c\n")}, {1900, act(InputAction::Close, 2)}};
  for (const Act& s : script) {
    while (clock.ms + 16 <= s.at_ms) {
      clock.ms += 16;
      a->frame();
    }
    clock.ms = s.at_ms;  // between two frames
    REQUIRE(a->input(s.in).error == 0);
  }
  frames_until(*a, clock, [&] { return a->waiting_for_input(); });
  CHECK(a->console().find("got a") != std::string::npos);
  CHECK(a->console().find("read error ECONNRESET") != std::string::npos);
  CHECK(a->console().find("got c") != std::string::npos);
  const std::vector<Input> inputs = a->inputs();
  REQUIRE(inputs.size() == script.size());

  // The replay: by callback steps, the horizon at the next input's time, each input at its seq.
  auto b = uitest::code_session(code, clock);
  size_t next = 0;
  for (int i = 0; i < 100000 && !b->ended(); ++i) {
    while (next < inputs.size() && b->loop().trace().last_seq() == inputs[next].seq) {
      Input in = inputs[next];
      REQUIRE(ls::apply_input(b->loop(), in, inputs[next].t_ns).error == 0);
      CHECK(in.t_ns == inputs[next].t_ns);
      ++next;
    }
    if (next == inputs.size() && b->runtime().last_step().waiting_for_input) break;
    b->loop().set_wait_horizon(next < inputs.size() ? inputs[next].t_ns : ls::Loop::kNoHorizon);
    b->runtime().advance(StepKind::Callback);
  }
  CHECK(next == inputs.size());
  CHECK(b->console() == a->console());
  CHECK(b->loop().trace().jsonl() == a->loop().trace().jsonl());
}
