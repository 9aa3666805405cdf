// The timeline's model: the run along the loop's clock — iterations, the phases in them, callbacks as bars
// (nested ones a lane lower), poll waits as gaps with their reason, virtual-clock jumps, inputs, and overdue
// stretches (a blocked loop: from a timer's due time to when it finally ran, in red, with the late timers).
//
// Built incrementally from the trace: update() reads only the events after the last seq it saw, so a frame
// costs what the loop did since the last frame, never the whole run. The layout (timeline_layout.cpp) asks the
// tracks for what lies inside the viewport; items narrower than a pixel are merged into summaries through
// binary searches and prefix sums, so drawing costs O(pixels), not O(events). Plain C++, no ImGui.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/trace.h"
#include "core/types.h"
#include "ui/model/words.h"

namespace ls::ui {

// A timer counts as late when it ran more than this after its due time (the loop's clock has ms resolution
// for timers; the per-callback and per-iteration costs alone stay far below it).
constexpr uint64_t kLateNs = 1000000;
constexpr int kCallbackLanes = 4;  // nesting depths drawn apart (deeper nests share the last lane)

struct TimelineBar {  // one callback (or the main chunk between runs)
  uint64_t t0 = 0, t1 = 0;  // ns; t1 == t0 while open (the panel draws an open bar to `now`)
  uint64_t seq = 0;         // its callback_begin: the step a click jumps to
  uint64_t handle = 0;
  uint64_t iteration = 0;   // 0 = outside an iteration (the chunk, the modern order's pre-loop timers)
  uint64_t late_ns = 0;     // a timer callback that ran this late (0 = on time or not a timer)
  int line = 0;             // the callback's definition line (0 = unknown)
  HandleType htype = HandleType::Unknown;
  CallbackKind cb = CallbackKind::Timer;
  Phase phase = Phase::None;
  bool chunk = false;       // the main chunk, not a callback
  bool open = false;
  bool operator==(const TimelineBar&) const = default;
};

struct TimelineIteration {
  uint64_t t0 = 0, t1 = 0;
  uint64_t seq = 0;
  uint64_t number = 0;
  uint64_t callbacks = 0;   // callbacks begun in it, nested ones included
  uint64_t waited_ns = 0;   // in poll waits
  bool open = false;
  bool operator==(const TimelineIteration&) const = default;
};

struct TimelinePhase {
  uint64_t t0 = 0, t1 = 0;
  uint64_t seq = 0;
  uint64_t iteration = 0;
  int queue = 0, ran = 0;
  Phase phase = Phase::None;
  bool open = false;
  bool operator==(const TimelinePhase&) const = default;
};

struct TimelineGap {  // a poll wait: the virtual clock jumped from t0 to t1
  uint64_t t0 = 0, t1 = 0;
  uint64_t seq = 0;          // the time_jump (or, while open, the poll_timeout)
  uint64_t iteration = 0;
  int timeout = 0;           // ms, -1 = no limit
  TimeoutReason reason = TimeoutReason::Timer;
  bool open = false;         // still waiting (paced: real time has not got there yet)
  bool operator==(const TimelineGap&) const = default;
};

struct TimelineMark {  // an instant: a clock jump or an input
  uint64_t t0 = 0, t1 = 0;  // t1 = t0 (a jump's target is in `to`)
  uint64_t seq = 0;
  uint64_t to = 0;          // jump: target ns
  bool input = false;
  InputAction action = InputAction::Connect;
  uint64_t client = 0;
  int64_t value = 0;
  std::string text;
  bool open = false;        // (never: marks are instants)
  bool operator==(const TimelineMark&) const = default;
};

struct LateTimer {
  uint64_t handle = 0;
  uint64_t due_ns = 0, ran_ns = 0;
  uint64_t seq = 0;  // its callback_begin (0 = has not run yet)
  int line = 0;
  bool operator==(const LateTimer&) const = default;
};

struct OverdueStretch {  // the loop was busy while timers were due: from the earliest due to the latest late run
  uint64_t t0 = 0, t1 = 0;
  uint64_t count = 0;              // late timers in it (all of them; `timers` keeps the latest few)
  uint64_t worst_late_ns = 0;
  std::vector<LateTimer> timers;   // at most kListed
  uint64_t blocker_seq = 0;        // the longest top-level callback overlapping it (0 = none)
  uint64_t blocker_ns = 0;
  bool open = false;               // timers are overdue now and have not run yet
  size_t scanned = 0;              // top-level bars looked at for the blocker (an incremental scan)
  static constexpr size_t kListed = 8;
  bool operator==(const OverdueStretch&) const = default;
};

// Items sorted by time, disjoint, with the prefix sums of their durations: the layout finds what is in view by
// binary search and sums what is merged into one pixel without visiting it.
template <class T>
class Track {
 public:
  const std::vector<T>& items() const { return items_; }
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  const T& operator[](size_t i) const { return items_[i]; }
  T& back() { return items_.back(); }
  const T& back() const { return items_.back(); }
  void push(T item) {
    prefix_.push_back(prefix_.back() + (item.t1 - item.t0));
    items_.push_back(std::move(item));
  }
  // The last item got its end (or changed): its prefix is refreshed.
  void end_last(uint64_t t1) {
    items_.back().t1 = t1;
    prefix_.back() = prefix_[prefix_.size() - 2] + (t1 - items_.back().t0);
  }
  void pop() {
    items_.pop_back();
    prefix_.pop_back();
  }
  // Sum of the durations of items [i, j).
  uint64_t busy(size_t i, size_t j) const { return prefix_[j] - prefix_[i]; }
  // First item whose t1 is after t (or that is open), and first item starting at or after t.
  size_t first_ending_after(uint64_t t) const;
  size_t first_starting_at(uint64_t t, size_t from = 0) const;
  bool operator==(const Track& o) const { return items_ == o.items_ && prefix_ == o.prefix_; }

