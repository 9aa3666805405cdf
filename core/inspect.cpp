// Loop::inspect(): copies the loop's observable state into a Snapshot (never pointers, only ids).
#include <algorithm>

#include "inspect.h"
#include "loop.h"
#include "sys.h"
#include "watchers.h"

namespace ls {

Snapshot Loop::inspect(const InspectLimits& limits) const {
  Snapshot s;
  s.now = time_ms_;
  s.hrtime = clock_.now_ns();
  s.iteration = iteration_;
  s.phase = phase_;
  s.running = run_active_;
  s.mode = mode_;
  s.stop_requested = stop_flag_;
  s.backend = backend_->name();

  // Under limits, a handle is listed when it is among the first, keeps the loop alive (while there is room for
  // those), or has an fd (the network view maps fds to their handles).
  size_t alive_listed = 0;
  handles_.for_each([&](Handle& h) {
    HandleInfo info;
    info.id = h.id();
    info.line = h.source_line();
    info.type = h.type();
    info.active = h.is_active();
    info.ref = h.has_ref();
    info.closing = h.is_closing();
    h.describe(info);
    bool keeps_alive = info.closing || (info.active && info.ref);
    bool listed = s.handles_total < limits.handles || info.fd >= 0 || (keeps_alive && alive_listed < limits.handles);
    ++s.handles_total;
    if (keeps_alive) {
      ++s.alive_handles_total;
      if (listed) ++alive_listed;
    }
    if (listed) s.handles.push_back(std::move(info));
  });

  auto timer_info = [](const detail::TimerHeap::Entry& e) {
    return TimerInfo{e.timer->id(), e.due, e.timer->repeat(), e.seq, e.timer->source_line()};
  };
  s.timers_total = timers_.size();
  if (limits.timers >= timers_.size()) {
    for (const auto& e : timers_.entries()) s.timers.push_back(timer_info(e));
    std::sort(s.timers.begin(), s.timers.end(),
              [](const TimerInfo& a, const TimerInfo& b) { return a.due < b.due || (a.due == b.due && a.seq < b.seq); });
  } else {
    timers_.for_each_first(limits.timers, [&](const detail::TimerHeap::Entry& e) { s.timers.push_back(timer_info(e)); });
  }

  for (size_t fd = 0; fd < watchers_.size(); ++fd)
    if (const IoWatcher* w = watchers_[fd])
      s.fds.push_back(FdInfo{static_cast<int>(fd), w->interest, w->owner ? w->owner->id() : 0});

  s.pending = pending_.size() + pending_pass_.size();
  s.idle_active = idle_.queue.size() + idle_.pass.size();
  s.prepare_active = prepare_.queue.size() + prepare_.pass.size();
  s.check_active = check_.queue.size() + check_.pass.size();

  s.alive.active_ref_handles = active_handles_;
  s.alive.active_requests = active_reqs_;
  s.alive.pending = pending_.size();
  s.alive.closing = closing_count_;
  s.alive.alive = alive();
  s.backend_timeout = backend_timeout();
  s.timeout_reason = backend_timeout_reason();
  if (Sys* sys = backend_->sys()) sys->inspect(s);
  return s;
}

}  // namespace ls
