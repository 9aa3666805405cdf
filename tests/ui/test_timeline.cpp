// The timeline's model and layout: bars where the trace puts the callbacks, poll waits with their reasons,
// clock jumps, inputs, a blocked loop as an overdue stretch with its late timers, the summary when zoomed out,
// hit-testing, and an incremental build that equals one from scratch. Also the model's cost with 100k events.
#include <chrono>

#include "ui/model/timeline.h"
#include "ui/model/timeline_state.h"
#include "ui_support.h"

using ls::StepKind;
using ls::TraceEvent;
using ls::TraceKind;
using namespace ls::ui;

namespace {

Timeline from_scratch(const ls::Trace& trace) {
  Timeline tl;
  tl.update(trace);
  return tl;
}

size_t count_kind(const ls::Trace& trace, TraceKind kind) {
  size_t n = 0;
  for (const TraceEvent& ev : trace.events()) n += ev.kind == kind;
  return n;
}

TimelineView view_of(double from_ms, double to_ms, float width) {
  TimelineView v;
  v.width = width;
  v.from = from_ms * 1e6;
  v.ns_per_px = (to_ms - from_ms) * 1e6 / width;
  v.follow = false;
  return v;
}

const TimelineItem* find_item(const TimelineLayout& lay, TimelineShape shape, TimelineLane lane) {
  for (const TimelineItem& it : lay.items)
    if (it.shape == shape && it.lane == lane) return &it;
  return nullptr;
}

std::string big_snippet() { return uitest::read_file(std::string(LOOPSCOPE_TESTS_UI_DIR) + "/timeline_100k.lua"); }

}  // namespace

TEST_CASE("blocking_the_loop: the long idle callback, and the timer it made late as an overdue stretch") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("blocking_the_loop", clock);
  uitest::run_instant(*s);
  Timeline tl = from_scratch(s->loop().trace());

  // Lane 0: the main chunk, then the idle callback of line 16 from 1.5 us to 130.0015 ms (30 ms busy-waiting
  // and uv.sleep(100)), its close callback, the timer of line 10, its close callback.
  const auto& top = tl.lane(0);
  REQUIRE(top.size() == 5);
  CHECK(top[0].chunk);
  CHECK(bar_name(top[0]) == "main chunk");
  CHECK(top[1].htype == ls::HandleType::Idle);
  CHECK(top[1].t0 == 1500);
  CHECK(top[1].t1 == 130001500);
  CHECK(top[1].line == 16);
  CHECK(top[1].seq == 14);
  CHECK(bar_name(top[2]) == "idle #2 close");
  CHECK(bar_name(top[3]) == "timer #1");
  CHECK(top[3].late_ns == 130002500 - 10000000);
  CHECK(tl.lane(1).empty());

  REQUIRE(tl.overdue().size() == 1);
  const OverdueStretch& o = tl.overdue()[0];
  CHECK(o.t0 == 10000000);
  CHECK(o.t1 == 130002500);
  CHECK(o.count == 1);
  REQUIRE(o.timers.size() == 1);
  CHECK(o.timers[0].handle == 1);
  CHECK(o.timers[0].line == 10);
  CHECK(o.blocker_seq == 14);  // the idle callback held the loop
  CHECK(o.blocker_ns == 130000000);

  CHECK(tl.iterations().size() == 2);
  CHECK(tl.gaps().empty());  // nothing ever waited: the poll timeouts were 0 (closing, no active handles)
  CHECK(tl.jumps() == 0);

  // Laid out over 0..200 ms on 1000 px: the idle bar ends at 650 px, the overdue stretch spans 50..650 px.
  TimelineLayout lay = layout_timeline(tl, view_of(0, 200, 1000));
  const TimelineItem* overdue = find_item(lay, TimelineShape::Overdue, TimelineLane::Overdue);
  REQUIRE(overdue != nullptr);
  CHECK(overdue->x0 == doctest::Approx(50));
  CHECK(overdue->x1 == doctest::Approx(650.0125));
  CHECK(overdue->label == "1 timer late, by up to 120 ms");
  TimelineHit h = hit_timeline(tl, lay, TimelineLane::Callbacks0, 300);
  REQUIRE(h.found);
  CHECK(h.item->shape == TimelineShape::Bar);
  CHECK(h.item->x1 == doctest::Approx(650.0075));
  CHECK(h.item->label == "idle #2 (line 16)");
  CHECK(h.seq == 14);
  CHECK(h.line == 16);
  CHECK(h.text.find("ran 130 ms") != std::string::npos);
  h = hit_timeline(tl, lay, TimelineLane::Overdue, 300);
  REQUIRE(h.found);
  CHECK(h.line == 16);  // a click on the stretch goes to what blocked the loop
  CHECK(h.text.find("timer #1 (line 10) due 10 ms, ran 130 ms: late by 120 ms") != std::string::npos);
  CHECK(h.text.find("the loop was busy in idle #2 (line 16) for 130 ms") != std::string::npos);
  CHECK(!hit_timeline(tl, lay, TimelineLane::Callbacks1, 300).found);
  CHECK(!hit_timeline(tl, lay, TimelineLane::Overdue, 20).found);  // before the due time: nothing late yet
}

