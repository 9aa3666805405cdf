// The trace: off costs nothing visible, on records the documented events, the ring is bounded with gap-free
// sequence numbers, and both exports parse as JSON (checked with nlohmann/json).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "support.h"

namespace {

// A small program: two timers (one repeating), an idle that stops itself, a check, a close callback.
void small_program(ls::Loop& loop, ls::Timer& a, ls::Timer& b, ls::Idle& idle) {
  int* n = new int(0);
  a.start([&loop](ls::Timer& t) {
    loop.trace().output("tick \"quoted\"\n");
    t.close([](ls::Handle&) {});
  }, 5, 0);
  b.start([n](ls::Timer& t) {
    if (++*n == 3) {
      delete n;
      t.stop();
    }
  }, 2, 2);
  idle.start([](ls::Idle& i) { i.stop(); });
}

// Every E closes the slice last opened, with the same name; returns the deepest nesting seen (-1 if unbalanced).
int slice_depth(const nlohmann::json& events, bool all_closed) {
  std::vector<std::string> open;
  size_t deepest = 0;
  for (const auto& e : events) {
    std::string ph = e["ph"];
    if (ph == "B") {
      open.push_back(e["name"]);
      deepest = std::max(deepest, open.size());
    } else if (ph == "E") {
      if (open.empty() || open.back() != e["name"]) return -1;
      open.pop_back();
    }
  }
  return all_closed && !open.empty() ? -1 : static_cast<int>(deepest);
}

}  // namespace

