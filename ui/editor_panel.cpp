#include "imgui.h"
#include "ui/app.h"

namespace ls::ui {
namespace {

// Lets InputTextMultiline edit a std::string of any length.
int grow_string(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* s = static_cast<std::string*>(data->UserData);
    s->resize(data->BufTextLen);
    data->Buf = s->data();
  }
  return 0;
}

}  // namespace

void draw_editor(App& app, float width, float height) {
  ImGui::BeginChild("editor", ImVec2(width, height), true);
  ImGui::TextUnformatted("Snippet (Lua, luv API)");
  ImGui::Separator();
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_AllowTabInput | ImGuiInputTextFlags_CallbackResize;
  ImGui::InputTextMultiline("##code", app.code.data(), app.code.capacity() + 1, ImVec2(-1.0f, -1.0f), flags,
                            grow_string, &app.code);
  ImGui::EndChild();
}

}  // namespace ls::ui