TEST_CASE("poll waits are gaps between the clock's jumps, with the reason of their timeout") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("timers_due_order", clock);
  uitest::run_instant(*s);
  const ls::Trace& trace = s->loop().trace();
  Timeline tl = from_scratch(trace);
  REQUIRE(tl.jumps() == count_kind(trace, TraceKind::TimeJump));
  REQUIRE(tl.jumps() > 0);
  REQUIRE(tl.gaps().size() == tl.jumps());
  size_t g = 0;
  int64_t timeout = 0;
  std::string reason;
  for (const TraceEvent& ev : trace.events()) {
    if (ev.kind == TraceKind::PollTimeout) {
      timeout = ev.a;
      reason = ev.text;
    }
    if (ev.kind != TraceKind::TimeJump) continue;
    const TimelineGap& gap = tl.gaps()[g++];
    CHECK(gap.t0 == static_cast<uint64_t>(ev.a));
    CHECK(gap.t1 == static_cast<uint64_t>(ev.b));
    CHECK(gap.seq == ev.seq);
    CHECK(gap.timeout == timeout);
    CHECK(reason == ls::to_string(gap.reason));
  }
  // Hovering a wait names its reason in words.
  const TimelineGap& first = tl.gaps()[0];
  TimelineLayout lay = layout_timeline(tl, view_of(first.t0 / 1e6, first.t1 / 1e6, 800));
  TimelineHit h = hit_timeline(tl, lay, TimelineLane::Callbacks0, 400);
  REQUIRE(h.found);
  CHECK(h.item->shape == TimelineShape::Gap);
  CHECK(h.text.find("poll waited " + duration_words(first.t1 - first.t0)) == 0);
  CHECK(h.text.find(poll_reason_words(first.reason)) != std::string::npos);
  CHECK(h.item->label == "poll waited " + duration_words(first.t1 - first.t0) + ": " + poll_reason_words(first.reason));
  // Narrower, the label drops what does not fit (7 px a character): 150 px keep "poll waited N ms" only.
  double span_ms = (first.t1 - first.t0) / 1e6;
  TimelineLayout narrow = layout_timeline(tl, view_of(first.t0 / 1e6, first.t0 / 1e6 + span_ms * 800 / 150, 800));
  const TimelineItem* wait = find_item(narrow, TimelineShape::Gap, TimelineLane::Callbacks0);
  REQUIRE(wait != nullptr);
  CHECK(wait->label == "poll waited " + duration_words(first.t1 - first.t0));
  // ... and the jump is a mark at the gap's start.
  const TimelineItem* jump = find_item(lay, TimelineShape::Jump, TimelineLane::Marks);
  REQUIRE(jump != nullptr);
  CHECK(jump->x0 == doctest::Approx(0).epsilon(0.01));
  h = hit_timeline(tl, lay, TimelineLane::Marks, 1);
  REQUIRE(h.found);
  CHECK(h.text.find("virtual clock jumped") == 0);
  CHECK(h.seq == first.seq);
}

