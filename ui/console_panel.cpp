#include "imgui.h"
#include "ui/app.h"

namespace ls::ui {

void draw_console(App& app, float width, float height) {
  ImGui::BeginChild("console_frame", ImVec2(width, height), true);
  ImGui::TextUnformatted(tr(app.settings.lang, "Console"));
  if (app.vm.blocked) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1), tr(app.settings.lang, "the loop was blocked at line %d"), app.vm.error_line);
  }
  ImGui::Separator();
  ImGui::BeginChild("console", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  draw_text_lines(app.vm.console);
  if (app.console_follow && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f) ImGui::SetScrollHereY(1.0f);
  ImGui::EndChild();
  ImGui::EndChild();
}

}  // namespace ls::ui
