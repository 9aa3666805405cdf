// Outside input (Loop::set_outside_input, jump_wait_to; core/emu/inputs.h): a server nobody has connected to
// yet waits instead of stalling when someone outside may still act; run() still stalls; input arriving while
// the poll waits ends the wait with a time_jump at the input's time, traced as `input`, and the accept follows.
#include <doctest/doctest.h>

#include <memory>
#include <vector>

#include "core/emu/emulated_backend.h"
#include "core/emu/inputs.h"
#include "core/loopscope.h"

namespace {

std::unique_ptr<ls::Loop> emulated_loop() {
  ls::LoopOptions o;
  o.clock = ls::ClockKind::Virtual;
  o.trace_capacity = 4096;
  o.backend = ls::make_emulated_backend();
  return std::make_unique<ls::Loop>(std::move(o));
}

std::vector<ls::TraceKind> kinds_after(const ls::Loop& loop, uint64_t seq) {
  std::vector<ls::TraceKind> out;
  for (const ls::TraceEvent& ev : loop.trace().events())
    if (ev.seq > seq) out.push_back(ev.kind);
  return out;
}

}  // namespace

TEST_CASE("outside input: a server nobody reaches waits for it; input ends the wait with a time_jump") {
  auto loop = emulated_loop();
  loop->set_outside_input(true);
  ls::Tcp server(*loop), conn(*loop);
  REQUIRE(server.bind("127.0.0.1", 7000) == 0);
  int accepted = 0;
  REQUIRE(server.listen(16, [&](ls::Stream& s, int status) {
    REQUIRE(status == 0);
    REQUIRE(s.accept(conn) == 0);
    ++accepted;
  }) == 0);
  ls::StepResult r;
  for (int i = 0; i < 50 && !r.waiting_for_input; ++i) r = loop->step(ls::StepKind::Callback);
  REQUIRE(r.waiting_for_input);
  CHECK(r.waiting);
  CHECK(!r.run_ended);
  CHECK(!loop->stalled());
  CHECK(loop->waiting_for_input());
  uint64_t t0 = loop->hrtime();
  r = loop->step(ls::StepKind::Callback);  // still nobody: the same wait, nothing moves
  CHECK(r.waiting_for_input);
  CHECK(loop->hrtime() == t0);

  ls::Input in;
  in.action = ls::InputAction::Connect;
  in.value = 7000;
  uint64_t seq = loop->trace().last_seq();
  ls::InputResult ir = ls::apply_input(*loop, in, t0 + 250'000'000);
  REQUIRE(ir.error == 0);
  CHECK(ir.client == 1);
  CHECK(in.seq == seq);
  CHECK(in.t_ns == t0 + 250'000'000);
  CHECK(kinds_after(*loop, seq) == std::vector<ls::TraceKind>{ls::TraceKind::TimeJump, ls::TraceKind::Input});
  for (int i = 0; i < 50 && accepted == 0; ++i) loop->step(ls::StepKind::Callback);
  CHECK(accepted == 1);
  CHECK(loop->hrtime() >= t0 + 250'000'000);
  server.close();
  conn.close();
  loop->set_outside_input(false);
  CHECK(loop->run() == 0);
}

TEST_CASE("outside input: run() ignores it (the CLI's run stalls); off, a step stalls too") {
  for (bool via_run : {true, false}) {
    CAPTURE(via_run);
    auto loop = emulated_loop();
    loop->set_outside_input(via_run);
    ls::Tcp server(*loop);
    REQUIRE(server.bind("127.0.0.1", 7001) == 0);
    REQUIRE(server.listen(16, [](ls::Stream&, int) {}) == 0);
    if (via_run) {
      loop->run();
    } else {
      for (int i = 0; i < 50 && !loop->stalled(); ++i) loop->step(ls::StepKind::Callback);
    }
    CHECK(loop->stalled());
    CHECK(!loop->waiting_for_input());
    server.close();
    loop->run();
  }
}

TEST_CASE("outside input: jump_wait_to only while the poll waits, never backwards; bad input is refused") {
  auto loop = emulated_loop();
  loop->set_outside_input(true);
  CHECK(!loop->jump_wait_to(1'000'000));  // not waiting: time stands where it is
  ls::Input bad;
  bad.action = ls::InputAction::FdLimit;
  bad.value = 0;
  uint64_t seq = loop->trace().last_seq();
  CHECK(ls::apply_input(*loop, bad, 0).error == -EINVAL);
  ls::Input nobody;
  nobody.action = ls::InputAction::Send;
  nobody.client = 4;
  CHECK(ls::apply_input(*loop, nobody, 0).message == "no client 4");
  CHECK(loop->trace().last_seq() == seq);  // refused input is not traced

  ls::LoopOptions o;
  o.clock = ls::ClockKind::Virtual;
  ls::Loop plain(std::move(o));  // the default backend: no emulated kernel
  ls::Input c;
  c.action = ls::InputAction::Connect;
  c.value = 7000;
  CHECK(ls::apply_input(plain, c, 0).error == -ENOSYS);
}
