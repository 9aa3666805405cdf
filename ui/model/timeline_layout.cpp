// The timeline's layout: the view (zoom, pan, follow), what of each track lies in it as pixel spans, the time
// axis, hit-testing and the words a hover shows. Items narrower than a pixel are merged per pixel column with
// binary searches and prefix sums, so a frame costs O(pixels) however many events the run has.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/model/timeline.h"
#include "ui/model/view_model.h"

namespace ls::ui {

// --- the view -----------------------------------------------------------------------------------------------

namespace {
constexpr double kMinNsPerPx = 1;  // the clock has ns resolution: deeper zoom shows nothing new
double span_of(uint64_t end_ns) { return std::max<double>(static_cast<double>(end_ns), 1e3); }  // at least 1 µs
}  // namespace

void TimelineView::clamp(uint64_t end_ns) {
  double span = span_of(end_ns);
  double max_npp = span * 1.05 / std::max(width, 1.0f);
  ns_per_px = std::clamp(ns_per_px, kMinNsPerPx, std::max(max_npp, kMinNsPerPx));
  double visible = ns_per_px * width;
  from = std::clamp(from, -visible * 0.02, std::max(span - visible * 0.5, -visible * 0.02));
}

void TimelineView::fit(uint64_t end_ns) {
  double span = span_of(end_ns);
  ns_per_px = span * 1.04 / std::max(width, 1.0f);
  from = -span * 0.02;
  follow = true;
  clamp(end_ns);
}

void TimelineView::zoom(double factor, float at_px, uint64_t end_ns) {
  if (!(factor > 0)) return;
  double anchor = t(at_px);
  ns_per_px /= factor;
  clamp(end_ns);
  from = anchor - at_px * ns_per_px;
  follow = false;
  clamp(end_ns);
}

void TimelineView::pan(float px, uint64_t end_ns) {
  from += px * ns_per_px;
  follow = false;
  clamp(end_ns);
}

void TimelineView::show(double from_ns, double to_ns, uint64_t end_ns) {
  if (!(to_ns > from_ns)) return;
  ns_per_px = (to_ns - from_ns) / std::max(width, 1.0f);
  from = from_ns;
  follow = false;
  clamp(end_ns);
}

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

std::string line_words(int line) { return line > 0 ? " (line " + std::to_string(line) + ")" : ""; }

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

// --- the layout ---------------------------------------------------------------------------------------------

namespace {

struct Visit {
  const TimelineView& v;
  uint64_t end;
  template <class T>
  double t1(const T& x) const { return x.open ? static_cast<double>(end) : static_cast<double>(x.t1); }

  // Calls single(i, x0, x1) for items at least min_px wide and merged(i, j, x0, x1, density) for runs of
  // narrower ones that start in the same min_px column.
  template <class T, class Single, class Merged>
  void operator()(const Track<T>& tr, float min_px, Single single, Merged merged) const {
    double from = v.from, to = v.to();
    size_t n = tr.size();
    // (an instant exactly at the left edge is in view)
    size_t i = tr.first_ending_after(from < 1 ? 0 : static_cast<uint64_t>(from) - 1);
    while (i < n && static_cast<double>(tr[i].t0) < to) {
      float x0 = static_cast<float>(v.x(static_cast<double>(tr[i].t0)));
      float x1 = static_cast<float>(v.x(t1(tr[i])));
      if (x1 - x0 >= min_px) {
        single(i, x0, x1);
        ++i;
        continue;
      }
      double col_end = v.t(std::floor(x0 / min_px) * min_px + min_px);
      size_t j = tr.first_starting_at(static_cast<uint64_t>(std::max(0.0, std::ceil(col_end))), i + 1);
      if (j > i + 1 && v.x(t1(tr[j - 1])) - v.x(static_cast<double>(tr[j - 1].t0)) >= min_px) --j;
      if (j <= i + 1) {
        single(i, x0, x1);
        i = i + 1;
        continue;
      }
      double t_end = t1(tr[j - 1]);
      uint64_t busy = tr.busy(i, j);
      if (tr[j - 1].open) busy += static_cast<uint64_t>(t_end) - tr[j - 1].t0;
      double span = t_end - static_cast<double>(tr[i].t0);
      merged(i, j, x0, static_cast<float>(v.x(t_end)), span > 0 ? static_cast<float>(busy / span) : 1.0f);
      i = j;
    }
  }
};

TimelineItem item(TimelineShape shape, TimelineLane lane, float x0, float x1, size_t first, size_t last) {
  TimelineItem it;
  it.shape = shape;
  it.lane = lane;
  it.x0 = x0;
  it.x1 = x1;
  it.first = first;
  it.last = last;
  return it;
}

// The longest of `options` (longest first) that fits `width` px, at the default font's 7 px per character.
std::string fit_label(float width, std::initializer_list<std::string> options) {
  constexpr float kCharPx = 7, kPadPx = 8;
  for (const std::string& o : options) {
    size_t chars = 0;
    for (unsigned char c : o) chars += (c & 0xC0) != 0x80;  // code points, not bytes (µ, ·)
    if (chars * kCharPx + kPadPx <= width) return o;
  }
  return "";
}

double nice_step(double raw) {
  double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= raw) return m * p;
  return 10 * p;
}

}  // namespace

