#include "ui/app.h"

#include <cstdio>
#include <new>

#include <nlohmann/json.hpp>

#include "examples/gallery.h"
#include "imgui.h"

namespace ls::ui {

const char* const kDefaultSnippet = R"(-- Two timers and a ticker: callbacks run when the loop gets to them.
local uv = require('luv')

local slow = uv.new_timer()
slow:start(600, 0, function()
  print('slow timer (600 ms) fired at', uv.now() - start)
  slow:close()
end)

local fast = uv.new_timer()
fast:start(200, 0, function()
  print('fast timer (200 ms) fired at', uv.now() - start)
  fast:close()
end)

local ticks = 0
local ticker = uv.new_timer()
ticker:start(100, 100, function()
  ticks = ticks + 1
  print('tick', ticks)
  if ticks == 8 then ticker:close() end
end)

start = uv.now()
print('timers started; the loop runs them')
)";

void App::load(const std::string& text) {
  recorded_inputs.clear();  // they belong to the snippet they were recorded with
  session.reset();  // a new snippet starts with a clean console and no run
  settings.console.clear();
  notice.clear();
  code = text;
  example.clear();
  example_title.clear();
  example_watch.clear();
  example_description.clear();
  clicked_line = 0;
}

bool App::load_example(const std::string& name) {
  const examples::Snippet* s = examples::find(name);
  if (!s) return false;
  load(s->code);
  example = s->name;
  example_title = s->title;
  example_watch = s->watch;
  example_description = s->description;
  if (s->serves) client_form.port = s->serves;
  return true;
}

std::string App::examples_json() {
  nlohmann::json list = nlohmann::json::array();
  for (const examples::Snippet& s : examples::all())
    list.push_back({{"name", s.name},
                    {"title", s.title},
                    {"description", s.description},
                    {"watch", s.watch},
                    {"luv", s.luv_only},
                    {"serves", s.serves},
                    {"style", s.style},
                    {"pair", s.pair}});
  return list.dump();
}

void App::ensure_session() {
  if (session && !session->ended()) return;
  SessionOptions o;
  o.order = settings.order;
  o.speed = settings.speed;
  // The CLI names the chunk after the file: a gallery example runs as NAME.lua there, so here too.
  o.chunk_name = example.empty() ? "snippet.lua" : example + ".lua";
  session = std::make_unique<Session>(code, o, clock);
  if (!recorded_inputs.empty()) session->schedule_inputs(recorded_inputs);
  ++session_generation;
  console_follow = true;
  notice.clear();
}

void App::run() {
  ensure_session();
  session->play();
}

void App::run_instant() {
  ensure_session();
  session->play_instant();
}

void App::pause() {
  if (session) session->pause();
}

void App::stop() {
  if (session && !session->ended()) session->stop(tr(settings.lang, "stopped by the user"));
}

void App::reset() {
  if (session) settings.console.clear();
  session.reset();
  notice.clear();
}

bool App::step(StepKind kind) {
  step_kind = kind;
  ensure_session();
  return session->step(kind);
}

void App::set_speed(double x) {
  settings.speed = x < 0.1 ? 0.1 : x > 16 ? 16 : x;
  if (session) session->set_speed(settings.speed);
}

void App::set_order(Order order) { settings.order = order; }

void App::set_language(Lang lang) {
  settings.lang = lang;
  if (language_chosen) language_chosen(lang);
}

void App::code_edited() {
  if (session && !session->ended()) {
    settings.console = session->console();
    session.reset();
    notice = tr(settings.lang, "editing the snippet ended the run");
  }
}

std::string App::trace(const std::string& format) const {
  if (!session) return "";
  return format == "chrome" ? session->loop().trace().chrome_json() : session->loop().trace().jsonl();
}

void App::export_trace() {
  if (!session || !download) return;
  std::string base = example.empty() ? "snippet" : example;
  download(base + ".trace.jsonl", trace("jsonl"));
}

// The panels that share a place take turns in a tab bar; each row names a panel for showPanel() and state().
namespace {

void draw_handles_and_timers(App& app, float width, float height) {
  float gap = ImGui::GetStyle().ItemSpacing.x;
  float handles_w = (width - gap) * 0.58f;
  draw_handles(app, handles_w, height);
  ImGui::SameLine();
  draw_timers(app, width - handles_w - gap, height);
}

}  // namespace

