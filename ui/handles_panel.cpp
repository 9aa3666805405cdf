// Handles & requests: every handle with the line that created it, requests in flight by type, and the alive
// rule spelled out. Clicking a row lights its line in the editor.
#include "imgui.h"
#include "ui/app.h"

namespace ls::ui {

void draw_handles(App& app, float width, float height) {
  const ViewModel& vm = app.vm;
  const Lang L = app.settings.lang;
  ImGui::BeginChild("handles", ImVec2(width, height), true);
  ImGui::TextUnformatted(tr(L, "Handles & requests"));
  ImGui::Separator();
  ImGui::PushTextWrapPos(0.0f);
  if (!vm.running && vm.status == "loaded") {
    ImGui::TextDisabled("%s", tr(L, "No run yet."));
  } else if (vm.status == "failed" || vm.status == "blocked") {
    ImGui::TextColored(ImVec4(1.0f, 0.55f, 0.5f, 1), "%s", tr(L, "The run ended with an error; these handles were open then."));
  } else if (vm.alive) {
    ImGui::TextColored(ImVec4(0.55f, 0.9f, 0.6f, 1), "%s", tr(L, "The loop is alive because:"));
    for (const std::string& r : vm.alive_reasons) {  // wrapped: a reason in Korean is longer than the panel
      ImGui::Bullet();
      ImGui::TextWrapped("%s", r.c_str());
    }
  } else {
    ImGui::TextColored(ImVec4(0.9f, 0.75f, 0.5f, 1), "%s", tr(L, "Not alive: nothing keeps it running, so the run ends."));
  }
  ImGui::PopTextWrapPos();
  if (!vm.requests.empty()) {
    std::string s = tr(L, "In flight:");
    for (const RequestRow& r : vm.requests) s += " " + std::to_string(r.count) + " " + r.type;
    ImGui::TextUnformatted(s.c_str());
  }
  if (vm.handles_total > vm.handles.size())
    ImGui::TextDisabled(tr(L, "The first %zu of %zu handles:"), vm.handles.size(), vm.handles_total);
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                          ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("handle_rows", 6, flags)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("id");
    ImGui::TableSetupColumn(tr(L, "type"));
    ImGui::TableSetupColumn(tr(L, "line"));
    ImGui::TableSetupColumn(tr(L, "state"));
    ImGui::TableSetupColumn("ref");
    ImGui::TableSetupColumn(tr(L, "details"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(vm.handles.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const HandleRow& h = vm.handles[i];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        char id[32];
        snprintf(id, sizeof id, "#%llu", (unsigned long long)h.id);
        if (ImGui::Selectable(id, app.clicked_line != 0 && app.clicked_line == h.line,
                              ImGuiSelectableFlags_SpanAllColumns))
          app.clicked_line = h.line;
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(h.type.c_str());
        ImGui::TableNextColumn();
        if (h.line > 0) ImGui::Text("%d", h.line); else ImGui::TextDisabled("-");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(h.state_text.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(h.ref ? "ref" : "unref");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(h.details.c_str());
      }
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
}

}  // namespace ls::ui
