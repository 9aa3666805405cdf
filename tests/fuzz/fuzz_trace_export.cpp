// fuzz_trace_export: the trace exporters (core/trace_export.cpp) on two kinds of trace.
//  - A complete trace of an ended run: a generated program of timers, idle/prepare/check watchers, asyncs and
//    thread-pool work whose callbacks start, stop and close each other, print arbitrary bytes and stop the
//    loop, run on the emulated backend (virtual clock, deterministic) in generated run modes and steps, then
//    closed clean. The ring holds the whole run. Checks: every JSONL line parses as JSON; the Chrome export
//    parses, its timestamps never go back, and its B/E events nest (each E closes the innermost open B of the
//    same name) and all close by the end.
//  - Raw events of any kind with any field values and any bytes as text, through a small ring that wraps:
//    every JSONL line and the Chrome export must still parse (no B/E claim: a wrapped ring is not complete).
#include <fuzzer/FuzzedDataProvider.h>

#include <nlohmann/json.hpp>

#include <array>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/loopscope.h"
#include "fuzz_check.h"

namespace {

constexpr int kMaxCallbacks = 400;

void check_jsonl(const std::string& text) {
  std::istringstream lines(text);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    ++n;
    FUZZ_CHECK(nlohmann::json::accept(line), "JSONL line %d is not JSON: %.2000s", n, line.c_str());
  }
  FUZZ_CHECK(n >= 1, "no header line");
}

nlohmann::json parse_chrome(const std::string& text) {
  FUZZ_CHECK(nlohmann::json::accept(text), "the Chrome export is not JSON: %.300s", text.c_str());
  nlohmann::json doc = nlohmann::json::parse(text);
  FUZZ_CHECK(doc.contains("traceEvents") && doc["traceEvents"].is_array(), "no traceEvents array");
  return doc;
}

void check_balanced(const nlohmann::json& doc) {
  std::vector<std::string> open;
  double last_ts = -1;
  for (const auto& ev : doc["traceEvents"]) {
    double ts = ev.at("ts").get<double>();
    FUZZ_CHECK(ts >= last_ts, "ts went back from %f to %f", last_ts, ts);
    last_ts = ts;
    const std::string ph = ev.at("ph").get<std::string>(), name = ev.at("name").get<std::string>();
    if (ph == "B") open.push_back(name);
    if (ph == "E") {
      FUZZ_CHECK(!open.empty(), "E \"%s\" with nothing open", name.c_str());
      FUZZ_CHECK(open.back() == name, "E \"%s\" closes B \"%s\"", name.c_str(), open.back().c_str());
      open.pop_back();
    }
  }
  FUZZ_CHECK(open.empty(), "%zu B events never closed (innermost \"%s\")", open.size(),
             open.empty() ? "" : open.back().c_str());
}

// ---- a complete run --------------------------------------------------------------------------------------------
struct Program {
  FuzzedDataProvider& in;
  ls::Loop loop;
  std::vector<std::unique_ptr<ls::Timer>> timers;
  std::vector<std::unique_ptr<ls::Idle>> idles;
  std::vector<std::unique_ptr<ls::Prepare>> prepares;
  std::vector<std::unique_ptr<ls::Check>> checks;
  std::vector<std::unique_ptr<ls::Async>> asyncs;
  std::unique_ptr<ls::Timer> deadline;
  int callbacks = 0, ticks = 0;

  void wind_down() {
    callbacks = kMaxCallbacks + 1;
    loop.walk([](ls::Handle& h) {
      if (!h.is_closing()) h.close();
    });
  }

  static ls::LoopOptions options(FuzzedDataProvider& in) {
    ls::LoopOptions o;
    o.clock = ls::ClockKind::Virtual;
    o.order = in.ConsumeBool() ? ls::Order::Modern : ls::Order::Legacy;
    o.trace_capacity = 1 << 20;  // far more than kMaxCallbacks can fill: the trace is complete
    o.backend = ls::make_emulated_backend();
    return o;
  }

  explicit Program(FuzzedDataProvider& p) : in(p), loop(options(p)) {
    for (int i = 0; i < 4; ++i) {
      timers.push_back(std::make_unique<ls::Timer>(loop));
      idles.push_back(std::make_unique<ls::Idle>(loop));
      prepares.push_back(std::make_unique<ls::Prepare>(loop));
      checks.push_back(std::make_unique<ls::Check>(loop));
      asyncs.push_back(std::make_unique<ls::Async>(loop, [this](ls::Async&) { act(); }));
    }
    // An open async may be sent from another thread, so a loop whose other handles are all prepare/check blocks
    // for it forever, as libuv does. The deadline timer bounds every run in virtual time: it winds down after
    // 50 ticks whatever the program did.
    deadline = std::make_unique<ls::Timer>(loop);
    deadline->start([this](ls::Timer&) {
      if (++ticks > 50) wind_down();
    }, 5, 5);
  }