TEST_CASE("a repeat timer re-armed before its callback is late against the due that fired") {
  uitest::FakeClock clock;
  auto s = uitest::code_session(
      "local uv = require('luv')\nlocal n = 0\nlocal t = uv.new_timer()\n"
      "t:start(10, 10, function()\n  n = n + 1\n  if n == 1 then uv.sleep(25) end\n  if n == 3 then t:close() end\nend)\n",
      clock);
  uitest::run_instant(*s);
  Timeline tl = from_scratch(s->loop().trace());
  std::vector<const TimelineBar*> fires;
  for (const TimelineBar& b : tl.lane(0).items())
    if (!b.chunk && b.cb == ls::CallbackKind::Timer) fires.push_back(&b);
  REQUIRE(fires.size() == 3);
  CHECK(fires[0]->late_ns == 0);  // due 10, ran at 10 (it then slept 25 ms: the next due, 20, passed)
  CHECK(fires[1]->late_ns > 14000000);
  CHECK(fires[1]->late_ns < 16000000);  // due 20, ran at ~35
  CHECK(fires[2]->late_ns == 0);        // re-armed at 35 + 10 = 45: on time
  REQUIRE(tl.overdue().size() == 1);
  CHECK(tl.overdue()[0].t0 == 20000000);
  CHECK(tl.overdue()[0].timers[0].line == 4);
}

TEST_CASE("inputs emitted into the trace are marks that say what they did") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("timers_due_order", clock);
  s->step(StepKind::Callback);
  s->step(StepKind::Iteration);
  TraceEvent in;
  in.kind = TraceKind::Input;
  in.a = static_cast<int64_t>(ls::InputAction::Send);
  in.id = 2;
  in.text = "hello\n";
  s->loop().trace().emit(in);
  TraceEvent fault;
  fault.kind = TraceKind::Input;
  fault.a = static_cast<int64_t>(ls::InputAction::Latency);
  fault.b = 40;
  s->loop().trace().emit(fault);
  uitest::run_instant(*s);
  Timeline tl = from_scratch(s->loop().trace());
  REQUIRE(tl.inputs() == 2);
  const auto& marks = tl.input_marks();
  CHECK(marks[0].action == ls::InputAction::Send);
  CHECK(marks[0].client == 2);
  CHECK(marks[1].value == 40);
  TimelineLayout lay = layout_timeline(tl, view_of(marks[0].t0 / 1e6 - 1, marks[0].t0 / 1e6 + 1, 200));
  TimelineHit h = hit_timeline(tl, lay, TimelineLane::Marks, 100);
  REQUIRE(h.found);
  CHECK(h.item->shape == TimelineShape::Input);
  CHECK(h.item->last - h.item->first == 2);  // both at the same instant: one mark
  CHECK(h.text.find("input: send on client 2: \"hello \" (6 bytes)") == 0);
  CHECK(h.seq == marks[0].seq);
}

TEST_CASE("read in small steps, the timeline equals one read at the end") {
  for (const char* name : {"blocking_the_loop", "echo_callbacks", "backpressure", "threadpool_file_read",
                           "run_modes", "fifty_clients", "timer0_vs_check"}) {
    CAPTURE(name);
    uitest::FakeClock clock;
    auto s = uitest::example_session(name, clock);
    Timeline inc;
    int steps = 0;
    while (!s->ended() && steps < 100000) {
      s->step(steps % 3 == 0 ? StepKind::Phase : StepKind::Callback);
      inc.update(s->loop().trace());
      ++steps;
    }
    REQUIRE(s->ended());
    Timeline scratch = from_scratch(s->loop().trace());
    CHECK(inc.same_as(scratch));
    CHECK(inc.bars() == count_kind(s->loop().trace(), TraceKind::CallbackBegin) +
                            count_kind(s->loop().trace(), TraceKind::RunBegin));  // + the chunk before each run
    if (std::string(name) == "echo_callbacks") CHECK(!inc.lane(1).empty());  // callbacks nested in pending frames
  }
}

TEST_CASE("an incremental read that missed the end of a callback is not equal (the comparison can fail)") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("timers_due_order", clock);
  s->step(StepKind::Callback);
  s->step(StepKind::Callback);
  Timeline early = from_scratch(s->loop().trace());
  uitest::run_instant(*s);
  Timeline full = from_scratch(s->loop().trace());
  CHECK(!early.same_as(full));
  early.update(s->loop().trace());
  CHECK(early.same_as(full));
}