 private:
  std::vector<T> items_;
  std::vector<uint64_t> prefix_{0};
};

class Timeline {
 public:
  // Reads the trace's events after the last one seen. A trace that is not the one seen before (a new run:
  // last_seq went back) starts the timeline over. Events the ring dropped before they were read are skipped.
  void update(const Trace& trace);
  // What is true now and is not in the trace yet: the loop clock (open bars and gaps end there) and the timers
  // already overdue that have not run (an open stretch). Cheap: nothing incremental depends on it.
  void set_now(uint64_t now_ns, std::vector<LateTimer> waiting_late);
  void clear() { *this = Timeline(); }

  uint64_t last_seq() const { return last_seq_; }
  uint64_t now() const { return now_; }
  uint64_t end() const;  // the latest time on the timeline (open items end here)
  uint64_t skipped() const { return skipped_; }  // events the ring dropped before they were read
  uint64_t version() const { return version_; }  // changes whenever anything shown may have changed

  const Track<TimelineIteration>& iterations() const { return iterations_; }
  const Track<TimelinePhase>& phases() const { return phases_; }
  const Track<TimelineBar>& lane(int depth) const { return lanes_[depth]; }
  const Track<TimelineGap>& gaps() const { return gaps_; }
  const Track<TimelineMark>& jump_marks() const { return jump_marks_; }
  const Track<TimelineMark>& input_marks() const { return input_marks_; }
  const Track<OverdueStretch>& overdue() const { return overdue_; }
  const OverdueStretch& waiting() const { return waiting_; }  // the open stretch (count 0 = none)
  // The poll wait going on now (open; t1 = end()), or one with seq 0 when the loop is not waiting.
  TimelineGap pending_wait() const;
  uint64_t bars() const;
  uint64_t jumps() const { return jumps_; }
  uint64_t inputs() const { return inputs_; }

  // Equal content (the incremental build against one from scratch).
  bool same_as(const Timeline& o) const;

 private:
  void consume(const TraceEvent& ev, const Trace& trace);
  void begin_bar(TimelineBar bar);
  void end_bar(uint64_t t, const Trace& trace);
  void timer_ran(TimelineBar& bar, uint64_t due_ms);
  void add_late(const LateTimer& late);
  void scan_blocker(OverdueStretch& s, bool from_start) const;

  uint64_t last_seq_ = 0;
  uint64_t skipped_ = 0;
  uint64_t now_ = 0;
  uint64_t last_t_ = 0;
  uint64_t version_ = 0;
  Track<TimelineIteration> iterations_;
  Track<TimelinePhase> phases_;
  Track<TimelineBar> lanes_[kCallbackLanes];
  Track<TimelineGap> gaps_;
  Track<TimelineMark> jump_marks_, input_marks_;
  Track<OverdueStretch> overdue_;
  OverdueStretch waiting_;
  uint64_t jumps_ = 0, inputs_ = 0;

