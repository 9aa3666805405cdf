// The coroutine events of the trace: coro_spawn / coro_suspend (with what it awaits, an interned string) /
// coro_resume / coro_done, exported with the documented fields; the intern table is bounded and TraceEvent keeps
// its size (the page's ring holds a million of them).
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>

#include "support.h"

TEST_SUITE("trace") {

TEST_CASE("coroutine events: spawn, suspend with awaiting, resume, done, in JSON Lines") {
  ls::Loop loop(lstest::options(ls::make_null_backend(), ls::ClockKind::Virtual, ls::Order::Modern, 64));
  ls::Trace& t = loop.trace();
  t.coro_spawn(7, "task 1", 3, ls::CoroKind::Task);
  t.coro_suspend(7, "task 1", 5, "sleep 200 ms");
  t.coro_resume(7, "task 1", 5);
  t.coro_suspend(7, "task 1", 6, "sleep 200 ms");
  t.coro_done(7, "task 1", ls::CoroStatus::Failed);
  t.coro_spawn(8, "coroutine 1", 9, ls::CoroKind::Coroutine);
  t.coro_suspend("strand", 11);  // a C++ strand: no id, nothing awaited said
  std::istringstream in(t.jsonl());
  std::string line;
  std::getline(in, line);  // header
  std::vector<nlohmann::json> ev;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    if (j["ev"].get<std::string>().rfind("coro_", 0) == 0) ev.push_back(j);
  }
  REQUIRE(ev.size() == 7);
  CHECK(ev[0]["ev"] == "coro_spawn");
  CHECK(ev[0]["coro"] == 7);
  CHECK(ev[0]["name"] == "task 1");
  CHECK(ev[0]["line"] == 3);
  CHECK(ev[0]["kind"] == "task");
  CHECK(ev[1]["ev"] == "coro_suspend");
  CHECK(ev[1]["awaiting"] == "sleep 200 ms");
  CHECK(ev[1]["coro"] == 7);
  CHECK(ev[2]["ev"] == "coro_resume");
  CHECK_FALSE(ev[2].contains("awaiting"));
  CHECK(ev[3]["awaiting"] == "sleep 200 ms");
  CHECK(ev[4]["ev"] == "coro_done");
  CHECK(ev[4]["status"] == "failed");
  CHECK(ev[5]["kind"] == "coroutine");
  CHECK_FALSE(ev[6].contains("coro"));
  CHECK_FALSE(ev[6].contains("awaiting"));
  // The same phrase is one interned string.
  std::vector<ls::TraceEvent> suspends;
  for (const ls::TraceEvent& e : t.events())
    if (e.kind == ls::TraceKind::CoroSuspend && e.id == 7) suspends.push_back(e);
  REQUIRE(suspends.size() == 2);
  CHECK(suspends[0].b == suspends[1].b);
  CHECK(t.interned(static_cast<uint64_t>(suspends[0].b)) == "sleep 200 ms");
  // The Chrome export carries the same fields in args.
  auto doc = nlohmann::json::parse(t.chrome_json());
  bool in_chrome = false;
  for (auto& e : doc["traceEvents"]) in_chrome |= e["name"] == "coro_suspend" && e["args"].value("awaiting", "") == "sleep 200 ms";
  CHECK(in_chrome);
}

TEST_CASE("the intern table is bounded: past the limit an event says nothing rather than growing it") {
  ls::Loop loop(lstest::options(ls::make_null_backend(), ls::ClockKind::Virtual, ls::Order::Modern, 16));
  ls::Trace& t = loop.trace();
  for (size_t i = 0; i < ls::Trace::kMaxInterned; ++i) CHECK(t.intern("sleep " + std::to_string(i) + " ms") != 0);
  CHECK(t.intern("one too many") == 0);
  CHECK(t.intern("sleep 5 ms") != 0);  // known ones still resolve
  CHECK(t.interned(0).empty());
  CHECK(t.interned(1u << 30).empty());
}

TEST_CASE("TraceEvent keeps its size: the second string is a number") {
  // The layout before coroutine events were added: what a million-event ring costs must not grow.
  struct Before {
    uint64_t seq, t_ns;
    uint8_t kind, phase, htype, cb;
    uint64_t id;
    int64_t a, b;
    int32_t line;
    std::string text;
  };
  CHECK(sizeof(ls::TraceEvent) == sizeof(Before));
}

}  // TEST_SUITE
