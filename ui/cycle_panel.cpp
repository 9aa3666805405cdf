// The loop cycle: the seven phases as a ring (the view model's geometry), the current one lit, each with its
// queue and callbacks this iteration; update_time marked at the start of timers; the poll's decision and the
// narration of the last step below. Hovering a phase explains it.
#include <cmath>

#include "imgui.h"
#include "ui/app.h"

namespace ls::ui {

namespace {

ImVec2 at(ImVec2 c, float r, float angle) {  // angle clockwise from 12 o'clock
  return ImVec2(c.x + r * std::sin(angle), c.y - r * std::cos(angle));
}

}  // namespace

void draw_cycle(App& app, float width, float height) {
  const ViewModel& vm = app.vm;
  const Lang L = app.settings.lang;
  ImGui::BeginChild("cycle", ImVec2(width, height), true);
  ImGui::TextUnformatted(tr(L, "Loop cycle"));
  ImGui::SameLine();
  ImGui::TextDisabled("%s", vm.cycle.header.c_str());
  ImGui::Separator();
  float text_h = ImGui::GetTextLineHeightWithSpacing() * 4.5f;
  ImVec2 avail = ImGui::GetContentRegionAvail();
  float ring_h = avail.y - text_h;
  if (ring_h < 120) ring_h = 120;
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##ring", ImVec2(avail.x, ring_h));
  bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 c(origin.x + avail.x * 0.5f, origin.y + ring_h * 0.5f);
  // Room for the labels outside the ring: two text lines above and below, a label's width on the sides.
  float lh = ImGui::GetTextLineHeight();
  float label_w = ImGui::CalcTextSize(fmt(L, "{0} ran / {1} queued", {"0", "00"}).c_str()).x;
  float r = std::min((avail.x * 0.5f - label_w - 16) / 1.14f, (ring_h * 0.5f - 2 * lh - 16) / 1.14f);
  if (r < 30) r = 30;
  float thick = r * 0.28f;
  ImVec2 mouse = ImGui::GetIO().MousePos;
  float mdx = mouse.x - c.x, mdy = mouse.y - c.y;
  float mr = std::sqrt(mdx * mdx + mdy * mdy);
  float mang = std::atan2(mdx, -mdy);
  if (mang < 0) mang += 2 * 3.14159265f;
  const PhaseSlot* tip = nullptr;
  for (const PhaseSlot& p : vm.cycle.ring) {
    ImU32 col = p.lit ? IM_COL32(250, 190, 70, 255) : p.visited ? IM_COL32(70, 110, 160, 255) : IM_COL32(55, 62, 75, 255);
    float a0 = p.angle0 + 0.03f, a1 = p.angle1 - 0.03f;
    // ImGui's arcs start at 3 o'clock, counter-clockwise in screen terms: convert from our clockwise-from-12.
    dl->PathArcTo(c, r, a0 - 3.14159265f / 2, a1 - 3.14159265f / 2, 24);
    dl->PathStroke(col, false, thick);
    float mid = (p.angle0 + p.angle1) / 2;
    ImVec2 lp = at(c, r + thick * 0.5f + 14, mid);
    std::string counts = p.queue < 0 ? "-" : fmt(L, "{0} ran / {1} queued", {std::to_string(p.ran), std::to_string(p.queue)});
    ImVec2 ls = ImGui::CalcTextSize(p.label.c_str()), cs = ImGui::CalcTextSize(counts.c_str());
    float lx = lp.x - (std::sin(mid) < -0.2f ? std::max(ls.x, cs.x) : std::sin(mid) > 0.2f ? 0 : std::max(ls.x, cs.x) / 2);
    float ly = lp.y - (std::cos(mid) < -0.2f ? 0 : std::cos(mid) > 0.2f ? ls.y + cs.y : (ls.y + cs.y) / 2);
    dl->AddText(ImVec2(lx, ly), p.lit ? IM_COL32(255, 215, 120, 255) : IM_COL32(215, 220, 230, 255), p.label.c_str());
    dl->AddText(ImVec2(lx, ly + ls.y), IM_COL32(140, 150, 165, 255), counts.c_str());
    if (p.phase == Phase::Timers) {  // update_time runs as timers begins, in both orders
      ImVec2 m0 = at(c, r - thick * 0.7f, p.angle0 + 0.03f), m1 = at(c, r + thick * 0.7f, p.angle0 + 0.03f);
      dl->AddLine(m0, m1, IM_COL32(120, 220, 150, 255), 3.0f);
    }
    if (hovered && mr > r - thick && mr < r + thick && mang >= p.angle0 && mang < p.angle1) tip = &p;
  }
  std::string centre = vm.status == "blocked" ? tr(L, "BLOCKED") : vm.phase == "none" ? (vm.running ? tr(L, "main chunk") : vm.status_text) : vm.phase;
  ImVec2 cs = ImGui::CalcTextSize(centre.c_str());
  dl->AddText(ImVec2(c.x - cs.x / 2, c.y - cs.y), vm.status == "blocked" ? IM_COL32(255, 110, 100, 255)
                                                                            : IM_COL32(235, 235, 240, 255),
              centre.c_str());
  std::string t = fmt(L, "now {0} ms", {std::to_string(vm.now)});
  ImVec2 ts = ImGui::CalcTextSize(t.c_str());
  dl->AddText(ImVec2(c.x - ts.x / 2, c.y + 2), IM_COL32(150, 160, 175, 255), t.c_str());
  if (tip) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextUnformatted(tip->tooltip.c_str());
    if (tip->phase == Phase::Timers) ImGui::TextDisabled("%s", tr(L, "The green mark: update_time refreshes the loop's 'now' here."));
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }

  ImGui::PushTextWrapPos(0.0f);
  if (vm.poll.known) {
    ImGui::TextUnformatted(vm.poll.text.c_str());
  } else {
    ImGui::TextDisabled("%s", tr(L, "no poll yet in this run"));
  }
  if (!vm.poll_next.empty()) ImGui::TextDisabled("%s", vm.poll_next.c_str());
  if (vm.blocked)
    ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1), "%s", tr(L, "The loop was blocked: a callback never returned (see the console)."));
  if (!vm.narration.empty()) ImGui::TextColored(ImVec4(0.65f, 0.85f, 1.0f, 1), "%s", vm.narration.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
}

}  // namespace ls::ui