  // Reading state.
  struct OpenBar {
    int lane;
    size_t index;
  };
  std::vector<OpenBar> open_;  // callbacks begun and not ended, outermost first
  bool in_iteration_ = false, in_phase_ = false, in_run_ = false, chunk_open_ = false;
  uint64_t chunk_t0_ = 0, chunk_seq_ = 1;  // where the main chunk resumed (a run's end)
  uint64_t iteration_ = 0;
  uint64_t now_ms_ = 0;  // the loop's cached now (update_time)
  int poll_timeout_ = 0;
  TimeoutReason poll_reason_ = TimeoutReason::Timer;
  bool poll_waiting_ = false;  // a poll_timeout with a nonzero timeout and no jump yet
  uint64_t poll_seq_ = 0, poll_t_ = 0;
  struct TimerDue {
    uint64_t due = kNone, prev = kNone;  // loop ms: the latest handle_start's due and the one before
  };
  static constexpr uint64_t kNone = ~uint64_t{0};
  std::vector<TimerDue> dues_;  // per timer handle (ids are small and dense: indexed by id)
};

struct TimerRow;
// The armed timers whose due time is more than kLateNs behind the loop clock: a callback is holding the loop
// (they ran late once they run; until then they are the open stretch).
std::vector<LateTimer> overdue_now(const std::vector<TimerRow>& timers, uint64_t now_ns);

// --- the layout (timeline_layout.cpp; the words and hit-testing: timeline_hover.cpp) -----------------------------------------------------------------------

// Which part of the run is in view and how it maps to pixels; zoom and pan change it. `follow`: the view is
// the whole run and grows with it (until the user zooms or pans).
struct TimelineView {
  double from = 0;         // ns at the left edge
  double ns_per_px = 1e5;
  float width = 800;       // px of the plot
  bool follow = true;

  double to() const { return from + ns_per_px * width; }
  double x(double t) const { return (t - from) / ns_per_px; }
  double t(double x) const { return from + x * ns_per_px; }
  void fit(uint64_t end_ns);                 // the whole run (and follow it)
  void zoom(double factor, float at_px, uint64_t end_ns);  // factor > 1 zooms in, keeping at_px still
  void pan(float px, uint64_t end_ns);       // positive moves later in time
  void show(double from_ns, double to_ns, uint64_t end_ns);
  void clamp(uint64_t end_ns);
};

enum class TimelineLane : uint8_t { Marks, Iterations, Phases, Callbacks0, Callbacks1, Callbacks2, Callbacks3, Overdue };
constexpr int kTimelineLanes = 8;

enum class TimelineShape : uint8_t {
  Iteration, Iterations,  // one iteration / several merged into one pixel
  Phase, Phases,
  Bar, Bars,
  Gap, Jump, Input, Overdue
};

struct TimelineItem {
  TimelineShape shape = TimelineShape::Bar;
  TimelineLane lane = TimelineLane::Callbacks0;
  float x0 = 0, x1 = 0;        // px from the plot's left edge (may lie outside [0, width] when cut by an edge)
  size_t first = 0, last = 0;  // the item index in its track, [first, last) when merged
  float density = 1;   // merged: busy share of the span (0..1)
  bool late = false;   // a late timer's bar, or an open (still overdue / still waiting) item
  bool open = false;
  Phase phase = Phase::None;
  std::string label;   // only when wide enough to be worth drawing (the panel clips it)
};

struct TimelineTick {
  float x;
  std::string label;
};

struct TimelineLayout {
  std::vector<TimelineItem> items;  // in drawing order: lanes top to bottom, then overlays
  std::vector<TimelineTick> ticks;
  bool summary = false;             // zoomed out: iterations are summaries (narrower than kDetailPx on average)
  uint64_t visible_iterations = 0;
  uint64_t visible_bars = 0;
};

constexpr float kDetailPx = 6;  // narrower iterations are drawn as summaries, without their phases' names

// What is in view, from the tracks (O(pixels + items wide enough to see)).
TimelineLayout layout_timeline(const Timeline& tl, const TimelineView& view, Lang lang = Lang::en);  // labels in lang

struct TimelineHit {
  bool found = false;
  const TimelineItem* item = nullptr;
  uint64_t seq = 0;   // the step the item is (its first event)
  int line = 0;       // the line a click highlights (0 = none)
  std::string text;   // what hovering shows
};
// The item of `lay` under x in `lane` (marks and gaps are a few px wide to be hit).
TimelineHit hit_timeline(const Timeline& tl, const TimelineLayout& lay, TimelineLane lane, float x,
                         Lang lang = Lang::en);  // its text in lang
std::string describe(const Timeline& tl, const TimelineItem& item, Lang lang = Lang::en);

const TimelineBar* find_bar(const Timeline& tl, uint64_t seq);  // by its callback_begin seq (nullptr = none)
std::string duration_words(uint64_t ns);  // "120 ms", "1.5 s", "500 ns"
std::string line_words(int line, Lang lang = Lang::en);         // " (line 16)", or "" for 0
std::string bar_name(const TimelineBar& bar, Lang lang = Lang::en);  // "timer #3", "idle #2 close", "main chunk"

}  // namespace ls::ui