const std::vector<PanelTab> kLeftTabs = {
    {"console", N_("Console"), draw_console},
    {"client", N_("Network client"), draw_client},
};
const std::vector<PanelTab> kRightTabs = {
    {"handles", N_("Handles & timers"), draw_handles_and_timers},
    {"fds", N_("FDs & network"), draw_network},
    {"pool", N_("Thread pool"), draw_pool},
    {"coroutines", N_("Coroutines"), draw_coroutines},
    {"compare", N_("Compare"), draw_compare},
};

bool App::show_panel(const std::string& name) {
  auto has = [&](const std::vector<PanelTab>& tabs) {
    for (const PanelTab& t : tabs)
      if (name == t.id) return true;
    return false;
  };
  if (has(kLeftTabs)) {
    left_tab = left_request = name;
  } else if (has(kRightTabs)) {
    right_tab = right_request = name;
  } else {
    return false;
  }
  return true;
}

// One tab bar: the tab a showPanel() call asked for is selected (ImGui switches a frame later, so the request
// stands until that tab is drawn); the user's clicks choose after that.
void draw_tabs(App& app, const char* id, const std::vector<PanelTab>& tabs, std::string& shown,
               std::string& request, float width, float height) {
  ImGui::BeginChild(id, ImVec2(width, height), false, ImGuiWindowFlags_NoScrollbar);
  if (ImGui::BeginTabBar(id)) {
    for (const PanelTab& t : tabs) {
      ImGuiTabItemFlags flags = request == t.id ? ImGuiTabItemFlags_SetSelected : 0;
      if (ImGui::BeginTabItem(label(app.settings.lang, t.label, t.id).c_str(), nullptr, flags)) {
        shown = t.id;
        if (request == t.id) request.clear();
        ImVec2 room = ImGui::GetContentRegionAvail();
        t.draw(app, room.x, room.y);
        ImGui::EndTabItem();
      }
    }
    ImGui::EndTabBar();
  }
  ImGui::EndChild();
}

InputResult App::input(Input in) {
  if (!session || session->ended()) {
    InputResult r{-EAGAIN, tr(settings.lang, "run the snippet first: clients and faults act on a running program"), 0};
    notice = r.message;
    return r;
  }
  InputResult r = session->input(std::move(in));
  r.message = message_text(settings.lang, r.message);  // the session and the core say it in English
  notice = r.error ? r.message : "";
  if (r.error == 0 && r.client) client_form.shown = r.client;
  return r;
}

bool App::set_recorded_inputs(const std::string& json) {
  recorded_inputs.clear();
  nlohmann::json list = nlohmann::json::parse(json, nullptr, false);
  if (!list.is_array()) {
    notice = tr(settings.lang, "the link's recorded inputs are not a list; the snippet opens without them");
    return false;
  }
  std::vector<Input> out;
  for (const nlohmann::json& j : list) {
    Input in;
    bool ok = j.is_object() && j.contains("action") && j["action"].is_string() &&
              parse_input_action(j["action"].get<std::string>(), in.action) && j.value("seq", -1.0) >= 0 &&
              j.value("t_ns", -1.0) >= 0;
    if (!ok) {
      notice = fmt(settings.lang, "the link's recorded input {0} is damaged; the snippet opens without them",
                   {std::to_string(out.size() + 1)});
      return false;
    }
    in.seq = j.value("seq", uint64_t{0});
    in.t_ns = j.value("t_ns", uint64_t{0});
    in.client = j.value("client", uint64_t{0});
    in.value = j.value("value", int64_t{0});
    in.on = j.value("on", true);
    in.text = j.value("text", std::string());
    out.push_back(std::move(in));
  }
  recorded_inputs = std::move(out);
  notice = fmt(settings.lang, "the link replays {0} recorded client actions and faults", {std::to_string(recorded_inputs.size())});
  return true;
}

namespace {

std::string replay_ms(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", ms);
  return buf;
}

}  // namespace

bool App::back() {
  if (!session || !session->back()) {
    notice = tr(settings.lang, "nothing to go back to");
    return false;
  }
  if (session->positions() == 0) {  // before the first step there was no run: the page as it was then
    reset();
    notice = tr(settings.lang, "back to the start");
    return true;
  }
  ++session_generation;  // the replay made a new loop and trace: the timeline reads it from the start
  notice = fmt(settings.lang, "back to step {0} (the run replayed in {1} ms)",
               {std::to_string(session->positions()), replay_ms(session->last_replay_ms())});
  return true;
}

