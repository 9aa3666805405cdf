// The playground's state and its one frame function: read input, advance the run, draw the panels.
// Portable: no SDL, GL or Emscripten here, so the same UI can later run in a native window on epoll.
#pragma once
#include <memory>
#include <string>

#include "ui/session.h"

namespace ls::ui {

extern const char* const kDefaultSnippet;

struct App {
  std::string code = kDefaultSnippet;
  std::string example;        // the gallery snippet in the editor ("" = the default or the user's own)
  std::string example_watch;  // its "what to watch" note
  std::unique_ptr<Session> session;
  std::string console;        // what the last run printed (kept after the session ends)
  bool console_follow = true; // scroll the console with new output
  int frames = 0;

  void load(const std::string& text);
  bool load_example(const std::string& name);  // false if the gallery has no such snippet
  void run();
  void stop();
  void frame();               // one ImGui frame; call between ImGui::NewFrame and ImGui::Render
  std::string state_json() const;
  static std::string examples_json();
};

// Panels, one file each.
void draw_toolbar(App& app);
void draw_editor(App& app, float width, float height);
void draw_console(App& app, float width, float height);
void draw_status(App& app);

}  // namespace ls::ui
