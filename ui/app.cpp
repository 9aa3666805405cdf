#include "ui/app.h"

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
  session.reset();  // a new snippet starts with a clean console and no run
  console.clear();
  code = text;
  example.clear();
  example_watch.clear();
}

bool App::load_example(const std::string& name) {
  const examples::Snippet* s = examples::find(name);
  if (!s) return false;
  load(s->code);
  example = s->name;
  example_watch = s->watch;
  return true;
}

std::string App::examples_json() {
  nlohmann::json list = nlohmann::json::array();
  for (const examples::Snippet& s : examples::all())
    list.push_back({{"name", s.name}, {"title", s.title}, {"watch", s.watch}, {"luv", s.luv_only}});
  return list.dump();
}

void App::run() {
  session = std::make_unique<Session>(code);
  console.clear();
  console_follow = true;
}

void App::stop() {
  if (session && !session->finished()) session->stop("stopped by the user");
}

void App::frame() {
  frames++;
  if (session) {
    session->pump();
    console = session->console();
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                           ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings;
  ImGui::Begin("Loopscope", nullptr, flags);
  draw_toolbar(*this);
  float status_h = ImGui::GetFrameHeightWithSpacing();
  ImVec2 avail = ImGui::GetContentRegionAvail();
  float h = avail.y - status_h;
  float editor_w = avail.x * 0.55f;
  draw_editor(*this, editor_w, h);
  ImGui::SameLine();
  draw_console(*this, 0.0f, h);
  draw_status(*this);
  ImGui::End();
}

std::string App::state_json() const {
  nlohmann::json j;
  j["console"] = console;
  j["frames"] = frames;
  j["example"] = example;
  if (session) {
    j["state"] = lua::to_string(session->state());
    j["error"] = session->error();
    j["alive"] = session->loop().alive();
    j["iterations"] = session->loop().iteration();
  } else {
    j["state"] = "idle";
    j["error"] = "";
    j["alive"] = false;
    j["iterations"] = 0;
  }
  return j.dump();
}

}  // namespace ls::ui
