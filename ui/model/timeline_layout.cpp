// The timeline's layout: the view (zoom, pan, follow), what of each track lies in it as pixel spans, and the time
// axis. Items narrower than a pixel are merged per pixel column with binary searches and prefix sums, so a frame
// costs O(pixels) however many events the run has. The words and hit-testing are in timeline_hover.cpp.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/model/glyphs.h"
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
    for (size_t i = 0; i < o.size();) {  // code points, not bytes (µ, ·); Hangul is two columns wide
      uint32_t cp;
      i += utf8_next(o, i, &cp);
      chars += cp >= 0x1100 && cp != 0xFFFFFFFF ? 2 : 1;
    }
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

TimelineLayout layout_timeline(const Timeline& tl, const TimelineView& v, Lang lang) {
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
        std::string cbs = std::to_string(r.callbacks);
        it.label = fit_label(x1 - x0, {r.callbacks == 1 ? fmt(lang, "{0} \xc2\xb7 {1} callback", {n, cbs})
                                                        : fmt(lang, "{0} \xc2\xb7 {1} callbacks", {n, cbs}),
                                       n});
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
      std::string d = duration_words(g.t1 - g.t0);
      std::string head = g.open ? fmt(lang, "waiting {0}", {d}) : fmt(lang, "poll waited {0}", {d});
      it.label = fit_label(x1 - x0, {head + ": " + poll_reason_words(g.reason, lang), head, d});
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
      std::string worst = duration_words(s.worst_late_ns);
      it.label = fit_label(x1 - x0, {s.count == 1 ? fmt(lang, "{0} timer late, by up to {1}", {n, worst})
                                                  : fmt(lang, "{0} timers late, by up to {1}", {n, worst}),
                                     fmt(lang, "{0} late", {n}), n});
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

}  // namespace ls::ui