  template <class H>
  H* pick(std::vector<std::unique_ptr<H>>& v) {
    H* h = v[in.ConsumeIntegralInRange<std::size_t>(0, v.size() - 1)].get();
    return h->is_closing() ? nullptr : h;
  }

  // One generated action; callbacks run one each, so the program's shape comes from the input.
  void act() {
    if (++callbacks > kMaxCallbacks) {  // bounded: past the budget every callback winds the program down
      wind_down();
      return;
    }
    switch (in.ConsumeIntegralInRange<int>(0, 12)) {
      case 0: if (auto* t = pick(timers)) t->start([this](ls::Timer&) { act(); }, in.ConsumeIntegralInRange<int>(0, 20), in.ConsumeIntegralInRange<int>(0, 3)); break;
      case 1: if (auto* t = pick(timers)) t->stop(); break;
      case 2: if (auto* h = pick(idles)) h->start([this](ls::Idle&) { act(); }); break;
      case 3: if (auto* h = pick(prepares)) h->start([this](ls::Prepare&) { act(); }); break;
      case 4: if (auto* h = pick(checks)) h->start([this](ls::Check&) { act(); }); break;
      case 5: if (auto* h = pick(idles)) h->stop(); break;
      case 6: if (auto* h = pick(checks)) h->stop(); break;
      case 7: if (auto* h = pick(asyncs)) h->send(); break;
      case 8: loop.trace().output(in.ConsumeRandomLengthString(64)); break;
      case 9: ls::queue_work(loop, [] {}, [this](int) { act(); }, in.ConsumeIntegralInRange<std::uint64_t>(0, 3'000'000)); break;
      case 10: {  // close a handle, sometimes from inside its own callback
        std::array<ls::Handle*, 5> any{pick(timers), pick(idles), pick(prepares), pick(checks), pick(asyncs)};
        if (ls::Handle* h = any[in.ConsumeIntegralInRange<std::size_t>(0, 4)]) h->close([this](ls::Handle&) { act(); });
        break;
      }
      case 11: loop.stop(); break;
      case 12: if (auto* h = pick(prepares)) h->stop(); break;
    }
  }

  void run() {
    act();
    act();
    act();
    for (int i = 0; i < 8 && in.remaining_bytes() > 0; ++i) {
      switch (in.ConsumeIntegralInRange<int>(0, 3)) {
        case 0: loop.run(ls::RunMode::Default); break;
        case 1: loop.run(ls::RunMode::Once); break;
        case 2: loop.run(ls::RunMode::NoWait); break;
        case 3: loop.step(ls::StepKind::Callback); break;
      }
      act();
    }
    wind_down();  // the ending: close everything, run the closes, end the loop
    for (int i = 0; i < 100 && loop.alive(); ++i) loop.run();
    loop.run();
  }
};

void complete_run(FuzzedDataProvider& in) {
  Program p(in);
  p.run();
  FUZZ_CHECK(p.loop.trace().dropped() == 0, "the ring wrapped: %llu dropped", (unsigned long long)p.loop.trace().dropped());
  check_jsonl(p.loop.trace().jsonl());
  check_balanced(parse_chrome(p.loop.trace().chrome_json()));
}

// ---- raw events through a wrapping ring -------------------------------------------------------------------------
void raw_events(FuzzedDataProvider& in) {
  ls::LoopOptions o;
  o.clock = ls::ClockKind::Virtual;
  o.trace_capacity = in.ConsumeIntegralInRange<std::size_t>(1, 16);
  o.backend = ls::make_null_backend();
  ls::Loop loop(std::move(o));
  for (int i = 0; i < 64 && in.remaining_bytes() > 0; ++i) {
    ls::TraceEvent ev;
    ev.kind = static_cast<ls::TraceKind>(in.ConsumeIntegralInRange<int>(0, static_cast<int>(ls::TraceKind::IoInterest)));
    ev.phase = static_cast<ls::Phase>(in.ConsumeIntegralInRange<int>(0, static_cast<int>(ls::Phase::Closing)));
    ev.htype = static_cast<ls::HandleType>(in.ConsumeIntegralInRange<int>(0, static_cast<int>(ls::HandleType::Pipe)));
    ev.cb = static_cast<ls::CallbackKind>(in.ConsumeIntegralInRange<int>(0, static_cast<int>(ls::CallbackKind::Work)));
    ev.id = in.ConsumeIntegral<std::uint64_t>();
    ev.a = in.ConsumeIntegral<std::int64_t>();
    ev.b = in.ConsumeIntegral<std::int64_t>();
    ev.text = in.ConsumeRandomLengthString(80);
    loop.trace().emit(std::move(ev));
    if (in.ConsumeBool()) loop.charge(in.ConsumeIntegral<std::uint32_t>());
  }
  check_jsonl(loop.trace().jsonl());
  parse_chrome(loop.trace().chrome_json());
  loop.close();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  if (in.ConsumeBool()) {
    complete_run(in);
  } else {
    raw_events(in);
  }
  return 0;
}
