// Timers: the heap in firing order (due time, then start sequence), with the time left.
#include "imgui.h"
#include "ui/app.h"

namespace ls::ui {

void draw_timers(App& app, float width, float height) {
  const ViewModel& vm = app.vm;
  const Lang L = app.settings.lang;
  ImGui::BeginChild("timers", ImVec2(width, height), true);
  ImGui::TextUnformatted(tr(L, "Timers (firing order)"));
  ImGui::Separator();
  if (vm.timers.empty()) ImGui::TextDisabled("%s", tr(L, "No timer is armed."));
  if (vm.timers_total > vm.timers.size())
    ImGui::TextDisabled(tr(L, "The first %zu of %zu timers:"), vm.timers.size(), vm.timers_total);
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (!vm.timers.empty() && ImGui::BeginTable("timer_rows", 5, flags)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr(L, "timer"));
    ImGui::TableSetupColumn(tr(L, "due"));
    ImGui::TableSetupColumn(tr(L, "left"));
    ImGui::TableSetupColumn(tr(L, "repeat"));
    ImGui::TableSetupColumn(tr(L, "start"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(vm.timers.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const TimerRow& t = vm.timers[i];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        std::string id = "#" + std::to_string(t.id);
        if (t.line > 0) id += fmt(L, " (line {0})", {std::to_string(t.line)});
        if (ImGui::Selectable(id.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) app.clicked_line = t.line;
        ImGui::TableNextColumn();
        ImGui::Text("%llu ms", (unsigned long long)t.due);
        ImGui::TableNextColumn();
        ImGui::Text("%lld ms", (long long)t.left);
        ImGui::TableNextColumn();
        if (t.repeat) ImGui::Text("%llu ms", (unsigned long long)t.repeat); else ImGui::TextDisabled("%s", tr(L, "once"));
        ImGui::TableNextColumn();
        ImGui::Text("seq %llu", (unsigned long long)t.seq);
      }
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
}

}  // namespace ls::ui
