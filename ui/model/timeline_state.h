// The timeline panel's state outside the pixels: the model read from the current run, the view (zoom, pan,
// follow), the layout last drawn (recomputed only when the model or the view changed), the lane geometry,
// what the mouse is over, and the summary window.loopscope.state() reports. Plain C++: the panel
// (ui/timeline_panel.cpp) draws it and feeds the mouse in; tests/ui drive it directly.
#pragma once
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "ui/model/timeline.h"
#include "ui/model/words.h"

namespace ls::ui {

class Session;
struct TimerRow;

// Vertical places of the lanes in the plot (px from its top). Callback lanes beyond the deepest nesting used
// are left out.
struct TimelineLanes {
  float y0[kTimelineLanes] = {}, y1[kTimelineLanes] = {};
  bool shown[kTimelineLanes] = {};
  float bottom = 0;
};
TimelineLanes lane_geometry(float plot_h, float line_h, int callback_lanes);
bool lane_at(const TimelineLanes& lanes, float y, TimelineLane& out);

struct TimelineSummary {  // what state().timeline says (state_json.cpp -> timeline_json)
  uint64_t iterations = 0, bars = 0, gaps = 0, jumps = 0, inputs = 0, last_seq = 0, skipped = 0;
  double from_ms = 0, to_ms = 0, end_ms = 0;
  bool follow = true, summary = false, collapsed = false;
  uint64_t visible_iterations = 0, visible_bars = 0, items = 0;
  struct Late {
    uint64_t handle;
    double due_ms, ran_ms;
    int line;
  };
  struct Stretch {
    double from_ms, to_ms, worst_late_ms;
    uint64_t count;
    bool open;
    std::vector<Late> timers;
    std::string blocker;  // "idle #2" (empty = none)
    int blocker_line;
    double blocker_ms;
  };
  std::vector<Stretch> overdue;  // the first kStretches (then `overdue_count` says how many)
  uint64_t overdue_count = 0;
  bool hovered = false;
  std::string hover_text;
  uint64_t hover_seq = 0;
  int hover_line = 0;
  uint64_t clicked_seq = 0;
  int clicked_line = 0;
  float rect[4] = {};  // the plot on the screen: x, y, w, h (CSS px)
  float lane_y[kTimelineLanes] = {};  // lane centres on the screen (0 = not shown)
  std::string header;  // the panel's one-line summary
  static constexpr size_t kStretches = 16;
};

struct TimelineState {
  Timeline model;
  TimelineView view;
  TimelineLayout layout;
  TimelineLanes lanes;
  uint64_t generation = ~uint64_t{0};  // the session the model was read from
  uint64_t layout_version = ~uint64_t{0};
  double layout_from = 0, layout_npp = 0;
  float layout_width = 0;
  Lang layout_lang = Lang::en;
  float height = 0;           // the strip's height (the splitter above it drags it; 0 = about a fifth of the window)
  bool collapsed = false;
  float rect[4] = {};         // where the plot was drawn last (screen px)
  TimelineHit hover;          // from the last frame's mouse
  uint64_t clicked_seq = 0;
  int clicked_line = 0;

  // After each loop advance: reads the new trace events (a new session starts over) and what is true now.
  void refresh(const Session* session, uint64_t session_generation, const std::vector<TimerRow>& timers);
  // Before drawing: the layout for a plot `width` px wide (recomputed only if something changed).
  const TimelineLayout& layout_for(float width, Lang lang = Lang::en);
  // The mouse over the plot at (x, y) px from its top-left (nullptr-like: x < 0 = not over it).
  void hover_at(float x, float y);
  void click();  // on what is hovered: remembers its step and line
  // window.loopscope's view calls: "fit", "zoom" (a = factor, b = where, 0..1 of the width), "pan" (a = ms),
  // "show" (a = from ms, b = to ms), "collapse" (a = 1 / 0), "height" (a = px, 0 = a quarter of the window). False for an unknown op.
  bool apply(const std::string& op, double a, double b);
  TimelineSummary summary(Lang lang = Lang::en) const;  // its header in the UI's language
};

nlohmann::json timeline_json(const TimelineSummary& s);  // state().timeline

}  // namespace ls::ui
