// Coroutines: every async task and raw coroutine with its status, the line it is parked at and what it awaits.
// Clicking a row lights that line in the editor.
#include "imgui.h"
#include "ui/app.h"

namespace ls::ui {

namespace {

ImVec4 status_colour(const std::string& s) {
  if (s == "suspended") return ImVec4(0.95f, 0.8f, 0.45f, 1);
  if (s == "running") return ImVec4(0.55f, 0.9f, 0.6f, 1);
  if (s == "failed") return ImVec4(1.0f, 0.55f, 0.5f, 1);
  return ImVec4(0.62f, 0.62f, 0.66f, 1);  // done
}

}  // namespace

void draw_coroutines(App& app, float width, float height) {
  const CoroutinesView& c = app.vm.coroutines;
  const Lang L = app.settings.lang;
  ImGui::BeginChild("coroutines", ImVec2(width, height), true);
  ImGui::TextUnformatted(tr(L, "Coroutines"));
  ImGui::SameLine();
  ImGui::TextDisabled("%s", c.summary.c_str());
  ImGui::Separator();
  if (c.rows.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", tr(L, "async.spawn() makes a task, coroutine.create() and coroutine.wrap() make raw "
                                    "coroutines. Each is listed here with the line it is parked at and what it waits for."));
    ImGui::PopTextWrapPos();
  }
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                          ImGuiTableFlags_SizingFixedFit;
  if (!c.rows.empty() && ImGui::BeginTable("coroutine_rows", 5, flags)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr(L, "coroutine"));
    ImGui::TableSetupColumn(tr(L, "status"));
    ImGui::TableSetupColumn(tr(L, "line"));
    ImGui::TableSetupColumn(tr(L, "made at"));
    ImGui::TableSetupColumn(tr(L, "awaits"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(c.rows.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const CoroutineView& r = c.rows[static_cast<size_t>(i)];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        std::string label = r.name + "##coro" + std::to_string(r.id);
        if (ImGui::Selectable(label.c_str(), r.line != 0 && app.clicked_line == r.line,
                              ImGuiSelectableFlags_SpanAllColumns))
          app.clicked_line = r.line;
        ImGui::TableNextColumn();
        ImGui::TextColored(status_colour(r.status), "%s", r.status.c_str());
        ImGui::TableNextColumn();
        if (r.line > 0) ImGui::Text("%d", r.line); else ImGui::TextDisabled("-");
        ImGui::TableNextColumn();
        if (r.created_line > 0) ImGui::TextDisabled(tr(L, "line %d (%s)"), r.created_line, r.kind.c_str());
        else ImGui::TextDisabled("(%s)", r.kind.c_str());
        ImGui::TableNextColumn();
        if (!r.awaiting.empty()) ImGui::TextUnformatted(r.awaiting.c_str()); else ImGui::TextDisabled("-");
      }
    }
    ImGui::EndTable();
  }
  if (c.hidden) ImGui::TextDisabled(tr(L, "... and %zu more"), c.hidden);
  ImGui::EndChild();
}

}  // namespace ls::ui
