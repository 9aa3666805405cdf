// window.loopscope.state(): the view model as JSON, with the names the page's API documents.
#include <nlohmann/json.hpp>

#include "ui/model/view_model.h"

namespace ls::ui {

namespace {

nlohmann::json pool_json(const PoolView& p) {
  using nlohmann::json;
  json workers = json::array();
  for (const PoolWorkerRow& w : p.workers)
    workers.push_back({{"id", w.id}, {"busy", w.busy}, {"req", w.req}, {"type", w.type}, {"forNs", w.for_ns}});
  json queue = json::array();
  for (const PoolQueuedRow& q : p.queue) queue.push_back({{"req", q.req}, {"type", q.type}});
  json links = json::array();
  for (const PoolLink& l : p.links)
    links.push_back({{"req", l.req}, {"type", l.type}, {"worker", l.worker}, {"finishedNs", l.finished_ns},
                     {"status", l.status}, {"callbackNs", l.callback_ns}, {"callbackSeq", l.callback_seq},
                     {"line", l.line}});
  return {{"used", p.used}, {"size", p.size}, {"queued", p.queue.size()}, {"queue", queue}, {"workers", workers},
          {"wakeupWaiting", p.wakeup_waiting}, {"delivering", p.delivering}, {"links", links},
          {"summary", p.summary}};
}

nlohmann::json coroutines_json(const CoroutinesView& c) {
  nlohmann::json rows = nlohmann::json::array();
  for (const CoroutineView& r : c.rows)
    rows.push_back({{"id", r.id}, {"name", r.name}, {"kind", r.kind}, {"status", r.status}, {"line", r.line},
                    {"createdLine", r.created_line}, {"awaiting", r.awaiting}});
  return rows;
}

}  // namespace

std::string to_json(const ViewModel& vm) {
  using nlohmann::json;
  json j;
  j["status"] = vm.status;
  j["statusText"] = vm.status_text;
  j["language"] = vm.language;
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
                       {"line", h.line}, {"details", h.details},
                       {"stateText", h.state_text}});  // what the table's state column says, in the UI's language
  j["handles"] = handles;
  j["handlesTotal"] = vm.handles_total;
  json timers = json::array();
  for (const TimerRow& t : vm.timers) timers.push_back({{"id", t.id}, {"due", t.due}, {"repeat", t.repeat}, {"line", t.line}});
  j["timers"] = timers;
  j["timersTotal"] = vm.timers_total;
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
  j["pool"] = pool_json(vm.pool);
  j["coroutines"] = coroutines_json(vm.coroutines);
  j["clickedLine"] = vm.clicked_line;
  // The console can hold any bytes a snippet printed: replace invalid UTF-8 instead of throwing.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace ls::ui
