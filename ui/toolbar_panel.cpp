#include "imgui.h"
#include "ui/app.h"

namespace ls::ui {

void draw_toolbar(App& app) {
  bool running = app.session && !app.session->finished();
  if (ImGui::Button(running ? "Restart" : "Run")) app.run();
  ImGui::SameLine();
  ImGui::BeginDisabled(!running);
  if (ImGui::Button("Stop")) app.stop();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Clear console")) app.console.clear();
  ImGui::SameLine();
  ImGui::TextDisabled("Loopscope: a libuv-style event loop you can watch");
}

}  // namespace ls::ui
