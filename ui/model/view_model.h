// The playground's view model: everything a panel shows, computed from the run's inspection snapshot and its
// trace — no ImGui here. Panels (ui/*_panel.cpp) only draw it; window.loopscope.state() is its JSON
// (state_json.cpp), so the browser tests read exactly what the screen shows. Unit-tested natively (tests/ui).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/types.h"
#include "ui/model/network.h"
#include "ui/model/coroutines.h"
#include "ui/model/pool.h"
#include "ui/model/session.h"
#include "ui/model/timeline_state.h"
#include "ui/model/words.h"

namespace ls::ui {

struct HandleRow {
  uint64_t id = 0;
  std::string type;
  bool active = false, ref = false, closing = false;
  int line = 0;         // the snippet line that created it (0 = unknown)
  std::string details;  // "due 200 ms, repeats every 100 ms", "fd 5 listening", ... (in the UI's language)
  std::string state_text;  // "closing" | "active" | "inactive" in the UI's language (the bools above stay)
};

struct TimerRow {
  uint64_t id = 0;
  uint64_t due = 0, repeat = 0;  // loop ms
  int64_t left = 0;              // due - now
  uint64_t seq = 0;              // start sequence: breaks ties of equal due times
  int line = 0;
};

struct RequestRow {
  std::string type;  // "write", "connect", "fs", "work", ...
  int count = 0;
};

struct PollView {
  bool known = false;   // a poll has happened in this run
  int timeout = 0;      // ms, -1 = no limit
  std::string reason;   // in words: "the earliest timer was due then"
  std::string text;     // the whole sentence: "poll waited up to 250 ms: the earliest timer was due then"
};

// One phase on the loop-cycle ring.
struct PhaseSlot {
  Phase phase = Phase::None;
  std::string name;      // the trace's phase name
  std::string label;     // what the ring prints: "pending (re-drain 2/8)"
  std::string tooltip;   // what the phase does
  float angle0 = 0, angle1 = 0;  // radians, clockwise from 12 o'clock
  bool lit = false;      // the phase the loop is in (or last was in, while paused)
  bool visited = false;  // entered in the current iteration
  int queue = -1;        // callbacks it considered on entry this iteration (-1 = not entered yet)
  int ran = -1;          // callbacks it ran this iteration
};

struct CycleView {
  std::vector<PhaseSlot> ring;  // in the order the iteration runs them
  bool pre_loop_timers = false; // modern DEFAULT: the timers pass before the first iteration (iteration 0)
  std::string header;           // "iteration 4 · loop time 250 ms"
};

constexpr size_t kMaxRows = 2000;  // rows a list keeps (handles, timers, alive reasons): panels show a few dozen

struct ViewModel {
  std::string status = "loaded";  // loaded | running | paused | waiting | done | failed | blocked | stalled
  std::string status_text = "loaded";  // the status in the UI's language (status stays the name tests compare)
  std::string language = "en";    // the UI's language: "en" | "ko"
  bool blocked = false;
  bool running = false;           // a run exists and has not ended
  bool alive = false;
  std::string phase = "none";
  uint64_t iteration = 0;
  uint64_t now = 0;               // loop ms
  uint64_t virtual_now = 0;       // ms as the driver sees it: runs on while a paced run waits (Session)
  uint64_t steps = 0;
  uint64_t positions = 0;         // earlier steps Back and the history scrubber can return to
  uint64_t step_callbacks = 0;    // callbacks the last step (or frame) ran
  int line = 0;                   // the current callback's definition line (or the chunk's line)
  std::string console;
  std::string error;
  int error_line = 0;
  PollView poll;
  std::string poll_next;          // the next poll's prediction, when it differs from the last one
  std::string narration;          // one line: what the last step did
  std::vector<std::string> alive_reasons;
  std::vector<HandleRow> handles;  // the first kMaxRows, in creation order
  std::vector<TimerRow> timers;    // the first kMaxRows, in firing order
  size_t handles_total = 0, timers_total = 0;  // how many there are
  std::vector<RequestRow> requests;
  std::string order = "modern";
  double speed = 1.0;
  std::string mode = "paused";
  CycleView cycle;
  NetworkView network;
  std::vector<Input> inputs;      // the outside input applied so far, in order (replayable)
  std::string left_panel, right_panel;  // the tabbed panels in front (set by the app, not by build_view)
  std::string notice;             // what the app says about itself: a share link it could not open, ... (app)
  bool embed = false;             // the compact page of embed mode (set by the app)
  TimelineSummary timeline;             // the timeline strip (set by the app from its TimelineState)
  PoolView pool;                  // the thread pool (pool.h)
  CoroutinesView coroutines;      // async tasks and raw coroutines (coroutines.h)
  int clicked_line = 0;           // the line a clicked row lit in the editor (set by the app)
};

// What the app knows besides the session: the settings for the next run, the console of an ended one.
struct AppSettings {
  Order order = Order::Modern;
  double speed = 1.0;
  std::string console;  // shown when there is no session (what a run ended by editing printed)
  Lang lang = Lang::en; // the UI's language: the view model's text (narration, reasons, status words) follows it
};

ViewModel build_view(const Session* session, const AppSettings& settings);

// The parts, each in its own file (and tested on its own).
std::string poll_reason_words(TimeoutReason r, Lang lang = Lang::en);                     // view_model.cpp
std::string poll_sentence(int timeout, const std::string& reason, Lang lang = Lang::en);  // view_model.cpp
bool parse_reason(const std::string& name, TimeoutReason& out);       // view_model.cpp: a trace's reason name
std::vector<std::string> alive_reasons(const Snapshot& snap, Lang lang = Lang::en);  // alive.cpp
std::string narrate_last_step(const Session& s, Lang lang = Lang::en);               // narration.cpp
CycleView build_cycle(const Session* s, Order order, Lang lang = Lang::en);          // cycle.cpp
const char* status_words(const std::string& status, Lang lang);                     // view_model.cpp
std::string to_json(const ViewModel& vm);                             // state_json.cpp
void network_json(const ViewModel& vm, nlohmann::json& out);          // network_json.cpp: fds, clients, ...

}  // namespace ls::ui
