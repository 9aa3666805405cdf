// Long text (the console, what a network client received) drawn line by line: only the visible lines are laid
// out, so a megabyte of output costs little per frame.
#include "imgui.h"
#include "ui/app.h"

namespace ls::ui {

void draw_text_lines(const std::string& text) {
  std::vector<int> starts{0};
  for (int i = 0; i < (int)text.size(); i++)
    if (text[i] == '\n' && i + 1 < (int)text.size()) starts.push_back(i + 1);
  ImGuiListClipper clipper;
  clipper.Begin(text.empty() ? 0 : (int)starts.size());
  while (clipper.Step()) {
    for (int line = clipper.DisplayStart; line < clipper.DisplayEnd; line++) {
      const char* b = text.data() + starts[line];
      const char* e = line + 1 < (int)starts.size() ? text.data() + starts[line + 1] : text.data() + text.size();
      if (e > b && e[-1] == '\n') e--;
      ImGui::TextUnformatted(b, e);
    }
  }
}

}  // namespace ls::ui
