// The playground's state and its one frame function: advance the run as its mode says, rebuild the view model,
// draw the panels. Portable: no SDL, GL or Emscripten here (the host passes its clock and a download function),
// so the same UI can later run in a native window.
#pragma once
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ui/model/input_spec.h"
#include "ui/model/glyphs.h"
#include "ui/model/compare.h"
#include "ui/model/session.h"
#include "ui/model/view_model.h"

namespace ls::ui {

extern const char* const kDefaultSnippet;

struct App {
  explicit App(Session::HostClock clock) : clock(std::move(clock)) {}

  Session::HostClock clock;
  // Saves a file for the user (the browser downloads it); set by the host.
  std::function<void(const std::string& name, const std::string& data)> download;
  // Copies a share link of the snippet and its settings, then says so through `notice`; set by the host.
  std::function<void()> share;
  // Keeps the UI's language the user chose (the page stores it in localStorage); set by the host.
  std::function<void(Lang)> language_chosen;

  std::string code = kDefaultSnippet;
  std::string example;        // the gallery snippet in the editor ("" = the default or the user's own)
  std::string example_title, example_watch, example_description;
  std::unique_ptr<Session> session;
  AppSettings settings;       // order and speed for the next run; the console once the run is gone
  StepKind step_kind = StepKind::Callback;  // the step buttons' last kind
  std::string notice;         // one line the app says about itself ("editing ended the run")
  int clicked_line = 0;       // a handles/timers row the user clicked: its line is highlighted
  bool console_follow = true;
  float split = 0.42f;        // the editor's share of the width (the splitter drags it)
  bool show_shortcuts = false;
  bool show_gallery = false;  // the gallery window: every example with its description and what to watch
  bool examples_listed = false;  // the examples menu was open in the last frame (its text was on screen)
  bool embed = false;         // the compact page for an iframe (#...&embed=1): steps, editor, ring, console
  // Where "share", "gallery" and the editor's text were drawn (x0 y0 x1 y1), for the browser tests' clicks.
  std::map<std::string, std::array<float, 4>> button_rects;
  int editor_scrolled_to = 0; // the lit line the editor last scrolled to
  int editor_scrolled_to_click = 0;  // the clicked line it last scrolled to
  int frames = 0;
  double view_ms = 0;         // what the last refresh() (the view model) took: an instant run's loop work matches it
  std::string left_tab = "console", right_tab = "handles";  // the panels shown in the two tab bars
  std::string left_request, right_request;  // show_panel()'s choice, until the tab bar shows it
  ViewModel vm;               // rebuilt every frame, after the run advanced
  TimelineState timeline;     // the strip at the bottom: read incrementally from the run's trace
  uint64_t session_generation = 0;  // counts the sessions made (a new one starts the timeline over)
  std::unique_ptr<Comparison> comparison;  // the Compare panel's last pair (computed on demand, not per frame)
  int compare_pair = 0;       // the pair the Compare panel offers (index into example_pairs())

  void load(const std::string& text);
  bool load_example(const std::string& name);  // false if the gallery has no such snippet
  void run();           // paced: continues the current run, or starts one
  void run_instant();   // instant: the same, as fast as the frame budget allows
  void pause();
  void stop();          // the run fails: "stopped by the user"
  void reset();         // discards the run
  bool step(StepKind kind);
  void set_speed(double x);
  void set_order(Order order);  // from the next run on
  void set_language(Lang lang);  // the UI's words and state()'s text; the run is not touched (language_chosen)
  void code_edited();   // the editor changed the snippet: a run that exists ends
  std::string trace(const std::string& format) const;
  void export_trace();
  bool show_panel(const std::string& name);  // brings a tabbed panel to the front; false if there is none
  // Runs two gallery examples and aligns their loop-level traces (the Compare panel shows it); returns its JSON.
  std::string compare(const std::string& a, const std::string& b);

  // Outside input to the run: the network client (window.loopscope.connect/send/shutdown/closeClient/setReading)
  // and the fault switches (fault(spec)). Works while running, waiting and paused; a failure says why (notice).
  InputResult input(Input in);
  InputResult fault(const std::string& spec_json);
  // A share link's recorded inputs: the next run applies them where they were applied (Session::schedule_inputs).
  // False (with notice) when the list is malformed; nothing is kept then.
  bool set_recorded_inputs(const std::string& json);
  std::vector<Input> recorded_inputs;
  bool back();                   // one step earlier (Session::back); says so, with the replay's cost
  bool rewind(size_t position);  // to an earlier step (the history scrubber)
  int scrub = -1;                // the scrubber's position while it is dragged (-1: follows the run)

  // The network client panel's own state (what the user is typing, which client is shown).
  struct ClientForm {
    int port = 7000;
    uint64_t shown = 0;  // the client whose conversation is shown (0 = the newest)
    char line[1024] = "";
    bool raw = false;    // send exactly what was typed (no newline added)
    int latency_ms = 100, fd_limit = 8, sndbuf = 1024;
    bool latency_all = false;
  } client_form;

  void frame();         // one ImGui frame; call between ImGui::NewFrame and ImGui::Render
  void refresh();       // rebuilds vm
  std::string state_json() const { return to_json(vm); }
  void shown_text(GlyphNeeds& glyphs) const;  // notes the characters of the text on screen (glyph_text.cpp)
  static std::string examples_json();

 private:
  void ensure_session();
};

// A panel that shares its place with others in a tab bar (app.cpp: kLeftTabs, kRightTabs).
struct PanelTab {
  const char* id;     // the name showPanel() takes
  const char* label;  // what the tab says
  void (*draw)(App& app, float width, float height);
};
extern const std::vector<PanelTab> kLeftTabs, kRightTabs;
void draw_tabs(App& app, const char* id, const std::vector<PanelTab>& tabs, std::string& shown,
               std::string& request, float width, float height);

// Panels, one file each; they only draw app.vm (and call App's actions).
void draw_toolbar(App& app);
void draw_editor(App& app, float width, float height);
void draw_cycle(App& app, float width, float height);
void draw_handles(App& app, float width, float height);
void draw_timers(App& app, float width, float height);
void draw_console(App& app, float width, float height);
void draw_client(App& app, float width, float height);
void draw_text_lines(const std::string& text);  // text_lines.cpp: long text, only its visible lines laid out
void draw_network(App& app, float width, float height);
void draw_gallery(App& app);  // the gallery window (when app.show_gallery)
void draw_embed(App& app);    // the whole compact page of embed mode, instead of the full layout
void draw_timeline(App& app, float width, float height);  // includes the splitter above it
float timeline_strip_height(const App& app, float avail_h);
void draw_pool(App& app, float width, float height);
void draw_coroutines(App& app, float width, float height);
void draw_compare(App& app, float width, float height);

}  // namespace ls::ui