TEST_CASE("a blocked callback is a long bar, and the timers it held up are an open overdue stretch") {
  uitest::FakeClock clock;
  auto s = uitest::code_session(
      "local uv = require('luv')\nlocal late = uv.new_timer()\nlate:start(5, 0, function() end)\n"
      "local t = uv.new_timer()\nt:start(1, 0, function()\n  while true do end\nend)\n",
      clock);
  uitest::step_to_end(*s, StepKind::Callback);
  Timeline tl = from_scratch(s->loop().trace());
  ViewModel vm = build_view(s.get(), {});
  REQUIRE(vm.status == "blocked");
  tl.set_now(s->loop().hrtime(), overdue_now(vm.timers, s->loop().hrtime()));
  const TimelineBar& b = tl.lane(0).back();  // the runtime ends the callback when the budget runs out
  CHECK(b.line == 5);
  CHECK(b.t1 - b.t0 > 100000000);  // 20M instructions at 5 ns
  REQUIRE(tl.waiting().count == 1);
  CHECK(tl.waiting().open);
  CHECK(tl.waiting().t0 == 5000000);
  CHECK(tl.waiting().timers[0].line == 2);  // the line that created it (the handles panel's line)
  CHECK(tl.waiting().blocker_seq == b.seq);
  TimelineView v;
  v.width = 1000;
  v.fit(tl.end());
  TimelineLayout lay = layout_timeline(tl, v);
  TimelineHit h = hit_timeline(tl, lay, TimelineLane::Overdue, 500);
  REQUIRE(h.found);
  CHECK(h.item->open);
  CHECK(h.text.find("overdue now") == 0);
  CHECK(h.text.find("still waiting") != std::string::npos);
  CHECK(h.line == 5);
  h = hit_timeline(tl, lay, TimelineLane::Callbacks0, 500);
  REQUIRE(h.found);
  CHECK(h.text.find("ran 100 ms") != std::string::npos);
}

TEST_CASE("zoomed out, iterations are summaries and a frame's items stay bounded by the width") {
  uitest::FakeClock clock;
  auto s = uitest::code_session(big_snippet(), clock);
  uitest::run_instant(*s);
  const ls::Trace& trace = s->loop().trace();
  REQUIRE(trace.last_seq() >= 100000);
  auto t0 = std::chrono::steady_clock::now();
  Timeline tl;
  tl.update(trace);
  double build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  REQUIRE(tl.iterations().size() >= 5000);
  CHECK(tl.overdue().size() == 4);  // a busy-wait every 1000 ticks (after the last, the timers close)
  for (const OverdueStretch& o : tl.overdue().items()) CHECK(o.count >= 2);  // the ticker and the 7 ms timer

  TimelineView v;
  v.width = 1200;
  v.fit(tl.end());
  t0 = std::chrono::steady_clock::now();
  TimelineLayout lay;
  for (int i = 0; i < 100; ++i) lay = layout_timeline(tl, v);
  double fit_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / 100;
  CHECK(lay.summary);
  CHECK(lay.visible_iterations == tl.iterations().size());
  CHECK(lay.items.size() < 8 * 1200);
  size_t overdue = 0;
  for (const TimelineItem& it : lay.items) overdue += it.shape == TimelineShape::Overdue;
  CHECK(overdue == 4);  // never merged away

  // Zoomed into one iteration: no summary, every phase drawn, the wide ones named.
  const TimelineIteration& it = tl.iterations()[2500];
  v.show(static_cast<double>(it.t0), static_cast<double>(it.t1), tl.end());
  t0 = std::chrono::steady_clock::now();
  lay = layout_timeline(tl, v);
  double zoom_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  CHECK(!lay.summary);
  size_t named = 0;
  for (const TimelineItem& p : lay.items) named += p.shape == TimelineShape::Phase && !p.label.empty();
  CHECK(named >= 1);
  MESSAGE("timeline model, " << trace.last_seq() << " events: build " << build_ms << " ms, layout fit "
                             << fit_ms << " ms, layout zoomed " << zoom_ms << " ms, " << tl.bars() << " bars");
}

