#include "imgui.h"
#include "ui/app.h"

namespace ls::ui {

void draw_console(App& app, float width, float height) {
  ImGui::BeginChild("console_frame", ImVec2(width, height), true);
  ImGui::TextUnformatted("Console");
  if (app.vm.blocked) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1), "the loop was blocked at line %d", app.vm.error_line);
  }
  ImGui::Separator();
  ImGui::BeginChild("console", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  // Only the visible lines are laid out, so a long console costs little per frame.
  const std::string& text = app.vm.console;
  std::vector<int> starts{0};
  for (int i = 0; i < (int)text.size(); i++)
    if (text[i] == '\n' && i + 1 < (int)text.size()) starts.push_back(i + 1);
  ImGuiListClipper clipper;
  clipper.Begin(text.empty() ? 0 : (int)starts.size());
  while (clipper.Step()) {
    for (int line = clipper.DisplayStart; line < clipper.DisplayEnd; line++) {
      const char* b = text.data() + starts[line];
      const char* e = line + 1 < (int)starts.size() ? text.data() + starts[line + 1] - 1 : text.data() + text.size();
      if (e > b && e[-1] == '\n') e--;
      ImGui::TextUnformatted(b, e);
    }
  }
  if (app.console_follow && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f) ImGui::SetScrollHereY(1.0f);
  ImGui::EndChild();
  ImGui::EndChild();
}

}  // namespace ls::ui
