#include "ui/app.h"

#include <nlohmann/json.hpp>

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
  stop();
  code = text;
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
