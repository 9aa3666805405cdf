// Embed mode (#...&embed=1): the compact page for an iframe in a blog post. One row of controls (run, the
// three steps, reset, the status), the editor over the console on the left, the loop cycle on the right.
// The link to the full playground is an HTML link the page puts over the top right corner (web/loopscope.js),
// so this row leaves that corner free.
#include <cstdio>

#include "imgui.h"
#include "ui/app.h"

namespace ls::ui {

namespace {

constexpr float kLinkRoom = 150;  // the top right corner the page's "Open in Loopscope" link covers

void draw_controls(App& app) {
  const ViewModel& vm = app.vm;
  const Lang L = app.settings.lang;
  bool playing = vm.running && vm.mode != "paused";
  if (ImGui::Button(playing ? label(L, "Pause", "pause").c_str() : label(L, "Run", "run").c_str(), ImVec2(56, 0))) playing ? app.pause() : app.run();
  ImGui::SameLine();
  ImGui::TextDisabled("%s", tr(L, "Step:"));
  ImGui::SameLine();
  if (ImGui::Button(label(L, "Callback", "callback").c_str())) app.step(StepKind::Callback);
  ImGui::SameLine();
  if (ImGui::Button(label(L, "Phase", "phase").c_str())) app.step(StepKind::Phase);
  ImGui::SameLine();
  if (ImGui::Button(label(L, "Iteration", "iteration").c_str())) app.step(StepKind::Iteration);
  ImGui::SameLine();
  if (ImGui::Button(label(L, "Reset", "reset").c_str())) app.reset();
  // The status after the buttons if it fits left of the page's link (about 150 px), else below them.
  std::string steps = fmt(L, "step {0}", {std::to_string(vm.steps)});
  float need = ImGui::CalcTextSize(vm.status_text.c_str()).x + ImGui::CalcTextSize(steps.c_str()).x + 24;
  ImGui::SameLine();
  if (ImGui::GetCursorPosX() + need > ImGui::GetContentRegionMax().x - kLinkRoom) ImGui::NewLine();
  ImVec4 color = vm.status == "failed" || vm.status == "blocked" ? ImVec4(1.0f, 0.45f, 0.4f, 1)
                 : vm.status == "done"                          ? ImVec4(0.5f, 0.9f, 0.55f, 1)
                                                                : ImVec4(0.75f, 0.8f, 0.9f, 1);
  ImGui::TextColored(color, "%s", vm.status_text.c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("%s", steps.c_str());
  if (!app.notice.empty()) {
    ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x - kLinkRoom);
    ImGui::TextColored(ImVec4(1.0f, 0.8f, 0.4f, 1), "%s", app.notice.c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace

void draw_embed(App& app) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("Loopscope (embedded)", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoSavedSettings);
  draw_controls(app);
  ImVec2 avail = ImGui::GetContentRegionAvail();
  float gap = ImGui::GetStyle().ItemSpacing.x;
  // The ring's labels need about 300 px beside it; a narrow iframe gives the editor less.
  float left_w = avail.x * (avail.x < 900 ? 0.48f : 0.55f);
  if (avail.x - left_w < 300) left_w = avail.x - 300;
  if (left_w < 200) left_w = 200;
  float console_h = avail.y * 0.32f;
  ImGui::BeginGroup();
  draw_editor(app, left_w, avail.y - console_h - ImGui::GetStyle().ItemSpacing.y);
  draw_console(app, left_w, console_h);
  ImGui::EndGroup();
  ImGui::SameLine();
  draw_cycle(app, avail.x - left_w - gap, avail.y);
  ImGui::End();
}

}  // namespace ls::ui