TimelineLayout layout_timeline(const Timeline& tl, const TimelineView& v) {
  TimelineLayout lay;
  uint64_t end = tl.end();
  Visit visit{v, end};
  auto& out = lay.items;

  // Iterations: one box each, or merged per 2 px column (the summary when zoomed out).
  visit(
      tl.iterations(), 2.0f,
      [&](size_t i, float x0, float x1) {
        TimelineItem it = item(TimelineShape::Iteration, TimelineLane::Iterations, x0, x1, i, i + 1);
        it.open = tl.iterations()[i].open;
        const TimelineIteration& r = tl.iterations()[i];
        double busy = static_cast<double>(visit.t1(r) - r.t0 - r.waited_ns);
        double span = static_cast<double>(visit.t1(r) - r.t0);
        it.density = span > 0 ? static_cast<float>(busy / span) : 1.0f;
        std::string n = "#" + std::to_string(r.number);
        it.label = fit_label(x1 - x0, {n + " · " + std::to_string(r.callbacks) + (r.callbacks == 1 ? " callback" : " callbacks"), n});
        out.push_back(std::move(it));
        ++lay.visible_iterations;
      },
      [&](size_t i, size_t j, float x0, float x1, float) {
        TimelineItem it = item(TimelineShape::Iterations, TimelineLane::Iterations, x0, std::max(x1, x0 + 1), i, j);
        out.push_back(std::move(it));
        lay.visible_iterations += j - i;
      });
  lay.summary = lay.visible_iterations * kDetailPx > v.width;

  // Phases.
  visit(
      tl.phases(), 1.0f,
      [&](size_t i, float x0, float x1) {
        TimelineItem it = item(TimelineShape::Phase, TimelineLane::Phases, x0, std::max(x1, x0 + 1), i, i + 1);
        it.phase = tl.phases()[i].phase;
        it.open = tl.phases()[i].open;
        it.label = fit_label(x1 - x0, {to_string(it.phase)});
        out.push_back(std::move(it));
      },
      [&](size_t i, size_t j, float x0, float x1, float d) {
        TimelineItem it = item(TimelineShape::Phases, TimelineLane::Phases, x0, std::max(x1, x0 + 1), i, j);
        it.density = d;
        out.push_back(std::move(it));
      });

  // Poll waits (drawn behind the callbacks, over the phase and callback lanes); too narrow ones are left out.
  auto gap_item = [&](const TimelineGap& g, size_t i, float x0, float x1) {
    TimelineItem it = item(TimelineShape::Gap, TimelineLane::Callbacks0, x0, x1, i, i + 1);
    it.open = g.open;
    if (x1 - x0 >= 40) {
      std::string d = duration_words(g.t1 - g.t0), head = (g.open ? "waiting " : "poll waited ") + d;
      it.label = fit_label(x1 - x0, {head + ": " + poll_reason_words(g.reason), head, d});
    }
    out.push_back(std::move(it));
  };
  visit(
      tl.gaps(), 3.0f, [&](size_t i, float x0, float x1) { gap_item(tl.gaps()[i], i, x0, x1); },
      [](size_t, size_t, float, float, float) {});
  TimelineGap waiting = tl.pending_wait();
  if (waiting.open && static_cast<double>(waiting.t0) < v.to() && static_cast<double>(waiting.t1) > v.from)
    gap_item(waiting, tl.gaps().size(), static_cast<float>(v.x(static_cast<double>(waiting.t0))),
             static_cast<float>(v.x(static_cast<double>(waiting.t1))));

  // Callbacks, a lane per nesting depth.
  for (int d = 0; d < kCallbackLanes; ++d) {
    auto lane = static_cast<TimelineLane>(static_cast<int>(TimelineLane::Callbacks0) + d);
    const Track<TimelineBar>& tr = tl.lane(d);
    visit(
        tr, 1.0f,
        [&](size_t i, float x0, float x1) {
          TimelineItem it = item(TimelineShape::Bar, lane, x0, std::max(x1, x0 + 1), i, i + 1);
          const TimelineBar& b = tr[i];
          it.late = b.late_ns > 0;
          it.open = b.open;
          it.phase = b.phase;
          if (x1 - x0 >= 20) {
            std::string name = bar_name(b);
            it.label = fit_label(x1 - x0, {name + line_words(b.line), name, "#" + std::to_string(b.handle)});
          }
          out.push_back(std::move(it));
          ++lay.visible_bars;
        },
        [&](size_t i, size_t j, float x0, float x1, float dens) {
          TimelineItem it = item(TimelineShape::Bars, lane, x0, std::max(x1, x0 + 1), i, j);
          it.density = dens;
          out.push_back(std::move(it));
          lay.visible_bars += j - i;
        });
  }

  // Overdue stretches (and the one still growing), at least 2 px so a short one is still seen.
  auto overdue_item = [&](const OverdueStretch& s, size_t i, size_t j, float x0, float x1) {
    TimelineItem it = item(TimelineShape::Overdue, TimelineLane::Overdue, x0, std::max(x1, x0 + 2), i, j);
    it.late = true;
    it.open = s.open;
    if (x1 - x0 >= 30) {
      std::string n = std::to_string(s.count);
      it.label = fit_label(x1 - x0, {n + (s.count == 1 ? " timer" : " timers") + " late, by up to " +
                                         duration_words(s.worst_late_ns),
                                     n + " late", n});
    }
    out.push_back(std::move(it));
  };
  visit(
      tl.overdue(), 2.0f, [&](size_t i, float x0, float x1) { overdue_item(tl.overdue()[i], i, i + 1, x0, x1); },
      [&](size_t i, size_t j, float x0, float x1, float) { overdue_item(tl.overdue()[i], i, j, x0, x1); });
  const OverdueStretch& w = tl.waiting();
  if (w.count && static_cast<double>(w.t0) < v.to() && static_cast<double>(w.t1) > v.from)
    overdue_item(w, tl.overdue().size(), tl.overdue().size() + 1, static_cast<float>(v.x(static_cast<double>(w.t0))),
                 static_cast<float>(v.x(static_cast<double>(w.t1))));

  // Instants: clock jumps, then inputs (drawn last: on top). Several within 5 px are one mark.
  auto marks = [&](const Track<TimelineMark>& tr, TimelineShape shape) {
    visit(
        tr, 5.0f, [&](size_t i, float x0, float) { out.push_back(item(shape, TimelineLane::Marks, x0, x0, i, i + 1)); },
        [&](size_t i, size_t j, float x0, float, float) { out.push_back(item(shape, TimelineLane::Marks, x0, x0, i, j)); });
  };
  marks(tl.jump_marks(), TimelineShape::Jump);
  marks(tl.input_marks(), TimelineShape::Input);

  // The time axis: a tick about every 110 px at a 1-2-5 step, in the unit of the view's end, with as many
  // decimals as the step needs (so neighbours never read the same).
  double step = nice_step(v.ns_per_px * 110);
  double unit = v.to() >= 1e9 ? 1e9 : v.to() >= 1e6 ? 1e6 : v.to() >= 1e3 ? 1e3 : 1;
  const char* name = unit == 1e9 ? " s" : unit == 1e6 ? " ms" : unit == 1e3 ? " µs" : " ns";
  int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(step / unit) - 1e-9)));
  for (double t = std::ceil(std::max(0.0, v.from) / step) * step; t < v.to(); t += step) {
    char buf[48];
    snprintf(buf, sizeof buf, "%.*f%s", decimals, t / unit, name);
    lay.ticks.push_back(TimelineTick{static_cast<float>(v.x(t)), t == 0 ? "0" : buf});
  }
  return lay;
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