TEST_CASE("the view: fit follows the run, zoom keeps the point under the cursor, pan and show clamp") {
  TimelineView v;
  v.width = 1000;
  v.fit(100000000);  // 100 ms
  CHECK(v.follow);
  CHECK(v.from < 0);
  CHECK(v.to() > 100000000);
  double at = v.t(250);
  v.zoom(4, 250, 100000000);
  CHECK(!v.follow);
  CHECK(v.t(250) == doctest::Approx(at));
  CHECK(v.ns_per_px == doctest::Approx(104000000.0 / 1000 / 4));
  v.pan(-1e9f, 100000000);  // far before the start: clamped near 0
  CHECK(v.from >= -v.ns_per_px * v.width * 0.02 - 1);
  v.zoom(1e12, 0, 100000000);  // no deeper than 1 ns per px
  CHECK(v.ns_per_px == doctest::Approx(1));
  v.show(10e6, 20e6, 100000000);
  CHECK(v.from == doctest::Approx(10e6));
  CHECK(v.to() == doctest::Approx(20e6));
  Timeline empty;
  TimelineLayout lay = layout_timeline(empty, v);
  CHECK(lay.items.empty());
  REQUIRE(!lay.ticks.empty());
  CHECK(lay.ticks[0].label == "10 ms");
  v.show(2.02e9, 2.045e9, 3000000000ull);  // ticks every 5 ms, labelled in s: as many decimals as they need
  lay = layout_timeline(empty, v);
  REQUIRE(lay.ticks.size() >= 2);
  CHECK(lay.ticks[0].label == "2.020 s");
  CHECK(lay.ticks[1].label == "2.025 s");
  CHECK(duration_words(1500) == "1.5 µs");
  CHECK(duration_words(130002500) == "130 ms");
  CHECK(duration_words(2500000000ull) == "2.5 s");
}

TEST_CASE("the panel's state: a new run starts over, the layout is rebuilt only on change, hover and click") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("blocking_the_loop", clock);
  uitest::run_instant(*s);
  TimelineState st;
  st.refresh(s.get(), 1, {});
  CHECK(st.model.bars() == 5);
  CHECK(st.view.follow);
  st.lanes = lane_geometry(120, 13, 1);
  const TimelineLayout* first = &st.layout_for(1000);
  size_t items = first->items.size();
  uint64_t version = st.layout_version;
  st.refresh(s.get(), 1, {});  // nothing new in the trace, the clock stood still: the same layout
  st.layout_for(1000);
  CHECK(st.layout_version == version);
  CHECK(st.layout.items.size() == items);

  // The mouse over the callback lane at 60 ms: the idle bar; a click remembers its step and line.
  double x = st.view.x(60e6);
  float y = (st.lanes.y0[static_cast<int>(TimelineLane::Callbacks0)] + st.lanes.y1[static_cast<int>(TimelineLane::Callbacks0)]) / 2;
  st.hover_at(static_cast<float>(x), y);
  REQUIRE(st.hover.found);
  CHECK(st.hover.line == 16);
  st.click();
  CHECK(st.clicked_line == 16);
  CHECK(st.clicked_seq == 14);
  st.hover_at(static_cast<float>(x), st.lanes.bottom + 5);  // below the lanes: nothing
  CHECK(!st.hover.found);
  TimelineLane lane;
  CHECK(!st.lanes.shown[static_cast<int>(TimelineLane::Callbacks1)]);  // no nested callbacks: no nested lane
  CHECK(lane_at(st.lanes, 1, lane));
  CHECK(lane == TimelineLane::Marks);

  // The view calls of window.loopscope.
  CHECK(st.apply("show", 0, 20));
  CHECK(!st.view.follow);
  CHECK(st.view.to() == doctest::Approx(20e6));
  CHECK(st.apply("zoom", 2, 0));
  CHECK(st.view.to() == doctest::Approx(10e6));
  CHECK(st.apply("pan", 5, 0));
  CHECK(st.view.from == doctest::Approx(5e6));
  CHECK(!st.apply("spin", 1, 0));
  CHECK(st.apply("collapse", 1, 0));
  CHECK(st.collapsed);
  TimelineSummary sum = st.summary();
  CHECK(sum.overdue.size() == 1);
  CHECK(sum.overdue[0].blocker == "idle #2");
  CHECK(sum.overdue[0].blocker_line == 16);
  CHECK(sum.clicked_line == 16);
  std::string json = ls::ui::to_json([&] {
    ViewModel vm;
    vm.timeline = sum;
    return vm;
  }());
  CHECK(json.find("\"timeline\":{") != std::string::npos);
  CHECK(json.find("\"blocker\":\"idle #2\"") != std::string::npos);
  CHECK(json.find("\"collapsed\":true") != std::string::npos);

  // Another session (a new generation): the model starts over and follows again.
  auto other = uitest::example_session("timers_due_order", clock);
  other->step(StepKind::Callback);
  st.refresh(other.get(), 2, {});
  CHECK(st.view.follow);
  CHECK(st.model.bars() == 0);
  CHECK(st.clicked_line == 0);
  st.refresh(nullptr, 2, {});
  CHECK(st.model.last_seq() == 0);
}