bool App::rewind(size_t position) {
  if (!session || position >= session->positions()) return false;
  if (position == 0) {  // the start: before the first step there was no run
    reset();
    notice = tr(settings.lang, "at the start");
    return true;
  }
  session->rewind(position);
  ++session_generation;
  notice = fmt(settings.lang, "at step {0} (the run replayed in {1} ms)",
               {std::to_string(position), replay_ms(session->last_replay_ms())});
  return true;
}

InputResult App::fault(const std::string& spec_json) {
  Input in;
  std::string error;
  if (!fault_input(spec_json, in, error)) {
    error = message_text(settings.lang, error);
    notice = error;
    return InputResult{-EINVAL, error, 0};
  }
  return input(std::move(in));
}

std::string App::compare(const std::string& a, const std::string& b) {
  comparison = std::make_unique<Comparison>(compare_examples(a, b));
  const auto pairs = example_pairs();
  for (size_t i = 0; i < pairs.size(); ++i)
    if (pairs[i].first == a && pairs[i].second == b) compare_pair = static_cast<int>(i);
  return to_json(*comparison);
}

void App::refresh() {
  vm = build_view(session.get(), settings);
  vm.left_panel = left_tab;
  vm.right_panel = right_tab;
  vm.notice = notice;
  vm.embed = embed;
  timeline.refresh(session.get(), session_generation, vm.timers);
  vm.timeline = timeline.summary(settings.lang);
  vm.clicked_line = clicked_line;
}

void App::frame() {
  frames++;
  try {
    if (session) session->frame(view_ms);
    double view_start = clock();
    refresh();
    view_ms = clock() - view_start;
  } catch (const std::bad_alloc&) {
    // The page's memory (1 GiB) is exhausted: the run ends with a clear error instead of losing the page.
    if (session)
      session->stop(tr(settings.lang, "the page ran out of memory (1 GiB): the run was stopped; the CLI has more room"));
    notice = tr(settings.lang, "the page ran out of memory: the run was stopped");
    try {
      refresh();
    } catch (const std::bad_alloc&) {
      session.reset();
      refresh();
    }
  }
  if (embed) {
    draw_embed(*this);
    return;
  }

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                           ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings;
  ImGui::Begin("Loopscope", nullptr, flags);
  draw_toolbar(*this);

  // Left: the editor over a tab bar (console, ...); right: the loop cycle over a tab bar (handles & timers, ...).
  // A splitter between them.
  ImVec2 avail = ImGui::GetContentRegionAvail();
  // The timeline is a full-width strip below both columns, its height dragged by a splitter above it.
  float strip_h = timeline_strip_height(*this, avail.y);
  avail.y -= strip_h + ImGui::GetStyle().ItemSpacing.y;
  float gap = ImGui::GetStyle().ItemSpacing.x;
  float splitter = 6.0f;
  float left_w = avail.x * split;
  if (left_w < 320) left_w = 320;
  if (left_w > avail.x - 420) left_w = avail.x - 420;
  float right_w = avail.x - left_w - splitter - 2 * gap;
  float lower_h = avail.y * 0.36f;
  ImGui::BeginGroup();
  draw_editor(*this, left_w, avail.y - lower_h - ImGui::GetStyle().ItemSpacing.y);
  draw_tabs(*this, "left_tabs", kLeftTabs, left_tab, left_request, left_w, lower_h);
  ImGui::EndGroup();

  ImGui::SameLine();
  ImGui::InvisibleButton("##split", ImVec2(splitter, avail.y));
  if (ImGui::IsItemActive()) split += ImGui::GetIO().MouseDelta.x / avail.x;
  if (ImGui::IsItemHovered() || ImGui::IsItemActive()) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
  ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(a.x + 2, a.y), ImVec2(b.x - 2, b.y),
                                            ImGui::GetColorU32(ImGui::IsItemHovered() ? ImGuiCol_SeparatorHovered
                                                                                      : ImGuiCol_Separator));
  ImGui::SameLine();
  ImGui::BeginGroup();
  float cycle_h = avail.y * 0.5f;
  if (cycle_h < 330) cycle_h = 330;
  draw_cycle(*this, right_w, cycle_h);
  float rest = avail.y - cycle_h - ImGui::GetStyle().ItemSpacing.y;
  draw_tabs(*this, "right_tabs", kRightTabs, right_tab, right_request, right_w, rest);
  ImGui::EndGroup();
  draw_timeline(*this, ImGui::GetContentRegionAvail().x, strip_h);
  ImGui::End();
}

}  // namespace ls::ui
