// TimelineState: reading the run into the model each frame, the lazily recomputed layout, lane geometry,
// hover and click, the view calls of window.loopscope, and the summary state() reports.
#include "ui/model/timeline_state.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "ui/model/session.h"
#include "ui/model/view_model.h"

namespace ls::ui {

TimelineLanes lane_geometry(float plot_h, float line_h, int callback_lanes) {
  // Relative heights: the marks row holds the axis labels; callbacks get the most room.
  float unit[kTimelineLanes] = {1.0f, 1.15f, 0.8f, 1.3f, 1.3f, 1.3f, 1.3f, 1.15f};
  TimelineLanes g;
  float total = 0;
  for (int i = 0; i < kTimelineLanes; ++i) {
    bool cb = i >= static_cast<int>(TimelineLane::Callbacks0) && i <= static_cast<int>(TimelineLane::Callbacks3);
    g.shown[i] = !cb || i - static_cast<int>(TimelineLane::Callbacks0) < std::max(callback_lanes, 1);
    if (g.shown[i]) total += unit[i];
  }
  // Fill the plot, but no lane taller than two text lines (a tall strip keeps its lanes readable).
  float scale = std::min(plot_h / total, line_h * 2.0f);
  scale = std::max(scale, line_h * 0.6f);
  float y = 0;
  for (int i = 0; i < kTimelineLanes; ++i) {
    g.y0[i] = g.y1[i] = y;
    if (!g.shown[i]) continue;
    float h = unit[i] * scale;
    g.y1[i] = y + h;
    y += h;
  }
  g.bottom = y;
  return g;
}

bool lane_at(const TimelineLanes& g, float y, TimelineLane& out) {
  for (int i = 0; i < kTimelineLanes; ++i)
    if (g.shown[i] && y >= g.y0[i] && y < g.y1[i]) {
      out = static_cast<TimelineLane>(i);
      return true;
    }
  return false;
}

void TimelineState::refresh(const Session* s, uint64_t gen, const std::vector<TimerRow>& timers) {
  if (!s) {
    if (generation != ~uint64_t{0}) {
      model.clear();
      hover = TimelineHit();
      generation = ~uint64_t{0};
      view.follow = true;
    }
    return;
  }
  if (gen != generation) {  // a new run: start over, showing all of it
    model.clear();
    hover = TimelineHit();
    clicked_seq = 0;
    clicked_line = 0;
    generation = gen;
    view.follow = true;
  }
  const Loop& loop = s->loop();
  model.update(loop.trace());
  model.set_now(loop.hrtime(), overdue_now(timers, loop.hrtime()));
  if (view.follow) view.fit(model.end());
}

const TimelineLayout& TimelineState::layout_for(float width, Lang lang) {
  if (width != view.width) {
    view.width = std::max(width, 1.0f);
    if (view.follow) view.fit(model.end());
    else view.clamp(model.end());
  }
  if (layout_version != model.version() || layout_from != view.from || layout_npp != view.ns_per_px ||
      layout_width != view.width || layout_lang != lang) {
    layout = layout_timeline(model, view, lang);
    layout_lang = lang;
    layout_version = model.version();
    layout_from = view.from;
    layout_npp = view.ns_per_px;
    layout_width = view.width;
    hover = TimelineHit();  // its item pointed into the old layout
  }
  return layout;
}

void TimelineState::hover_at(float x, float y) {
  hover = TimelineHit();
  TimelineLane lane;
  if (x < 0 || y < 0 || !lane_at(lanes, y, lane)) return;
  hover = hit_timeline(model, layout, lane, x, layout_lang);  // in the language the layout was drawn in
}

void TimelineState::click() {
  if (!hover.found) return;
  clicked_seq = hover.seq;
  clicked_line = hover.line;
}

bool TimelineState::apply(const std::string& op, double a, double b) {
  uint64_t end = model.end();
  if (op == "fit") {
    view.fit(end);
  } else if (op == "zoom") {
    view.zoom(a, static_cast<float>(std::clamp(b, 0.0, 1.0) * view.width), end);
  } else if (op == "pan") {
    view.pan(static_cast<float>(a * 1e6 / view.ns_per_px), end);
  } else if (op == "show") {
    view.show(a * 1e6, b * 1e6, end);
  } else if (op == "collapse") {
    collapsed = a != 0;
  } else if (op == "height") {
    height = a <= 0 ? 0.0f : static_cast<float>(std::clamp(a, 60.0, 2000.0));  // 0: the default share of the window
  } else {
    return false;
  }
  return true;
}

TimelineSummary TimelineState::summary(Lang lang) const {
  TimelineSummary s;
  const Timeline& m = model;
  s.iterations = m.iterations().size();
  s.bars = m.bars();
  s.gaps = m.gaps().size();
  s.jumps = m.jumps();
  s.inputs = m.inputs();
  s.last_seq = m.last_seq();
  s.skipped = m.skipped();
  s.from_ms = view.from / 1e6;
  s.to_ms = view.to() / 1e6;
  s.end_ms = static_cast<double>(m.end()) / 1e6;
  s.follow = view.follow;
  s.collapsed = collapsed;
  s.summary = layout.summary;
  s.visible_iterations = layout.visible_iterations;
  s.visible_bars = layout.visible_bars;
  s.items = layout.items.size();
  auto stretch = [&](const OverdueStretch& o) {
    TimelineSummary::Stretch st{o.t0 / 1e6, o.t1 / 1e6, o.worst_late_ns / 1e6, o.count, o.open, {}, "", 0, 0};
    for (const LateTimer& l : o.timers) st.timers.push_back({l.handle, l.due_ns / 1e6, l.ran_ns / 1e6, l.line});
    if (const TimelineBar* b = o.blocker_seq ? find_bar(m, o.blocker_seq) : nullptr) {
      st.blocker = bar_name(*b);
      st.blocker_line = b->line;
      st.blocker_ms = o.blocker_ns / 1e6;
    }
    s.overdue.push_back(std::move(st));
  };
  for (size_t i = 0; i < m.overdue().size() && s.overdue.size() < TimelineSummary::kStretches; ++i) stretch(m.overdue()[i]);
  if (m.waiting().count && s.overdue.size() < TimelineSummary::kStretches) stretch(m.waiting());
  s.overdue_count = m.overdue().size() + (m.waiting().count ? 1 : 0);
  s.hovered = hover.found;
  s.hover_text = hover.text;
  s.hover_seq = hover.seq;
  s.hover_line = hover.line;
  s.clicked_seq = clicked_seq;
  s.clicked_line = clicked_line;
  std::copy(rect, rect + 4, s.rect);
  for (int i = 0; i < kTimelineLanes; ++i)
    s.lane_y[i] = lanes.shown[i] ? rect[1] + (lanes.y0[i] + lanes.y1[i]) / 2 : 0;
  s.header = fmt(lang, "{0} iterations \xc2\xb7 {1} callbacks \xc2\xb7 {2} poll waits \xc2\xb7 {3} clock jumps",
                 {std::to_string(s.iterations), std::to_string(s.bars), std::to_string(s.gaps), std::to_string(s.jumps)});
  if (s.inputs) s.header += fmt(lang, " \xc2\xb7 {0} inputs", {std::to_string(s.inputs)});
  std::string n = std::to_string(s.overdue_count);
  if (s.overdue_count)
    s.header += s.overdue_count == 1 ? fmt(lang, " \xc2\xb7 {0} overdue stretch", {n}) : fmt(lang, " \xc2\xb7 {0} overdue stretches", {n});
  if (layout.summary) s.header += tr(lang, " \xc2\xb7 zoomed out: iterations summarised");
  return s;
}

nlohmann::json timeline_json(const TimelineSummary& s) {
  using nlohmann::json;
  json overdue = json::array();
  for (const TimelineSummary::Stretch& st : s.overdue) {
    json timers = json::array();
    for (const TimelineSummary::Late& l : st.timers)
      timers.push_back({{"handle", l.handle}, {"dueMs", l.due_ms}, {"ranMs", l.ran_ms}, {"lateMs", l.ran_ms - l.due_ms},
                        {"line", l.line}});
    overdue.push_back({{"fromMs", st.from_ms}, {"toMs", st.to_ms}, {"count", st.count}, {"worstLateMs", st.worst_late_ms},
                       {"open", st.open}, {"timers", timers}, {"blocker", st.blocker}, {"blockerLine", st.blocker_line},
                       {"blockerMs", st.blocker_ms}});
  }
  json lanes = json::object();
  const char* names[kTimelineLanes] = {"marks", "iterations", "phases", "callbacks", "callbacks1", "callbacks2",
                                       "callbacks3", "overdue"};
  for (int i = 0; i < kTimelineLanes; ++i)
    if (s.lane_y[i] > 0) lanes[names[i]] = s.lane_y[i];
  return {{"iterations", s.iterations},
          {"bars", s.bars},
          {"gaps", s.gaps},
          {"jumps", s.jumps},
          {"inputs", s.inputs},
          {"lastSeq", s.last_seq},
          {"skipped", s.skipped},
          {"view", {{"fromMs", s.from_ms}, {"toMs", s.to_ms}, {"endMs", s.end_ms}, {"follow", s.follow}}},
          {"summary", s.summary},
          {"collapsed", s.collapsed},
          {"visibleIterations", s.visible_iterations},
          {"visibleBars", s.visible_bars},
          {"items", s.items},
          {"overdue", overdue},
          {"overdueCount", s.overdue_count},
          {"hover", s.hovered ? json{{"text", s.hover_text}, {"seq", s.hover_seq}, {"line", s.hover_line}} : json(nullptr)},
          {"clicked", s.clicked_seq ? json{{"seq", s.clicked_seq}, {"line", s.clicked_line}} : json(nullptr)},
          {"rect", {{"x", s.rect[0]}, {"y", s.rect[1]}, {"w", s.rect[2]}, {"h", s.rect[3]}}},
          {"lanes", lanes},
          {"header", s.header}};
}

}  // namespace ls::ui
