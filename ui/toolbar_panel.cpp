// The toolbar: examples, run/pause, the three steps, reset, speed, order, trace export, the shortcut list.
#include "examples/gallery.h"
#include "imgui.h"
#include "ui/app.h"

namespace ls::ui {

namespace {

// Where a button was drawn, for the browser tests' clicks.
void note_rect(App& app, const char* name) {
  ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  app.button_rects[name] = {a.x, a.y, b.x, b.y};
}

void tip(const char* text) {
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

// What window.loopscope's keydown handler (web/loopscope.js) maps: keys every browser hands to the page.
const char* const kShortcuts[][2] = {
    {"Ctrl+Enter", "Run / Pause (paced)"},  {"Ctrl+Shift+Enter", "Run instantly to the end"},
    {"Alt+C", "Step one callback"},         {"Alt+P", "Step one phase"},
    {"Alt+I", "Step one iteration"},        {"Alt+R", "Reset (discard the run)"},
    {"Alt+B", "Back one step (replays the run)"},
};

}  // namespace

void draw_toolbar(App& app) {
  const ViewModel& vm = app.vm;
  ImGui::SetNextItemWidth(250.0f);  // narrower since Gallery and Share joined the row: it fits 1280 px
  const examples::Snippet* current = examples::find(app.example);
  app.examples_listed = false;
  if (ImGui::BeginCombo("##examples", current ? current->title.c_str() : "Examples...")) {
    app.examples_listed = true;
    for (const examples::Snippet& s : examples::all()) {
      if (ImGui::Selectable(s.title.c_str(), current && current->name == s.name)) app.load_example(s.name);
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
        ImGui::TextUnformatted(s.description.c_str());
        if (!s.watch.empty()) ImGui::TextDisabled("Watch: %s", s.watch.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
    }
    ImGui::EndCombo();
  }
  tip("The gallery: each example shows one thing about the loop (hover an entry for what).");
  ImGui::SameLine();
  if (ImGui::Button("Gallery")) app.show_gallery = !app.show_gallery;
  note_rect(app, "gallery");
  tip("Every example with what it shows and what to watch for; callback and async/await twins side by side");
  ImGui::SameLine();
  bool playing = vm.running && vm.mode != "paused";
  if (ImGui::Button(playing ? "Pause" : "Run", ImVec2(64, 0))) playing ? app.pause() : app.run();
  tip(playing ? "Pause the run (Ctrl+Enter)" : "Run paced: virtual time follows real time x speed (Ctrl+Enter)");
  ImGui::SameLine();
  if (ImGui::Button("Instant")) app.run_instant();
  tip("Run to the end as fast as possible, a frame's work at a time (Ctrl+Shift+Enter)");
  ImGui::SameLine();
  ImGui::TextDisabled("Step:");
  ImGui::SameLine();
  ImGui::BeginDisabled(vm.positions == 0);
  if (ImGui::Button("Back")) app.back();
  ImGui::EndDisabled();
  tip("Back one step, of the kind last used: the run is replayed from its start to there (Alt+B)");
  ImGui::SameLine();
  if (ImGui::Button("Callback")) app.step(StepKind::Callback);
  tip("Run exactly one callback, then pause (Alt+C)");
  ImGui::SameLine();
  if (ImGui::Button("Phase")) app.step(StepKind::Phase);
  tip("Run to the end of the current phase, empty ones included (Alt+P)");
  ImGui::SameLine();
  if (ImGui::Button("Iteration")) app.step(StepKind::Iteration);
  tip("Run to the end of the current loop iteration (Alt+I)");
  ImGui::SameLine();
  if (ImGui::Button("Reset")) app.reset();
  tip("Discard the run; the next Run starts from the beginning (Alt+R)");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110.0f);
  float speed = static_cast<float>(app.settings.speed);
  if (ImGui::SliderFloat("##speed", &speed, 0.1f, 16.0f, "speed x%.1f", ImGuiSliderFlags_Logarithmic))
    app.set_speed(speed);
  tip("Paced runs: virtual milliseconds per real millisecond (x0.1 ... x16)");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(200.0f);
  int order = app.settings.order == Order::Modern ? 0 : 1;
  const char* orders[] = {"libuv >= 1.45 (modern)", "libuv 1.44 (legacy)"};
  if (ImGui::Combo("##order", &order, orders, 2)) app.set_order(order == 0 ? Order::Modern : Order::Legacy);
  tip(vm.running ? "The phase order of the next run (this run keeps its own: Reset to change it)"
                 : "The phase order: libuv >= 1.45 runs timers at the end of an iteration, 1.44 at its start");
  ImGui::SameLine();
  ImGui::BeginDisabled(!app.session);
  if (ImGui::Button("Export")) app.export_trace();
  ImGui::EndDisabled();
  tip("Download this run's trace as JSON Lines (docs/trace-format.md)");
  ImGui::SameLine();
  ImGui::BeginDisabled(!app.share);
  if (ImGui::Button("Share")) app.share();
  ImGui::EndDisabled();
  note_rect(app, "share");
  tip("Copy a link to this snippet with its order, speed and step kind (add &run=1 to run it on open)");
  ImGui::SameLine();
  if (ImGui::Button("?")) app.show_shortcuts = !app.show_shortcuts;
  tip("Keyboard shortcuts");
  if (app.show_shortcuts) {
    ImGui::SetNextWindowPos(ImVec2(ImGui::GetItemRectMin().x - 260, ImGui::GetItemRectMax().y + 4));
    ImGui::SetNextWindowBgAlpha(0.97f);
    ImGui::Begin("Shortcuts", &app.show_shortcuts,
                 ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
    for (const auto& s : kShortcuts) {
      ImGui::TextUnformatted(s[0]);
      ImGui::SameLine(150);
      ImGui::TextUnformatted(s[1]);
    }
    ImGui::End();
  }
  if (app.show_gallery) draw_gallery(app);

  // Status line: what the run is, and the example's note.
  ImVec4 color = vm.status == "failed" || vm.status == "blocked" ? ImVec4(1.0f, 0.45f, 0.4f, 1)
                 : vm.status == "done"                          ? ImVec4(0.5f, 0.9f, 0.55f, 1)
                                                                : ImVec4(0.75f, 0.8f, 0.9f, 1);
  ImGui::TextColored(color, "%s", vm.status.c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("| %s order | step %llu | %s", vm.order.c_str(), (unsigned long long)vm.steps,
                      app.settings.order != (vm.order == "modern" ? Order::Modern : Order::Legacy)
                          ? "the next run uses the other order"
                          : (app.example_title.empty() ? "your snippet" : app.example_title.c_str()));
  if (!app.notice.empty()) {
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);  // a bad link's message can be long: it wraps instead of running off the page
    ImGui::TextColored(ImVec4(1.0f, 0.8f, 0.4f, 1), "%s", app.notice.c_str());
    ImGui::PopTextWrapPos();
  }
  if (vm.positions > 0) {  // the scrubber: any earlier step, replayed when the slider is let go
    ImGui::SameLine();
    ImGui::SetNextItemWidth(200.0f);
    if (app.scrub < 0) app.scrub = static_cast<int>(vm.positions);
    ImGui::SliderInt("##history", &app.scrub, 0, static_cast<int>(vm.positions), "history: step %d");
    if (ImGui::IsItemDeactivatedAfterEdit()) app.rewind(static_cast<size_t>(app.scrub));
    if (!ImGui::IsItemActive()) app.scrub = -1;
    tip("Drag to any earlier step and let go: the run is replayed from its start to there");
  }
  if (!app.example_watch.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImVec4(0.65f, 0.8f, 1.0f, 1.0f), "Watch: %s", app.example_watch.c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace ls::ui
