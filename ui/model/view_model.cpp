// build_view: the status, handles, timers, requests and the poll's decision, from the snapshot and the trace.
#include "ui/model/view_model.h"

#include <map>

#include "core/loop.h"

namespace ls::ui {

std::string poll_reason_words(TimeoutReason r, Lang lang) {
  return tr(lang, [r] {
  switch (r) {
    case TimeoutReason::Timer: return N_("the earliest timer was due then");
    case TimeoutReason::TimerDue: return N_("a timer is already due");
    case TimeoutReason::NoTimers: return N_("only I/O can wake the loop");
    case TimeoutReason::Stopped: return N_("uv.stop() was called");
    case TimeoutReason::NoActiveHandles: return N_("nothing is active: the loop is about to end");
    case TimeoutReason::Pending: return N_("callbacks wait in the pending queue");
    case TimeoutReason::Idle: return N_("an idle handle is active");
    case TimeoutReason::Closing: return N_("close callbacks are waiting");
    case TimeoutReason::ModeNoWait: return N_("uv.run('nowait') never waits");
    case TimeoutReason::ModeOnceBusy: return N_("uv.run('once') had callbacks to run already");
  }
  return "";
  }());
}

std::string poll_sentence(int timeout, const std::string& reason, Lang lang) {
  if (timeout == 0) return fmt(lang, "poll did not wait (0 ms): {0}", {reason});
  if (timeout < 0) return fmt(lang, "poll waited with no limit: {0}", {reason});
  return fmt(lang, "poll waited up to {0} ms: {1}", {std::to_string(timeout), reason});
}

const char* status_words(const std::string& status, Lang lang) {
  static const char* const kStatuses[] = {N_("loaded"), N_("running"), N_("paused"),  N_("waiting"),
                                          N_("done"),   N_("failed"),  N_("blocked"), N_("stalled")};
  for (const char* known : kStatuses)
    if (status == known) return tr(lang, known);
  return status.c_str();
}

bool parse_reason(const std::string& name, TimeoutReason& out) {
  for (int i = 0; i <= static_cast<int>(TimeoutReason::ModeOnceBusy); ++i) {
    auto r = static_cast<TimeoutReason>(i);
    if (name == to_string(r)) {
      out = r;
      return true;
    }
  }
  return false;
}

namespace {

// The newest poll_timeout event of the run, searched backwards from the end of the ring.
const TraceEvent* last_poll(const Trace& trace) {
  for (uint64_t seq = trace.last_seq(); seq > 0; --seq) {
    const TraceEvent* ev = trace.event(seq);
    if (!ev || ev->kind == TraceKind::RunBegin) return nullptr;
    if (ev->kind == TraceKind::PollTimeout) return ev;
  }
  return nullptr;
}

// The definition line of the newest callback that began since `from` (0 if none had a line).
int last_callback_line(const Trace& trace, uint64_t from) {
  for (uint64_t seq = trace.last_seq(); seq > from; --seq) {
    const TraceEvent* ev = trace.event(seq);
    if (!ev) break;
    if (ev->kind == TraceKind::CallbackBegin && ev->line > 0) return ev->line;
  }
  return 0;
}

std::string status_of(const Session& s) {
  const lua::Runtime& rt = s.runtime();
  switch (rt.state()) {
    case lua::RunState::Done: return rt.stalled() ? "stalled" : "done";
    case lua::RunState::Failed: return rt.failure() == lua::Failure::Blocked ? "blocked" : "failed";
    case lua::RunState::Idle: return "loaded";
    default:
      if (s.waiting_for_input()) return "waiting";  // for the network client: nothing inside can wake the loop
      return s.mode() == Mode::Paused ? "paused" : "running";
  }
}

std::string handle_details(const HandleInfo& h, Lang lang) {
  if (h.type == HandleType::Timer)
    return fmt(lang, "due {0} ms", {std::to_string(h.timer_due)}) +
           (h.timer_repeat ? fmt(lang, ", repeats every {0} ms", {std::to_string(h.timer_repeat)}) : "");
  std::string d;
  if (h.fd >= 0) d = "fd " + std::to_string(h.fd);
  // The core says a handle's state in English ("watching /tmp/x", "polling a.txt every 100 ms"): its words in
  // lang, the path kept.
  if (!h.state.empty()) d += (d.empty() ? "" : " ") + message_text(lang, h.state);
  if (h.write_queue_size) d += fmt(lang, ", {0} bytes queued", {std::to_string(h.write_queue_size)});
  if (h.signum) d += fmt(lang, "signal {0}", {std::to_string(h.signum)});
  return d;
}

}  // namespace

ViewModel build_view(const Session* s, const AppSettings& settings) {
  ViewModel vm;
  const Lang lang = settings.lang;
  vm.language = to_string(lang);
  vm.status_text = status_words(vm.status, lang);
  vm.order = to_string(settings.order);
  vm.speed = settings.speed;
  vm.console = settings.console;
  vm.cycle = build_cycle(s, settings.order, lang);
  if (!s) return vm;

  const Loop& loop = s->loop();
  const lua::Runtime& rt = s->runtime();
  vm.order = to_string(loop.order());
  vm.speed = s->options().speed;
  vm.mode = to_string(s->mode());
  vm.status = status_of(*s);
  vm.status_text = status_words(vm.status, lang);
  vm.blocked = rt.failure() == lua::Failure::Blocked;
  vm.running = !s->ended() && rt.state() != lua::RunState::Idle;
  vm.alive = loop.alive();
  bool in_chunk = rt.state() == lua::RunState::Loaded || rt.state() == lua::RunState::Chunk || s->ended();
  vm.phase = in_chunk || !loop.running() ? "none" : to_string(loop.phase());
  vm.iteration = loop.iteration();
  vm.now = loop.now();
  vm.steps = s->steps();
  vm.positions = s->positions();
  vm.step_callbacks = s->callbacks_last_step();
  vm.console = s->console();
  vm.error = rt.error();
  vm.error_line = rt.error_line();
  vm.line = s->chunk_step() ? rt.chunk_line() : last_callback_line(loop.trace(), s->step_from_seq());
  if (vm.error_line) vm.line = vm.error_line;

  if (const TraceEvent* p = last_poll(loop.trace())) {
    vm.poll.known = true;
    vm.poll.timeout = static_cast<int>(p->a);
    TimeoutReason r;
    vm.poll.reason = parse_reason(p->text, r) ? poll_reason_words(r, lang) : p->text;
    vm.poll.text = poll_sentence(vm.poll.timeout, vm.poll.reason, lang);
  }

  Snapshot snap = loop.inspect(InspectLimits{kMaxRows, kMaxRows});
  if (vm.running && loop.alive()) {
    TimeoutReason r;
    int next = loop.backend_timeout(r);
    std::string words = poll_reason_words(r, lang);
    if (!vm.poll.known || next != vm.poll.timeout || words != vm.poll.reason)
      vm.poll_next = fmt(lang, "the next poll: {0}, as {1}",
                         {next < 0 ? std::string(tr(lang, "no limit")) : std::to_string(next) + " ms", words});
  }
  vm.alive_reasons = alive_reasons(snap, lang);
  // A panel shows a few dozen rows: a million live timers must not cost a million rows (and their strings) a frame.
  vm.handles_total = snap.handles_total;
  vm.timers_total = snap.timers_total;
  for (size_t i = 0; i < snap.handles.size() && i < kMaxRows; ++i) {
    const HandleInfo& h = snap.handles[i];
    const char* state = h.closing ? N_("closing") : h.active ? N_("active") : N_("inactive");
    vm.handles.push_back(
        HandleRow{h.id, to_string(h.type), h.active, h.ref, h.closing, h.line, handle_details(h, lang), tr(lang, state)});
  }
  for (size_t i = 0; i < snap.timers.size() && i < kMaxRows; ++i) {
    const TimerInfo& t = snap.timers[i];
    vm.timers.push_back(TimerRow{t.handle_id, t.due, t.repeat, static_cast<int64_t>(t.due) - static_cast<int64_t>(snap.now),
                                 t.seq, t.line});
  }
  std::map<std::string, int> by_type;
  for (const RequestInfo& r : snap.requests) by_type[r.type]++;
  for (auto& [type, n] : by_type) vm.requests.push_back(RequestRow{type, n});
  vm.narration = narrate_last_step(*s, lang);
  vm.virtual_now = s->virtual_now_ns() / 1000000;
  vm.network = build_network(*s, snap, lang);
  vm.inputs = s->inputs();
  vm.pool = build_pool(snap, s->pool_tracker(), loop.trace(), lang);
  vm.coroutines = build_coroutines(rt, lang);
  return vm;
}

}  // namespace ls::ui