TEST_SUITE("trace") {

TEST_CASE("tracing off records nothing") {
  ls::Loop loop(lstest::options(ls::make_null_backend()));
  ls::Timer t(loop);
  t.start([](ls::Timer&) {}, 1, 0);
  loop.trace().output("ignored");
  CHECK(loop.run() == 0);
  CHECK_FALSE(loop.trace().enabled());
  CHECK(loop.trace().size() == 0);
  CHECK(loop.trace().events().empty());
  lstest::close_clean(loop);
}

TEST_CASE("JSON Lines export: header, then one parsable object per event with the documented fields") {
  ls::Loop loop(lstest::options(ls::make_null_backend(), ls::ClockKind::Virtual, ls::Order::Modern, 4096));
  ls::Timer a(loop), b(loop);
  ls::Idle idle(loop);
  small_program(loop, a, b, idle);
  loop.trace().coro_suspend("fetch", 12);
  loop.trace().coro_resume("fetch", 12);
  CHECK(loop.run() == 0);
  lstest::close_clean(loop);

  std::istringstream in(loop.trace().jsonl());
  std::string line;
  REQUIRE(std::getline(in, line));
  auto header = nlohmann::json::parse(line);
  CHECK(header["format"] == "loopscope-trace");
  CHECK(header["version"] == ls::kTraceFormatVersion);
  CHECK(header["clock"] == "virtual");
  CHECK(header["backend"] == "null");
  CHECK(header["order"] == "modern");
  CHECK(header["costs"]["ns_per_callback"] == 500);

  std::map<std::string, int> kinds;
  uint64_t last_seq = 0, last_t = 0;
  while (std::getline(in, line)) {
    auto ev = nlohmann::json::parse(line);
    CHECK(ev["seq"].get<uint64_t>() == last_seq + 1);
    CHECK(ev["t"].get<uint64_t>() >= last_t);  // time never goes backwards
    last_seq = ev["seq"];
    last_t = ev["t"];
    std::string kind = ev["ev"];
    ++kinds[kind];
    if (kind == "output") CHECK(ev["text"] == "tick \"quoted\"\n");
    if (kind == "coro_suspend") {
      CHECK(ev["name"] == "fetch");
      CHECK(ev["line"] == 12);
    }
    if (kind == "callback_begin") {
      CHECK(ev.contains("handle"));
      CHECK(ev.contains("type"));
      CHECK(ev.contains("cb"));
    }
    if (kind == "poll_timeout") CHECK(ev.contains("reason"));
    if (kind == "phase_enter") CHECK(ev.contains("queue"));
  }
  for (const char* k : {"run_begin", "run_end", "iteration_begin", "iteration_end", "update_time", "phase_enter",
                        "phase_leave", "poll_timeout", "time_jump", "callback_begin", "callback_end", "handle_open",
                        "handle_start", "handle_stop", "handle_close", "output", "coro_suspend", "coro_resume"}) {
    CAPTURE(std::string(k));
    CHECK(kinds[k] > 0);
  }
  CHECK(kinds["callback_begin"] == kinds["callback_end"]);
  CHECK(kinds["phase_enter"] == kinds["phase_leave"]);
}

TEST_CASE("Chrome trace export parses, with balanced B/E slices for a complete run") {
  ls::Loop loop(lstest::options(ls::make_null_backend(), ls::ClockKind::Virtual, ls::Order::Modern, 4096));
  ls::Timer a(loop), b(loop);
  ls::Idle idle(loop);
  small_program(loop, a, b, idle);
  CHECK(loop.run() == 0);
  lstest::close_clean(loop);
  auto doc = nlohmann::json::parse(loop.trace().chrome_json());
  CHECK(doc["otherData"]["format"] == "loopscope-trace");
  auto& evs = doc["traceEvents"];
  REQUIRE(evs.is_array());
  CHECK(evs.size() == loop.trace().size());
  for (auto& e : evs) {
    CHECK(e.contains("ts"));
    CHECK(e["pid"] == 1);
  }
  CHECK(slice_depth(evs, true) >= 4);  // run > iteration > phase > callback
}

TEST_CASE("Chrome trace export after the ring wrapped: no E without its B, whatever the cut") {
  // Each capacity cuts the ring at another point of an iteration (inside a callback, a phase, between them).
  for (size_t capacity = 5; capacity <= 40; ++capacity) {
    CAPTURE(capacity);
    ls::Loop loop(lstest::options(ls::make_null_backend(), ls::ClockKind::Virtual, ls::Order::Modern, capacity));
    ls::Timer a(loop), b(loop);
    ls::Idle idle(loop);
    small_program(loop, a, b, idle);
    CHECK(loop.run() == 0);
    REQUIRE(loop.trace().dropped() > 0);
    auto evs = nlohmann::json::parse(loop.trace().chrome_json())["traceEvents"];
    // The ring still ends with run_end, whose B is long gone: the export must leave that E (and others) out.
    CHECK(slice_depth(evs, false) >= 0);
    CHECK(evs.size() < loop.trace().size());
    lstest::close_clean(loop);
  }
}

TEST_CASE("ring buffer: bounded, oldest dropped, sequence numbers gap-free; listener sees everything") {
  ls::Loop loop(lstest::options(ls::make_null_backend(), ls::ClockKind::Virtual, ls::Order::Modern, 16));
  uint64_t heard = loop.trace().size();  // the constructor's update_time
  loop.trace().set_listener([&](const ls::TraceEvent&) { ++heard; });
  ls::Idle idle(loop);
  int n = 0;
  idle.start([&](ls::Idle& i) {
    if (++n == 50) i.stop();
  });
  CHECK(loop.run() == 0);
  auto evs = loop.trace().events();
  CHECK(evs.size() == 16);
  CHECK(loop.trace().size() == 16);
  CHECK(loop.trace().dropped() == heard - 16);
  for (size_t i = 1; i < evs.size(); ++i) CHECK(evs[i].seq == evs[i - 1].seq + 1);
  CHECK(evs.back().seq == heard);
  CHECK(evs.back().kind == ls::TraceKind::RunEnd);
  loop.trace().clear();
  CHECK(loop.trace().size() == 0);
  CHECK(loop.trace().dropped() == heard - 16);
  lstest::close_clean(loop);
}

TEST_CASE("strings are escaped; invalid UTF-8 becomes U+FFFD so every line parses") {
  ls::Loop loop(lstest::options(ls::make_null_backend(), ls::ClockKind::Virtual, ls::Order::Modern, 8));
  loop.trace().output(std::string("a\\b\x01\tc\xff\xc3\xa9 z", 11));
  auto evs = loop.trace().events();
  REQUIRE(evs.back().kind == ls::TraceKind::Output);
  auto j = nlohmann::json::parse(ls::Trace::to_json(evs.back()));
  CHECK(j["text"] == "a\\b\x01\tc\xef\xbf\xbd\xc3\xa9 z");
  CHECK(loop.close() == 0);
}

TEST_CASE("virtual-clock traces are deterministic") {
  auto once = [] {
    ls::Loop loop(lstest::options(ls::make_null_backend(), ls::ClockKind::Virtual, ls::Order::Modern, 4096));
    ls::Timer a(loop), b(loop);
    ls::Idle idle(loop);
    small_program(loop, a, b, idle);
    loop.run();
    lstest::close_clean(loop);
    return loop.trace().jsonl();
  };
  std::string first = once();
  CHECK(first.size() > 1000);
  CHECK(once() == first);
}

}  // TEST_SUITE
