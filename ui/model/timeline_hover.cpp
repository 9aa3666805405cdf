// The timeline's words: names of callbacks, durations, what hovering an item says, and which item the mouse is
// over (hit-testing the layout last drawn, so the screen and the answer agree).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/model/timeline.h"
#include "ui/model/view_model.h"

namespace ls::ui {

std::string line_words(int line, Lang lang) { return line > 0 ? fmt(lang, " (line {0})", {std::to_string(line)}) : ""; }

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

std::string str(uint64_t n) { return std::to_string(n); }

// "12 ms to 30 ms": a span on the loop clock.
std::string span(Lang lang, uint64_t t0, uint64_t t1) { return fmt(lang, "{0} to {1}", {ms_words(t0), ms_words(t1)}); }

std::string input_words(const TimelineMark& m, Lang lang) {
  std::string s = fmt(lang, "input: {0}", {to_string(m.action)});
  if (m.client) s += fmt(lang, " on client {0}", {str(m.client)});
  switch (m.action) {
    case InputAction::Connect: s += fmt(lang, " to port {0}", {std::to_string(m.value)}); break;
    case InputAction::Send: {
      std::string t = m.text.size() > 40 ? m.text.substr(0, 40) + "..." : m.text;
      for (char& c : t)
        if (c == '\n' || c == '\r') c = ' ';
      s += fmt(lang, ": \"{0}\" ({1} bytes)", {t, str(m.text.size())});
      break;
    }
    case InputAction::Latency: s += " " + std::to_string(m.value) + " ms"; break;
    case InputAction::FdLimit: s += fmt(lang, " {0} fds", {std::to_string(m.value)}); break;
    case InputAction::SendBuffer: s += fmt(lang, " {0} bytes", {std::to_string(m.value)}); break;
    case InputAction::Reading:
    case InputAction::Refuse: s += m.value ? tr(lang, " on") : tr(lang, " off"); break;
    default: break;
  }
  return s;
}

// "\n(3 jumps here: zoom in)" when an item stands for several.
std::string several(Lang lang, const char* en, size_t n) { return n > 1 ? "\n" + fmt(lang, en, {str(n)}) : ""; }

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

std::string bar_name(const TimelineBar& b, Lang lang) {
  if (b.chunk) return tr(lang, "main chunk");
  std::string s = std::string(to_string(b.htype)) + " #" + std::to_string(b.handle);
  if (b.handle == 0) s = to_string(b.cb);
  std::string cb = to_string(b.cb);
  if (b.handle != 0 && cb != to_string(b.htype)) s += " " + cb;
  return s;
}

// --- hover and click ----------------------------------------------------------------------------------------

std::string describe(const Timeline& tl, const TimelineItem& it, Lang lang) {
  size_t n = it.last - it.first;
  const char* zoom = N_("zoom in to see them one by one");
  switch (it.shape) {
    case TimelineShape::Iteration: {
      const TimelineIteration& r = tl.iterations()[it.first];
      uint64_t t1 = r.open ? tl.end() : r.t1;
      return fmt(lang, r.open ? "iteration {0} (going on): {1}" : "iteration {0}: {1}", {str(r.number), span(lang, r.t0, t1)}) +
             "\n" + fmt(lang, "{0} callbacks, busy {1}, waited {2} in poll",
                        {str(r.callbacks), duration_words(t1 - r.t0 - r.waited_ns), duration_words(r.waited_ns)});
    }
    case TimelineShape::Iterations: {
      const TimelineIteration &a = tl.iterations()[it.first], &b = tl.iterations()[it.last - 1];
      uint64_t callbacks = 0, waited = 0;
      if (n <= 4096)  // a hover over a dense summary sums a bounded run
        for (size_t i = it.first; i < it.last; ++i) {
          callbacks += tl.iterations()[i].callbacks;
          waited += tl.iterations()[i].waited_ns;
        }
      std::string s = fmt(lang, "iterations {0} to {1} ({2}): {3}",
                          {str(a.number), str(b.number), str(n), span(lang, a.t0, b.open ? tl.end() : b.t1)});
      if (n <= 4096) s += "\n" + fmt(lang, "{0} callbacks, waited {1} in poll", {str(callbacks), duration_words(waited)});
      return s + "\n" + tr(lang, zoom);
    }
    case TimelineShape::Phase: {
      const TimelinePhase& p = tl.phases()[it.first];
      std::string where = p.iteration ? fmt(lang, "iteration {0}", {str(p.iteration)}) : tr(lang, "before the first iteration");
      return fmt(lang, "{0} phase, {1}: {2} queued, {3} ran, {4}",
                 {to_string(p.phase), where, str(p.queue), str(p.ran), duration_words((p.open ? tl.end() : p.t1) - p.t0)});
    }
    case TimelineShape::Phases:
      // The percent sign travels in the argument: in a template it would read as a printf conversion.
      return fmt(lang, "{0} phases, {1} of this span (the rest: poll waits)",
                 {str(n), std::to_string(static_cast<int>(it.density * 100 + 0.5)) + "%"});
    case TimelineShape::Bar: {
      int depth = static_cast<int>(it.lane) - static_cast<int>(TimelineLane::Callbacks0);
      const TimelineBar& b = tl.lane(depth)[it.first];
      uint64_t t1 = b.open ? tl.end() : b.t1;
      std::string s = bar_name(b, lang) + line_words(b.line, lang);
      if (!b.chunk) s += fmt(lang, ", {0} phase", {to_string(b.phase)});
      if (b.iteration) s += fmt(lang, ", iteration {0}", {str(b.iteration)});
      s += "\n" + fmt(lang, b.open ? "ran {0} so far: {1}" : "ran {0}: {1}", {duration_words(t1 - b.t0), span(lang, b.t0, t1)});
      if (b.late_ns)
        s += "\n" + fmt(lang, "late by {0} (due at {1})", {duration_words(b.late_ns), ms_words(b.t0 - b.late_ns)});
      if (b.line) s += "\n" + fmt(lang, "click: line {0} in the editor", {std::to_string(b.line)});
      return s;
    }
    case TimelineShape::Bars: {
      int depth = static_cast<int>(it.lane) - static_cast<int>(TimelineLane::Callbacks0);
      const Track<TimelineBar>& tr_ = tl.lane(depth);
      return fmt(lang, "{0} callbacks from {1}, busy {2}",
                 {str(n), span(lang, tr_[it.first].t0, tr_[it.last - 1].open ? tl.end() : tr_[it.last - 1].t1),
                  duration_words(tr_.busy(it.first, it.last))}) +
             "\n" + tr(lang, zoom);
    }
    case TimelineShape::Gap: {
      TimelineGap g = it.first < tl.gaps().size() ? tl.gaps()[it.first] : tl.pending_wait();
      std::string limit = g.timeout < 0 ? tr(lang, "no limit") : fmt(lang, "limit {0} ms", {std::to_string(g.timeout)});
      bool early = g.timeout >= 0 && g.t1 - g.t0 + 999999 < static_cast<uint64_t>(g.timeout) * 1000000;
      std::string d = duration_words(g.t1 - g.t0);
      std::string s = (g.open ? fmt(lang, "poll is waiting, {0} so far", {d}) : fmt(lang, "poll waited {0}", {d})) + " (" +
                      limit + ": " + poll_reason_words(g.reason, lang) + ")";
      if (!g.open && (early || g.timeout < 0))
        s += "\n" + std::string(tr(lang, "ended by an event (I/O, a wake-up or an input) before the limit"));
      return s;
    }
    case TimelineShape::Jump: {
      const TimelineMark& m = tl.jump_marks()[it.first];
      return fmt(lang, "virtual clock jumped {0} -> {1} (+{2}): the poll had nothing to do until then",
                 {ms_words(m.t0), ms_words(m.to), duration_words(m.to - m.t0)}) +
             several(lang, "({0} jumps here: zoom in)", n);
    }
    case TimelineShape::Input: {
      const TimelineMark& m = tl.input_marks()[it.first];
      return input_words(m, lang) + "\n" + fmt(lang, "at {0}, applied between two loop advances", {ms_words(m.t0)}) +
             several(lang, "({0} inputs here: zoom in)", n);
    }
    case TimelineShape::Overdue: {
      const OverdueStretch& s = it.first < tl.overdue().size() ? tl.overdue()[it.first] : tl.waiting();
      const char* head = s.open ? (s.count == 1 ? N_("overdue now: {0}, {1} timer due and not run yet")
                                                : N_("overdue now: {0}, {1} timers due and not run yet"))
                                : (s.count == 1 ? N_("overdue: {0}, {1} timer ran late") : N_("overdue: {0}, {1} timers ran late"));
      std::string out = fmt(lang, head, {span(lang, s.t0, s.t1), str(s.count)});
      for (const LateTimer& l : s.timers)
        out += "\n  " + fmt(lang, l.seq ? "timer #{0}{1} due {2}, ran {3}: late by {4}" : "timer #{0}{1} due {2}, still waiting: late by {4}",
                            {str(l.handle), line_words(l.line, lang), ms_words(l.due_ns), ms_words(l.ran_ns),
                             duration_words(l.ran_ns - l.due_ns)});
      if (s.count > s.timers.size()) out += "\n  " + fmt(lang, "... and {0} more", {str(s.count - s.timers.size())});
      if (s.blocker_seq)
        if (const TimelineBar* b = find_bar(tl, s.blocker_seq))
          out += "\n" + fmt(lang, "the loop was busy in {0} for {1}",
                            {bar_name(*b, lang) + line_words(b->line, lang), duration_words(s.blocker_ns)});
      return out + several(lang, "({0} stretches here: zoom in)", n);
    }
  }
  return "";
}

TimelineHit hit_timeline(const Timeline& tl, const TimelineLayout& lay, TimelineLane lane, float x, Lang lang) {
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
  hit.text = describe(tl, *best, lang);
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
