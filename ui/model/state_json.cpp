// window.loopscope.state(): the view model as JSON, with the names the page's API documents.
#include <nlohmann/json.hpp>

#include "ui/model/view_model.h"

namespace ls::ui {

std::string to_json(const ViewModel& vm) {
  using nlohmann::json;
  json j;
  j["status"] = vm.status;
  j["blocked"] = vm.blocked;
  j["running"] = vm.running;
  j["alive"] = vm.alive;
  j["phase"] = vm.phase;
  j["iteration"] = vm.iteration;
  j["now"] = vm.now;
  j["steps"] = vm.steps;
  j["positions"] = vm.positions;
  j["stepCallbacks"] = vm.step_callbacks;
  j["line"] = vm.line;
  j["console"] = vm.console;
  j["error"] = vm.error;
  j["errorLine"] = vm.error_line;
  j["poll"] = vm.poll.known ? json{{"timeout", vm.poll.timeout}, {"reason", vm.poll.reason}, {"text", vm.poll.text}}
                            : json(nullptr);
  j["pollNext"] = vm.poll_next;
  j["narration"] = vm.narration;
  j["aliveReasons"] = vm.alive_reasons;
  json handles = json::array();
  for (const HandleRow& h : vm.handles)
    handles.push_back({{"id", h.id}, {"type", h.type}, {"active", h.active}, {"ref", h.ref}, {"closing", h.closing},
                       {"line", h.line}, {"details", h.details}});
  j["handles"] = handles;
  json timers = json::array();
  for (const TimerRow& t : vm.timers) timers.push_back({{"id", t.id}, {"due", t.due}, {"repeat", t.repeat}, {"line", t.line}});
  j["timers"] = timers;
  json requests = json::array();
  for (const RequestRow& r : vm.requests) requests.push_back({{"type", r.type}, {"count", r.count}});
  j["requests"] = requests;
  j["order"] = vm.order;
  j["speed"] = vm.speed;
  j["mode"] = vm.mode;
  json ring = json::array();
  for (const PhaseSlot& p : vm.cycle.ring)
    ring.push_back({{"phase", p.name}, {"label", p.label}, {"lit", p.lit}, {"queue", p.queue}, {"ran", p.ran}});
  j["cycle"] = {{"ring", ring}, {"preLoopTimers", vm.cycle.pre_loop_timers}, {"header", vm.cycle.header}};
  j["panels"] = {{"left", vm.left_panel}, {"right", vm.right_panel}};
  j["virtualNow"] = vm.virtual_now;
  network_json(vm, j);
  j["notice"] = vm.notice;
  j["embed"] = vm.embed;
  j["timeline"] = timeline_json(vm.timeline);
  // The console can hold any bytes a snippet printed: replace invalid UTF-8 instead of throwing.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace ls::ui
