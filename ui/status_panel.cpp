#include "imgui.h"
#include "ui/app.h"

namespace ls::ui {

void draw_status(App& app) {
  if (!app.session) {
    ImGui::TextDisabled("Press Run to start the snippet.");
    return;
  }
  Session& s = *app.session;
  ImGui::Text("run: %s   loop alive: %s   iterations: %llu   now: %llu ms", lua::to_string(s.state()),
              s.loop().alive() ? "yes" : "no", (unsigned long long)s.loop().iteration(),
              (unsigned long long)s.loop().now());
  if (s.state() == lua::RunState::Failed) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "error: %s", s.error().c_str());
  }
}

}  // namespace ls::ui
