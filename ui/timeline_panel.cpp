// The timeline strip: the layout of ui/model/timeline_state.h turned into rectangles and text with ImDrawList,
// clipped to the plot. Only what is in view is drawn (the layout has merged what is narrower than a pixel).
// The mouse: wheel zooms at the cursor, dragging pans, hovering shows the event, a click lights its line.
#include <algorithm>

#include "imgui.h"
#include "ui/app.h"

namespace ls::ui {

namespace {

constexpr float kSplitterH = 6;

ImU32 phase_colour(Phase p, int alpha = 255) {
  switch (p) {
    case Phase::Timers: return IM_COL32(88, 168, 110, alpha);
    case Phase::Pending: return IM_COL32(150, 112, 192, alpha);
    case Phase::Idle: return IM_COL32(122, 132, 152, alpha);
    case Phase::Prepare: return IM_COL32(78, 158, 168, alpha);
    case Phase::Poll: return IM_COL32(72, 118, 190, alpha);
    case Phase::Check: return IM_COL32(198, 148, 70, alpha);
    case Phase::Closing: return IM_COL32(186, 92, 92, alpha);
    default: return IM_COL32(110, 110, 120, alpha);
  }
}

ImU32 bar_colour(const TimelineBar& b) {
  if (b.chunk) return IM_COL32(140, 128, 196, 255);
  switch (b.cb) {
    case CallbackKind::Timer: return IM_COL32(228, 178, 72, 255);
    case CallbackKind::Idle: return IM_COL32(138, 158, 200, 255);
    case CallbackKind::Prepare: return IM_COL32(86, 170, 178, 255);
    case CallbackKind::Check: return IM_COL32(210, 150, 76, 255);
    case CallbackKind::Io: return IM_COL32(82, 188, 200, 255);
    case CallbackKind::Close: return IM_COL32(168, 122, 122, 255);
    case CallbackKind::Pending: return IM_COL32(150, 112, 192, 255);
    case CallbackKind::Request: return IM_COL32(110, 196, 140, 255);
    case CallbackKind::Work: return IM_COL32(120, 206, 120, 255);
    case CallbackKind::Async: return IM_COL32(200, 122, 200, 255);
    case CallbackKind::Signal: return IM_COL32(220, 110, 160, 255);
    case CallbackKind::Exit: return IM_COL32(200, 140, 110, 255);
  }
  return IM_COL32(170, 175, 190, 255);
}

const char* const kLaneNames[kTimelineLanes] = {N_("time"),   N_("iteration"), N_("phase"),    N_("callback"),
                                                N_("nested"), N_("nested 2"),  N_("nested 3"), N_("overdue")};

// Text inside [x0, x1], clipped there without splitting the draw list into commands.
void label(ImDrawList* dl, float x0, float x1, float y, ImU32 col, const std::string& text, const ImVec4& plot) {
  if (text.empty()) return;
  ImVec4 clip(std::max(x0 + 3, plot.x), y, std::min(x1 - 2, plot.z), y + ImGui::GetTextLineHeight());
  if (clip.z <= clip.x) return;
  dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(std::max(x0 + 3, plot.x + 2), y), col, text.c_str(),
              nullptr, 0.0f, &clip);
}

void draw_header(App& app, float width) {
  TimelineState& st = app.timeline;
  const Lang L = app.settings.lang;
  if (ImGui::SmallButton(st.collapsed ? "+##timeline_collapse" : "-##timeline_collapse")) st.collapsed = !st.collapsed;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", st.collapsed ? tr(L, "Show the timeline") : tr(L, "Fold the timeline away"));
  ImGui::SameLine();
  ImGui::TextUnformatted(tr(L, "Timeline"));
  ImGui::SameLine();
  // The buttons sit at the right; the summary line is cut where they begin.
  const ImGuiStyle& style = ImGui::GetStyle();
  float buttons_w = ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(tr(L, "Follow the run")).x;
  for (const char* b : {N_("Fit"), N_("Zoom -"), N_("Zoom +")})
    buttons_w += ImGui::CalcTextSize(tr(L, b)).x + style.FramePadding.x * 2 + style.ItemSpacing.x;
  float buttons_x = style.WindowPadding.x + std::max(width - buttons_w, 200.0f);  // SameLine() counts from Pos
  ImVec2 at = ImGui::GetCursorScreenPos();
  float text_end = ImGui::GetWindowPos().x + buttons_x - 12;
  ImGui::PushClipRect(at, ImVec2(std::max(text_end, at.x + 1), at.y + ImGui::GetTextLineHeightWithSpacing()), true);
  ImGui::TextDisabled("%s", app.vm.timeline.header.c_str());
  ImGui::PopClipRect();
  if (st.collapsed) return;
  ImGui::SameLine(buttons_x);
  uint64_t end = st.model.end();
  if (ImGui::SmallButton(ls::ui::label(L, "Fit", "fit").c_str())) st.view.fit(end);
  ImGui::SameLine();
  if (ImGui::SmallButton(ls::ui::label(L, "Zoom -", "zoom_out").c_str())) st.view.zoom(0.5, st.view.width / 2, end);
  ImGui::SameLine();
  if (ImGui::SmallButton(ls::ui::label(L, "Zoom +", "zoom_in").c_str())) st.view.zoom(2, st.view.width / 2, end);
  ImGui::SameLine();
  bool follow = st.view.follow;
  if (ImGui::Checkbox(ls::ui::label(L, "Follow the run", "follow").c_str(), &follow)) {
    if (follow) st.view.fit(end);
    else st.view.follow = false;
  }
}

}  // namespace

