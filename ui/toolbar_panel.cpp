#include "examples/gallery.h"
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
  ImGui::SetNextItemWidth(330.0f);
  const examples::Snippet* current = examples::find(app.example);
  if (ImGui::BeginCombo("##examples", current ? current->title.c_str() : "Examples...")) {
    for (const examples::Snippet& s : examples::all()) {
      if (ImGui::Selectable(s.title.c_str(), current && current->name == s.name)) app.load_example(s.name);
      if (ImGui::IsItemHovered() && !s.watch.empty()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
        ImGui::TextUnformatted(s.watch.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::TextDisabled("Loopscope: a libuv-style event loop you can watch");
  if (!app.example_watch.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImVec4(0.65f, 0.8f, 1.0f, 1.0f), "Watch: %s", app.example_watch.c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace ls::ui
