// The editor: line numbers, the current callback's line lit (and scrolled into view), the error line marked
// with its message. The text input is as tall as the text, inside our own scrolling child, so line numbers
// and highlights line up with it without ImGui internals.
#include <algorithm>

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
  ImGui::BeginChild("editor_frame", ImVec2(width, height), true);
  ImGui::TextUnformatted(app.example.empty() ? tr(app.settings.lang, "Snippet (Lua, luv API)") : (app.example + ".lua").c_str());
  if (app.vm.error_line > 0) {  // the line's message, first line of it (the console has the traceback)
    ImGui::SameLine();
    std::string msg = app.vm.error.substr(0, app.vm.error.find('\n'));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImVec4(1.0f, 0.5f, 0.45f, 1), tr(app.settings.lang, "line %d: %s"), app.vm.error_line, msg.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::Separator();
  ImGui::BeginChild("editor_scroll", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  int lines = 1 + static_cast<int>(std::count(app.code.begin(), app.code.end(), '\n'));
  float lh = ImGui::GetTextLineHeight();
  float pad = ImGui::GetStyle().FramePadding.y;
  float gutter = ImGui::CalcTextSize("0000").x + 8;
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float full_w = ImGui::GetContentRegionAvail().x;

  int current = app.vm.line;
  int error = app.vm.error_line;
  auto band = [&](int line, ImU32 col) {
    if (line < 1 || line > lines) return;
    float y = origin.y + pad + (line - 1) * lh;
    dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + full_w, y + lh), col);
  };
  band(app.clicked_line, IM_COL32(90, 90, 140, 110));
  band(current, IM_COL32(60, 110, 170, 120));
  band(error, IM_COL32(170, 50, 50, 140));
  for (int i = 1; i <= lines; ++i) {
    char buf[16];
    snprintf(buf, sizeof buf, "%4d", i);
    ImU32 col = i == error ? IM_COL32(255, 120, 110, 255) : i == current ? IM_COL32(170, 210, 255, 255)
                                                                           : IM_COL32(120, 125, 135, 255);
    dl->AddText(ImVec2(origin.x, origin.y + pad + (i - 1) * lh), col, buf);
  }
  // Keep the lit line in view when it changes, and a line a row was clicked for.
  auto into_view = [&](int line) {
    float y = pad + (line - 1) * lh;
    float top = ImGui::GetScrollY(), bottom = top + ImGui::GetWindowHeight();
    if (y < top || y + lh > bottom) ImGui::SetScrollY(std::max(0.0f, y - ImGui::GetWindowHeight() * 0.35f));
  };
  int target = error ? error : current;
  if (target > 0 && target != app.editor_scrolled_to) {
    into_view(target);
    app.editor_scrolled_to = target;
  }
  if (app.clicked_line > 0 && app.clicked_line != app.editor_scrolled_to_click) {
    into_view(app.clicked_line);
    app.editor_scrolled_to_click = app.clicked_line;
  }

  ImGui::SetCursorScreenPos(ImVec2(origin.x + gutter, origin.y));
  ImGui::PushStyleColor(ImGuiCol_FrameBg, IM_COL32(0, 0, 0, 0));
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_AllowTabInput | ImGuiInputTextFlags_CallbackResize;
  float text_h = lines * lh + 2 * pad + lh;
  float h = std::max(text_h, ImGui::GetContentRegionAvail().y);
  if (ImGui::InputTextMultiline("##code", app.code.data(), app.code.capacity() + 1,
                                ImVec2(std::max(full_w - gutter, 200.0f), h), flags, grow_string, &app.code))
    app.code_edited();
  ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  app.button_rects["editor"] = {a.x, a.y, b.x, b.y};  // where the text is, for the browser tests' clicks
  ImGui::PopStyleColor();
  ImGui::EndChild();
  ImGui::EndChild();
}

}  // namespace ls::ui