float timeline_strip_height(const App& app, float avail_h) {
  float header = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().WindowPadding.y * 2 + kSplitterH;
  if (app.timeline.collapsed) return header;
  // Until the splitter is dragged (height 0), a fifth of the window or so.
  float h = app.timeline.height > 0 ? app.timeline.height : std::max(170.0f, avail_h * 0.22f);
  return std::clamp(h, header + 90, std::max(header + 90, avail_h * 0.55f));
}

void draw_timeline(App& app, float width, float height) {
  TimelineState& st = app.timeline;
  // The splitter: drag it to give the strip more or less of the window.
  ImGui::InvisibleButton("##timeline_split", ImVec2(width, kSplitterH));
  if (ImGui::IsItemActive()) st.height = height - ImGui::GetIO().MouseDelta.y;
  if (ImGui::IsItemHovered() || ImGui::IsItemActive()) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeNS);
  ImVec2 s0 = ImGui::GetItemRectMin(), s1 = ImGui::GetItemRectMax();
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(s0.x, s0.y + 2), ImVec2(s1.x, s1.y - 2),
                                            ImGui::GetColorU32(ImGui::IsItemHovered() ? ImGuiCol_SeparatorHovered
                                                                                      : ImGuiCol_Separator));
  ImGui::SetCursorScreenPos(ImVec2(s0.x, s1.y));
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
  ImGui::BeginChild("timeline", ImVec2(width, std::max(height - kSplitterH, 20.0f)), true, flags);
  draw_header(app, ImGui::GetContentRegionAvail().x);
  if (st.collapsed) {
    st.hover_at(-1, -1);
    std::fill(st.rect, st.rect + 4, 0.0f);
    ImGui::EndChild();
    return;
  }

  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 avail = ImGui::GetContentRegionAvail();
  float gutter = 0;  // the widest lane name, in the UI's language
  for (const char* name : kLaneNames) gutter = std::max(gutter, ImGui::CalcTextSize(tr(app.settings.lang, name)).x);
  gutter += 12;
  float plot_w = std::max(avail.x - gutter, 50.0f), plot_h = std::max(avail.y, 40.0f);
  ImVec2 p0(origin.x + gutter, origin.y);
  ImGui::SetCursorScreenPos(p0);
  ImGui::InvisibleButton("##timeline_plot", ImVec2(plot_w, plot_h));
  bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
  ImGuiIO& io = ImGui::GetIO();

  int depth = 1;
  for (int d = kCallbackLanes - 1; d > 0; --d)
    if (!st.model.lane(d).empty()) {
      depth = d + 1;
      break;
    }
  float lh = ImGui::GetTextLineHeight();
  st.lanes = lane_geometry(plot_h, lh, depth);
  st.rect[0] = p0.x;
  st.rect[1] = p0.y;
  st.rect[2] = plot_w;
  st.rect[3] = plot_h;
  const TimelineLayout& lay = st.layout_for(plot_w, app.settings.lang);

  // Mouse: wheel zoom at the cursor, drag to pan, hover, click (a press and release that did not drag).
  float mx = io.MousePos.x - p0.x, my = io.MousePos.y - p0.y;
  if (hovered && io.MouseWheel != 0) st.view.zoom(io.MouseWheel > 0 ? 1.25 : 0.8, mx, st.model.end());
  if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3)) st.view.pan(-io.MouseDelta.x, st.model.end());
  if (hovered) st.hover_at(mx, my); else st.hover_at(-1, -1);
  if (hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Left) && io.MouseDragMaxDistanceSqr[0] < 9) {
    st.click();
    if (st.clicked_line > 0) app.clicked_line = st.clicked_line;
  }

  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec4 plot(p0.x, p0.y, p0.x + plot_w, p0.y + plot_h);
  auto y0 = [&](TimelineLane l) { return p0.y + st.lanes.y0[static_cast<int>(l)]; };
  auto y1 = [&](TimelineLane l) { return p0.y + st.lanes.y1[static_cast<int>(l)]; };
  TimelineLane last_cb = static_cast<TimelineLane>(static_cast<int>(TimelineLane::Callbacks0) + depth - 1);

  // Lane names in the gutter, and the lanes' backgrounds.
  for (int i = 0; i < kTimelineLanes; ++i) {
    if (!st.lanes.shown[i]) continue;
    auto l = static_cast<TimelineLane>(i);
    float a = y0(l), b = y1(l);
    dl->AddLine(ImVec2(p0.x, b), ImVec2(plot.z, b), IM_COL32(255, 255, 255, 14));  // (lines: little to fill)
    dl->AddText(ImVec2(origin.x + 2, (a + b - lh) / 2), IM_COL32(140, 148, 162, 255), tr(app.settings.lang, kLaneNames[i]));
  }
  dl->PushClipRect(ImVec2(plot.x, plot.y), ImVec2(plot.z, plot.w), true);
  float top = y1(TimelineLane::Marks);
  for (const TimelineTick& t : lay.ticks) {
    float x = p0.x + t.x;
    dl->AddLine(ImVec2(x, top - 4), ImVec2(x, plot.w), IM_COL32(255, 255, 255, 22));
    if (x + 3 + ImGui::CalcTextSize(t.label.c_str()).x <= plot.z)  // a label cut by the edge is left out
      dl->AddText(ImVec2(x + 3, y0(TimelineLane::Marks)), IM_COL32(150, 158, 172, 255), t.label.c_str());
  }
  // Overdue stretches first, behind everything: red across the lanes where the loop was held up.
  for (const TimelineItem& it : lay.items)
    if (it.shape == TimelineShape::Overdue)
      dl->AddRectFilled(ImVec2(p0.x + it.x0, top), ImVec2(p0.x + it.x1, y1(last_cb)),
                        IM_COL32(255, 60, 50, it.open ? 70 : 52));

  for (const TimelineItem& it : lay.items) {
    float x0 = p0.x + it.x0, x1 = p0.x + it.x1;
    float a = y0(it.lane) + 2, b = y1(it.lane) - 2;
    float ty = (a + b - lh) / 2;
    switch (it.shape) {
      case TimelineShape::Iteration: {
        const TimelineIteration& r = st.model.iterations()[it.first];
        dl->AddRectFilled(ImVec2(x0, a), ImVec2(std::max(x1 - 1, x0 + 1), b),
                          r.number % 2 ? IM_COL32(58, 68, 86, 255) : IM_COL32(70, 82, 102, 255));
        // Its busy share (not waiting in poll) as a bar along the bottom.
        dl->AddRectFilled(ImVec2(x0, b - 3), ImVec2(x0 + (x1 - x0) * std::clamp(it.density, 0.0f, 1.0f), b),
                          IM_COL32(230, 190, 90, 200));
        label(dl, x0, x1, ty, IM_COL32(220, 225, 235, 255), it.label, plot);
        break;
      }
      case TimelineShape::Iterations:
        dl->AddRectFilled(ImVec2(x0, a), ImVec2(x1, b), IM_COL32(82, 94, 116, 255));
        break;
      case TimelineShape::Phase:
        dl->AddRectFilled(ImVec2(x0, a), ImVec2(x1, b), phase_colour(it.phase, 210));
        label(dl, x0, x1, ty, IM_COL32(240, 242, 246, 255), it.label, plot);
        break;
      case TimelineShape::Phases:
        dl->AddRectFilled(ImVec2(x0, a), ImVec2(x1, b), IM_COL32(130, 140, 160, 60 + static_cast<int>(150 * it.density)));
        break;
      case TimelineShape::Gap: {
        float ga = y0(TimelineLane::Phases) + 1, gb = y1(last_cb) - 1;
        dl->AddRectFilled(ImVec2(x0, ga), ImVec2(x1, gb), IM_COL32(22, 26, 34, it.open ? 200 : 150));
        dl->AddRect(ImVec2(x0, ga), ImVec2(x1, gb), IM_COL32(90, 110, 140, it.open ? 200 : 110));
        float ly = y0(TimelineLane::Callbacks0) + (y1(TimelineLane::Callbacks0) - y0(TimelineLane::Callbacks0) - lh) / 2;
        label(dl, x0 + 4, x1, ly, IM_COL32(150, 165, 190, 255), it.label, plot);
        break;
      }
      case TimelineShape::Bar: {
        const TimelineBar& bar =
            st.model.lane(static_cast<int>(it.lane) - static_cast<int>(TimelineLane::Callbacks0))[it.first];
        dl->AddRectFilled(ImVec2(x0, a), ImVec2(x1, b), bar_colour(bar));
        if (it.late) dl->AddRect(ImVec2(x0 - 1, a - 1), ImVec2(x1 + 1, b + 1), IM_COL32(255, 70, 60, 255), 0, 0, 2);
        label(dl, x0, x1, ty, IM_COL32(24, 26, 32, 255), it.label, plot);
        break;
      }
      case TimelineShape::Bars:
        dl->AddRectFilled(ImVec2(x0, a), ImVec2(x1, b),
                          IM_COL32(200, 186, 140, 70 + static_cast<int>(185 * std::clamp(it.density, 0.0f, 1.0f))));
        break;
      case TimelineShape::Overdue: {
        // Solid in its own lane, with the count; the band across the lanes is drawn behind the bars, and
        // tinted lightly over them, so the held-up stretch reads red without hiding what ran in it.
        dl->AddRectFilled(ImVec2(x0, top), ImVec2(x1, y1(last_cb)), IM_COL32(255, 60, 50, 26));
        dl->AddRect(ImVec2(x0, top), ImVec2(x1, y1(last_cb)), IM_COL32(255, 80, 70, 150));
        dl->AddRectFilled(ImVec2(x0, a), ImVec2(x1, b), it.open ? IM_COL32(235, 72, 60, 255) : IM_COL32(196, 52, 46, 255));
        label(dl, x0, x1, ty, IM_COL32(255, 240, 236, 255), it.label, plot);
        break;
      }
      case TimelineShape::Jump: {
        if (it.last - it.first > 1) {  // many jumps in a few px (zoomed out): a tick, not a wall of arrows
          dl->AddLine(ImVec2(x0, top - 4), ImVec2(x0, top), IM_COL32(96, 200, 222, 140));
          break;
        }
        float mid = (y0(TimelineLane::Marks) + top) / 2;
        for (float y = top; y < y1(last_cb); y += 6)  // dashed: a jump is where time was skipped
          dl->AddLine(ImVec2(x0, y), ImVec2(x0, std::min(y + 3, y1(last_cb))), IM_COL32(96, 200, 222, 150));
        dl->AddTriangleFilled(ImVec2(x0, mid - 4), ImVec2(x0 + 6, mid), ImVec2(x0, mid + 4), IM_COL32(96, 200, 222, 255));
        break;
      }
      case TimelineShape::Input: {
        dl->AddLine(ImVec2(x0, top), ImVec2(x0, plot.w), IM_COL32(250, 212, 80, 220), 1.5f);
        float ya = y0(TimelineLane::Marks) + 1;
        dl->AddTriangleFilled(ImVec2(x0 - 5, ya), ImVec2(x0 + 5, ya), ImVec2(x0, top - 1), IM_COL32(250, 212, 80, 255));
        break;
      }
    }
  }
  if (st.hover.found) {
    const TimelineItem& h = *st.hover.item;
    float a = h.shape == TimelineShape::Gap ? y0(TimelineLane::Phases) : y0(h.lane) + 1;
    float b = h.shape == TimelineShape::Gap ? y1(last_cb) : y1(h.lane) - 1;
    dl->AddRect(ImVec2(p0.x + h.x0 - 2, a), ImVec2(p0.x + std::max(h.x1, h.x0 + 1) + 2, b), IM_COL32(255, 255, 255, 230), 0, 0, 1.5f);
  }
  dl->PopClipRect();
  if (lay.items.empty())
    dl->AddText(ImVec2(p0.x + 8, y0(TimelineLane::Iterations)), IM_COL32(140, 148, 162, 255),
                app.session ? tr(app.settings.lang, "nothing ran yet: step or run the snippet")
                            : tr(app.settings.lang, "no run yet: Run or Step draws the loop here"));

  if (st.hover.found && !active) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34.0f);
    ImGui::TextUnformatted(st.hover.text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  ImGui::EndChild();
}

}  // namespace ls::ui
