// The timeline's words: names of callbacks, durations, what hovering an item says, and which item the mouse is
// over (hit-testing the layout last drawn, so the screen and the answer agree).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/model/timeline.h"
#include "ui/model/view_model.h"

namespace ls::ui {

std::string line_words(int line) { return line > 0 ? " (line " + std::to_string(line) + ")" : ""; }

// --- words --------------------------------------------------------------------------------------------------

namespace {

std::string number(double v) {  // three significant digits, no trailing zeros
  char buf[32];
  snprintf(buf, sizeof buf, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : v >= 1 ? "%.2f" : "%.4f", v);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::string ms_words(uint64_t ns) {  // an instant, on the loop clock
  return number(static_cast<double>(ns) / 1e6) + " ms";
}

std::string input_words(const TimelineMark& m) {
  std::string s = std::string("input: ") + to_string(m.action);
  if (m.client) s += " on client " + std::to_string(m.client);
  switch (m.action) {
    case InputAction::Connect: s += " to port " + std::to_string(m.value); break;
    case InputAction::Send: {
      std::string t = m.text.size() > 40 ? m.text.substr(0, 40) + "..." : m.text;
      for (char& c : t)
        if (c == '\n' || c == '\r') c = ' ';
      s += ": \"" + t + "\" (" + std::to_string(m.text.size()) + " bytes)";
      break;
    }
    case InputAction::Latency: s += " " + std::to_string(m.value) + " ms"; break;
    case InputAction::FdLimit: s += " " + std::to_string(m.value) + " fds"; break;
    case InputAction::SendBuffer: s += " " + std::to_string(m.value) + " bytes"; break;
    case InputAction::Reading:
    case InputAction::Refuse: s += m.value ? " on" : " off"; break;
    default: break;
  }
  return s;
}

}  // namespace

const TimelineBar* find_bar(const Timeline& tl, uint64_t seq) {
  for (int d = 0; d < kCallbackLanes; ++d) {
    const auto& items = tl.lane(d).items();
    auto it = std::lower_bound(items.begin(), items.end(), seq, [](const TimelineBar& b, uint64_t s) { return b.seq < s; });
    if (it != items.end() && it->seq == seq) return &*it;
  }
  return nullptr;
}

std::string duration_words(uint64_t ns) {
  double v = static_cast<double>(ns);
  if (ns < 1000) return std::to_string(ns) + " ns";
  if (ns < 1000000) return number(v / 1e3) + " µs";
  if (ns < 1000000000) return number(v / 1e6) + " ms";
  return number(v / 1e9) + " s";
}

std::string bar_name(const TimelineBar& b) {
  if (b.chunk) return "main chunk";
  std::string s = std::string(to_string(b.htype)) + " #" + std::to_string(b.handle);
  if (b.handle == 0) s = to_string(b.cb);
  std::string cb = to_string(b.cb);
  if (b.handle != 0 && cb != to_string(b.htype)) s += " " + cb;
  return s;
}

// --- hover and click ----------------------------------------------------------------------------------------

std::string describe(const Timeline& tl, const TimelineItem& it) {
  size_t n = it.last - it.first;
  switch (it.shape) {
    case TimelineShape::Iteration: {
      const TimelineIteration& r = tl.iterations()[it.first];
      uint64_t t1 = r.open ? tl.end() : r.t1;
      return "iteration " + std::to_string(r.number) + (r.open ? " (going on)" : "") + ": " + ms_words(r.t0) +
             " to " + ms_words(t1) + "\n" + std::to_string(r.callbacks) + " callbacks, busy " +
             duration_words(t1 - r.t0 - r.waited_ns) + ", waited " + duration_words(r.waited_ns) + " in poll";
    }
    case TimelineShape::Iterations: {
      const TimelineIteration &a = tl.iterations()[it.first], &b = tl.iterations()[it.last - 1];
      uint64_t callbacks = 0, waited = 0;
      if (n <= 4096)  // a hover over a dense summary sums a bounded run
        for (size_t i = it.first; i < it.last; ++i) {
          callbacks += tl.iterations()[i].callbacks;
          waited += tl.iterations()[i].waited_ns;
        }
      std::string s = "iterations " + std::to_string(a.number) + " to " + std::to_string(b.number) + " (" +
                      std::to_string(n) + "): " + ms_words(a.t0) + " to " + ms_words(b.open ? tl.end() : b.t1);
      if (n <= 4096) s += "\n" + std::to_string(callbacks) + " callbacks, waited " + duration_words(waited) + " in poll";
      return s + "\nzoom in to see them one by one";
    }
    case TimelineShape::Phase: {
      const TimelinePhase& p = tl.phases()[it.first];
      std::string where = p.iteration ? "iteration " + std::to_string(p.iteration) : std::string("before the first iteration");
      return std::string(to_string(p.phase)) + " phase, " + where + ": " + std::to_string(p.queue) + " queued, " +
             std::to_string(p.ran) + " ran, " + duration_words((p.open ? tl.end() : p.t1) - p.t0);
    }
    case TimelineShape::Phases:
      return std::to_string(n) + " phases, " + std::to_string(static_cast<int>(it.density * 100 + 0.5)) +
             "% of this span (the rest: poll waits)";
    case TimelineShape::Bar: {
      int depth = static_cast<int>(it.lane) - static_cast<int>(TimelineLane::Callbacks0);
      const TimelineBar& b = tl.lane(depth)[it.first];
      uint64_t t1 = b.open ? tl.end() : b.t1;
      std::string s = bar_name(b) + line_words(b.line);
      if (!b.chunk) s += ", " + std::string(to_string(b.phase)) + " phase";
      if (b.iteration) s += ", iteration " + std::to_string(b.iteration);
      s += "\nran " + duration_words(t1 - b.t0) + (b.open ? " so far" : "") + ": " + ms_words(b.t0) + " to " + ms_words(t1);
      if (b.late_ns) s += "\nlate by " + duration_words(b.late_ns) + " (due at " + ms_words(b.t0 - b.late_ns) + ")";
      if (b.line) s += "\nclick: line " + std::to_string(b.line) + " in the editor";
      return s;
    }
    case TimelineShape::Bars: {
      int depth = static_cast<int>(it.lane) - static_cast<int>(TimelineLane::Callbacks0);
      const Track<TimelineBar>& tr = tl.lane(depth);
      return std::to_string(n) + " callbacks from " + ms_words(tr[it.first].t0) + " to " +
             ms_words(tr[it.last - 1].open ? tl.end() : tr[it.last - 1].t1) + ", busy " +
             duration_words(tr.busy(it.first, it.last)) + "\nzoom in to see them one by one";
    }
    case TimelineShape::Gap: {
      TimelineGap g = it.first < tl.gaps().size() ? tl.gaps()[it.first] : tl.pending_wait();
      std::string limit = g.timeout < 0 ? "no limit" : "limit " + std::to_string(g.timeout) + " ms";
      bool early = g.timeout >= 0 && g.t1 - g.t0 + 999999 < static_cast<uint64_t>(g.timeout) * 1000000;
      std::string s = (g.open ? "poll is waiting, " + duration_words(g.t1 - g.t0) + " so far"
                              : "poll waited " + duration_words(g.t1 - g.t0)) +
                      " (" + limit + ": " + poll_reason_words(g.reason) + ")";
      if (!g.open && (early || g.timeout < 0)) s += "\nended by an event (I/O, a wake-up or an input) before the limit";
      return s;
    }
    case TimelineShape::Jump: {
      const TimelineMark& m = tl.jump_marks()[it.first];
      std::string s = "virtual clock jumped " + ms_words(m.t0) + " -> " + ms_words(m.to) + " (+" +
                      duration_words(m.to - m.t0) + "): the poll had nothing to do until then";
      if (n > 1) s += "\n(" + std::to_string(n) + " jumps here: zoom in)";
      return s;
    }
    case TimelineShape::Input: {
      const TimelineMark& m = tl.input_marks()[it.first];
      std::string s = input_words(m) + "\nat " + ms_words(m.t0) + ", applied between two loop advances";
      if (n > 1) s += "\n(" + std::to_string(n) + " inputs here: zoom in)";
      return s;
    }
    case TimelineShape::Overdue: {
      const OverdueStretch& s = it.first < tl.overdue().size() ? tl.overdue()[it.first] : tl.waiting();
      std::string out = std::string(s.open ? "overdue now: " : "overdue: ") + ms_words(s.t0) + " to " + ms_words(s.t1) +
                        ", " + std::to_string(s.count) + (s.count == 1 ? " timer" : " timers") +
                        (s.open ? " due and not run yet" : " ran late");
      for (const LateTimer& l : s.timers)
        out += "\n  timer #" + std::to_string(l.handle) + line_words(l.line) + " due " + ms_words(l.due_ns) +
               (l.seq ? ", ran " + ms_words(l.ran_ns) : ", still waiting") + ": late by " +
               duration_words(l.ran_ns - l.due_ns);
      if (s.count > s.timers.size()) out += "\n  ... and " + std::to_string(s.count - s.timers.size()) + " more";
      if (s.blocker_seq)
        if (const TimelineBar* b = find_bar(tl, s.blocker_seq))
          out += "\nthe loop was busy in " + bar_name(*b) + line_words(b->line) + " for " + duration_words(s.blocker_ns);
      if (n > 1) out += "\n(" + std::to_string(n) + " stretches here: zoom in)";
      return out;
    }
  }
  return "";
}

TimelineHit hit_timeline(const Timeline& tl, const TimelineLayout& lay, TimelineLane lane, float x) {
  TimelineHit hit;
  const TimelineItem* best = nullptr;
  float best_d = 1e9f;
  bool bar_lane = lane >= TimelineLane::Callbacks0 && lane <= TimelineLane::Callbacks3;
  for (const TimelineItem& it : lay.items) {
    bool gap = it.shape == TimelineShape::Gap;
    if (gap ? !(bar_lane || lane == TimelineLane::Phases) : it.lane != lane) continue;
    float slop = it.x1 - it.x0 < 4 ? 3.0f : 0.0f;
    if (x < it.x0 - slop || x > it.x1 + slop) continue;
    // A bar or a phase beats the wait behind it; among the rest, the nearest.
    float d = gap ? 1e6f : std::fabs(x - (it.x0 + it.x1) / 2);
    if (!best || d < best_d) {
      best = &it;
      best_d = d;
    }
  }
  if (!best) return hit;
  hit.found = true;
  hit.item = best;
  hit.text = describe(tl, *best);
  switch (best->shape) {
    case TimelineShape::Bar: {
      const TimelineBar& b = tl.lane(static_cast<int>(best->lane) - static_cast<int>(TimelineLane::Callbacks0))[best->first];
      hit.seq = b.seq;
      hit.line = b.line;
      break;
    }
    case TimelineShape::Iteration: hit.seq = tl.iterations()[best->first].seq; break;
    case TimelineShape::Phase: hit.seq = tl.phases()[best->first].seq; break;
    case TimelineShape::Gap: hit.seq = best->first < tl.gaps().size() ? tl.gaps()[best->first].seq : tl.pending_wait().seq; break;
    case TimelineShape::Jump: hit.seq = tl.jump_marks()[best->first].seq; break;
    case TimelineShape::Input: hit.seq = tl.input_marks()[best->first].seq; break;
    case TimelineShape::Overdue: {
      const OverdueStretch& s = best->first < tl.overdue().size() ? tl.overdue()[best->first] : tl.waiting();
      // A click goes to where the loop was held up (the longest callback), else to the worst late timer.
      const TimelineBar* b = s.blocker_seq ? find_bar(tl, s.blocker_seq) : nullptr;
      hit.seq = b ? b->seq : s.timers.empty() ? 0 : s.timers.front().seq;
      hit.line = b && b->line ? b->line : s.timers.empty() ? 0 : s.timers.front().line;
      break;
    }
    default: break;
  }
  return hit;
}

}  // namespace ls::ui
