// The toolbar: examples, run/pause, the three steps, reset, speed, order, trace export, the shortcut list, the
// UI's language. Labels are "text###id": the IDs (and so the layout and the tests' button_rects) do not change
// with the language.
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
    {"Ctrl+Enter", N_("Run / Pause (paced)")},  {"Ctrl+Shift+Enter", N_("Run instantly to the end")},
    {"Alt+C", N_("Step one callback")},         {"Alt+P", N_("Step one phase")},
    {"Alt+I", N_("Step one iteration")},        {"Alt+R", N_("Reset (discard the run)")},
    {"Alt+B", N_("Back one step (replays the run)")},
};

}  // namespace

void draw_toolbar(App& app) {
  const ViewModel& vm = app.vm;
  const Lang L = app.settings.lang;
  ImGui::SetNextItemWidth(210.0f);  // narrower since Gallery, Share and the language joined the row: it fits 1280 px
  const examples::Snippet* current = examples::find(app.example);
  app.examples_listed = false;
  if (ImGui::BeginCombo("##examples", current ? current->title.c_str() : tr(L, "Examples..."))) {
    app.examples_listed = true;
    for (const examples::Snippet& s : examples::all()) {
      if (ImGui::Selectable(s.title.c_str(), current && current->name == s.name)) app.load_example(s.name);
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
        ImGui::TextUnformatted(s.description.c_str());
        if (!s.watch.empty()) ImGui::TextDisabled(tr(L, "Watch: %s"), s.watch.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
    }
    ImGui::EndCombo();
  }
  tip(tr(L, "The gallery: each example shows one thing about the loop (hover an entry for what)."));
  ImGui::SameLine();
  if (ImGui::Button(label(L, "Gallery", "gallery").c_str())) app.show_gallery = !app.show_gallery;
  note_rect(app, "gallery");
  tip(tr(L, "Every example with what it shows and what to watch for; callback and async/await twins side by side"));
  ImGui::SameLine();
  bool playing = vm.running && vm.mode != "paused";
  if (ImGui::Button(playing ? label(L, "Pause", "pause").c_str() : label(L, "Run", "run").c_str(), ImVec2(64, 0))) playing ? app.pause() : app.run();
  tip(playing ? tr(L, "Pause the run (Ctrl+Enter)") : tr(L, "Run paced: virtual time follows real time x speed (Ctrl+Enter)"));
  ImGui::SameLine();
  if (ImGui::Button(label(L, "Instant", "instant").c_str())) app.run_instant();
  tip(tr(L, "Run to the end as fast as possible, a frame's work at a time (Ctrl+Shift+Enter)"));
  ImGui::SameLine();
  ImGui::TextDisabled("%s", tr(L, "Step:"));
  ImGui::SameLine();
  ImGui::BeginDisabled(vm.positions == 0);
  if (ImGui::Button(label(L, "Back", "back").c_str())) app.back();
  ImGui::EndDisabled();
  tip(tr(L, "Back one step, of the kind last used: the run is replayed from its start to there (Alt+B)"));
  ImGui::SameLine();
  if (ImGui::Button(label(L, "Callback", "callback").c_str())) app.step(StepKind::Callback);
  tip(tr(L, "Run exactly one callback, then pause (Alt+C)"));
  ImGui::SameLine();
  if (ImGui::Button(label(L, "Phase", "phase").c_str())) app.step(StepKind::Phase);
  tip(tr(L, "Run to the end of the current phase, empty ones included (Alt+P)"));
  ImGui::SameLine();
  if (ImGui::Button(label(L, "Iteration", "iteration").c_str())) app.step(StepKind::Iteration);
  tip(tr(L, "Run to the end of the current loop iteration (Alt+I)"));
  ImGui::SameLine();
  if (ImGui::Button(label(L, "Reset", "reset").c_str())) app.reset();
  tip(tr(L, "Discard the run; the next Run starts from the beginning (Alt+R)"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110.0f);
  float speed = static_cast<float>(app.settings.speed);
  if (ImGui::SliderFloat("##speed", &speed, 0.1f, 16.0f, tr(L, "speed x%.1f"), ImGuiSliderFlags_Logarithmic))
    app.set_speed(speed);
  tip(tr(L, "Paced runs: virtual milliseconds per real millisecond (x0.1 ... x16)"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(185.0f);
  int order = app.settings.order == Order::Modern ? 0 : 1;
  const char* orders[] = {tr(L, "libuv >= 1.45 (modern)"), tr(L, "libuv 1.44 (legacy)")};
  if (ImGui::Combo("##order", &order, orders, 2)) app.set_order(order == 0 ? Order::Modern : Order::Legacy);
  tip(vm.running ? tr(L, "The phase order of the next run (this run keeps its own: Reset to change it)")
                 : tr(L, "The phase order: libuv >= 1.45 runs timers at the end of an iteration, 1.44 at its start"));
  ImGui::SameLine();
  ImGui::BeginDisabled(!app.session);
  if (ImGui::Button(label(L, "Export", "export").c_str())) app.export_trace();
  ImGui::EndDisabled();
  tip(tr(L, "Download this run's trace as JSON Lines (docs/trace-format.md)"));
  ImGui::SameLine();
  ImGui::BeginDisabled(!app.share);
  if (ImGui::Button(label(L, "Share", "share").c_str())) app.share();
  ImGui::EndDisabled();
  note_rect(app, "share");
  tip(tr(L, "Copy a link to this snippet with its order, speed and step kind (add &run=1 to run it on open)"));
  ImGui::SameLine();
  // The language toggle names the other language. In Latin letters while the UI is English: an English page
  // needs no Hangul font (it is fetched only when Hangul is shown).
  if (ImGui::Button(L == Lang::ko ? "English###language" : "Korean###language"))
    app.set_language(L == Lang::ko ? Lang::en : Lang::ko);
  note_rect(app, "language");
  tip(L == Lang::ko ? tr(L, "The UI in English (the examples keep their own words)")
                    : "The UI in Korean (the examples keep their own words)");
  ImGui::SameLine();
  if (ImGui::Button("?")) app.show_shortcuts = !app.show_shortcuts;
  note_rect(app, "shortcuts");  // the row's last button: the tests check it fits the window
  tip(tr(L, "Keyboard shortcuts"));
  if (app.show_shortcuts) {
    ImGui::SetNextWindowPos(ImVec2(ImGui::GetItemRectMin().x - 260, ImGui::GetItemRectMax().y + 4));
    ImGui::SetNextWindowBgAlpha(0.97f);
    ImGui::Begin(label(L, "Shortcuts", "shortcuts").c_str(), &app.show_shortcuts,
                 ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
    for (const auto& s : kShortcuts) {
      ImGui::TextUnformatted(s[0]);
      ImGui::SameLine(150);
      ImGui::TextUnformatted(tr(L, s[1]));
    }
    ImGui::End();
  }
  if (app.show_gallery) draw_gallery(app);

  // Status line: what the run is, and the example's note.
  ImVec4 color = vm.status == "failed" || vm.status == "blocked" ? ImVec4(1.0f, 0.45f, 0.4f, 1)
                 : vm.status == "done"                          ? ImVec4(0.5f, 0.9f, 0.55f, 1)
                                                                : ImVec4(0.75f, 0.8f, 0.9f, 1);
  ImGui::TextColored(color, "%s", vm.status_text.c_str());
  ImGui::SameLine();
  std::string line = fmt(L, "| {0} order | step {1} | {2}",
                         {vm.order, std::to_string(vm.steps),
                          app.settings.order != (vm.order == "modern" ? Order::Modern : Order::Legacy)
                              ? tr(L, "the next run uses the other order")
                              : (app.example_title.empty() ? tr(L, "your snippet") : app.example_title.c_str())});
  ImGui::TextDisabled("%s", line.c_str());
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
    ImGui::SliderInt("##history", &app.scrub, 0, static_cast<int>(vm.positions), tr(L, "history: step %d"));
    if (ImGui::IsItemDeactivatedAfterEdit()) app.rewind(static_cast<size_t>(app.scrub));
    if (!ImGui::IsItemActive()) app.scrub = -1;
    tip(tr(L, "Drag to any earlier step and let go: the run is replayed from its start to there"));
  }
  if (!app.example_watch.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImVec4(0.65f, 0.8f, 1.0f, 1.0f), tr(L, "Watch: %s"), app.example_watch.c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace ls::ui
