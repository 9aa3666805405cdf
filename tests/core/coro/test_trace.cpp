// Every suspension and resumption is a trace event carrying the strand's name and the line of the co_await;
// inspect() lists strands with where they wait.
#include <string>
#include <vector>

#include "coro_support.h"

namespace {

using ls::coro::task;

int g_sleep_line = 0;

task<void> napper(ls::Loop& loop) {
  g_sleep_line = __LINE__ + 1;
  co_await ls::coro::sleep(loop, 7);
}

std::vector<std::string> coro_events(const ls::Loop& loop) {
  std::vector<std::string> out;
  for (const auto& ev : loop.trace().events()) {
    if (ev.kind == ls::TraceKind::CoroSuspend || ev.kind == ls::TraceKind::CoroResume)
      out.push_back(std::string(ls::to_string(ev.kind)) + " " + ev.text + ":" + std::to_string(ev.a) + " " +
                    ls::to_string(ev.phase));
  }
  return out;
}

}  // namespace

TEST_SUITE("coro") {

TEST_CASE("trace: suspend and resume carry the strand name and the awaiting line") {
  corotest::each_vloop(
      [](ls::Loop& loop) {
        ls::coro::spawn(loop, napper(loop), "napper");
        loop.run();
        std::string l = std::to_string(g_sleep_line);
        CHECK(coro_events(loop) ==
              std::vector<std::string>{"coro_suspend napper:" + l + " none", "coro_resume napper:" + l + " timers"});
        corotest::finish(loop);
      },
      1024);
}

TEST_CASE("trace: the resumption happens inside the timer callback that completes the wait") {
  auto loop = corotest::emulated_vloop(1024);
  ls::coro::spawn(*loop, napper(*loop), "napper");
  loop->run();
  std::vector<ls::TraceKind> kinds;
  for (const auto& ev : loop->trace().events())
    if (ev.kind == ls::TraceKind::CallbackBegin || ev.kind == ls::TraceKind::CallbackEnd ||
        ev.kind == ls::TraceKind::CoroResume)
      kinds.push_back(ev.kind);
  // The timer's callback resumes the coroutine; the strand then ends and closes its timer (a close callback).
  REQUIRE(kinds.size() >= 3);
  CHECK(kinds[0] == ls::TraceKind::CallbackBegin);
  CHECK(kinds[1] == ls::TraceKind::CoroResume);
  CHECK(kinds[2] == ls::TraceKind::CallbackEnd);
  corotest::finish(*loop);
}

TEST_CASE("trace: nothing is recorded, and no name is built, with tracing off") {
  auto loop = lstest::vloop<lstest::NullCase>();
  ls::coro::spawn(*loop, napper(*loop), "napper");
  loop->run();
  CHECK(loop->trace().size() == 0);
  corotest::finish(*loop);
}

TEST_CASE("inspect: each strand with the line it waits at and the handle it waits on") {
  corotest::each_vloop([](ls::Loop& loop) {
    ls::Timer timer(loop);
    int line = 0;
    auto waits_on_timer = [&]() -> task<void> {
      line = __LINE__ + 1;
      co_await ls::coro::sleep(timer, 50);
    };
    ls::coro::spawn(loop, waits_on_timer(), "w");
    ls::coro::spawn(loop, napper(loop), "n");
    auto info = ls::coro::inspect(loop);
    REQUIRE(info.size() == 2);
    CHECK(info[0].name == "w");
    CHECK(info[0].suspended);
    CHECK(info[0].line == line);
    CHECK(info[0].handle_id == timer.id());
    CHECK(info[1].name == "n");
    CHECK(info[1].line == g_sleep_line);
    CHECK(std::string(info[1].func).find("napper") != std::string::npos);
    CHECK(info[1].handle_id == 0);  // its strand's own timer is not a handle anyone else can close
    loop.run();
    CHECK(ls::coro::inspect(loop).empty());
    corotest::finish(loop);
  });
}

}  // TEST_SUITE
