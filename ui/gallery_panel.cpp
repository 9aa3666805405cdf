// The gallery window: every example with its title, what it shows, what to watch for, how it is written
// (callbacks, async/await or both), its twin in the other style, and an Open button.
#include "examples/gallery.h"
#include "imgui.h"
#include "ui/app.h"

namespace ls::ui {

namespace {

ImVec4 style_color(const std::string& style) {
  return style == "callbacks" ? ImVec4(0.95f, 0.75f, 0.45f, 1) : style == "both" ? ImVec4(0.8f, 0.7f, 1.0f, 1)
                                                                                 : ImVec4(0.5f, 0.85f, 0.75f, 1);
}

void draw_card(App& app, const examples::Snippet& s) {
  ImGui::PushID(s.name.c_str());
  if (ImGui::Button(label(app.settings.lang, "Open", "open").c_str(), ImVec2(52, 0))) {
    app.load_example(s.name);
    app.show_gallery = false;
  }
  ImGui::SameLine();
  ImGui::TextColored(ImVec4(0.75f, 0.85f, 1.0f, 1), "%s", s.title.c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("%s.lua", s.name.c_str());
  ImGui::Indent(60);
  ImGui::TextColored(style_color(s.style), "[%s]", s.style.c_str());
  if (!s.pair.empty()) {
    const examples::Snippet* twin = examples::find(s.pair);
    ImGui::SameLine();
    ImGui::TextColored(style_color(twin ? twin->style : ""), tr(app.settings.lang, "twin: %s (the same program with %s)"),
                       s.pair.c_str(), twin ? twin->style.c_str() : "");
  }
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(s.description.c_str());
  if (!s.watch.empty()) ImGui::TextDisabled(tr(app.settings.lang, "Watch: %s"), s.watch.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Unindent(60);
  ImGui::Separator();
  ImGui::PopID();
}

}  // namespace

void draw_gallery(App& app) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImVec2 size(vp->WorkSize.x * 0.7f, vp->WorkSize.y * 0.8f);
  if (size.x < 560) size.x = vp->WorkSize.x - 20;
  ImGui::SetNextWindowSize(size, ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + (vp->WorkSize.x - size.x) * 0.5f,
                                 vp->WorkPos.y + (vp->WorkSize.y - size.y) * 0.5f), ImGuiCond_Appearing);
  ImGui::SetNextWindowBgAlpha(0.98f);
  if (ImGui::Begin(label(app.settings.lang, "Gallery: one idea about the loop per example", "gallery").c_str(), &app.show_gallery,
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::TextDisabled("%s", tr(app.settings.lang, "Twins are the same program written with callbacks and with "
                                                    "async/await: open both and compare their traces."));
    ImGui::Separator();
    for (const examples::Snippet& s : examples::all()) draw_card(app, s);
  }
  ImGui::End();
}

}  // namespace ls::ui
