#include "ui/model/pool.h"

#include "core/errors.h"

namespace ls::ui {

void PoolTracker::follow(const Trace& trace) {
  uint64_t last = trace.last_seq();
  if (last < seen_) {  // a new trace (cleared): start over
    *this = PoolTracker();
  }
  for (uint64_t seq = seen_ + 1; seq <= last; ++seq) {
    const TraceEvent* ev = trace.event(seq);
    if (!ev) {
      lost_ = true;  // the ring dropped it before we looked
      continue;
    }
    take(*ev);
  }
  seen_ = last;
}

void PoolTracker::take(const TraceEvent& ev) {
  switch (ev.kind) {
    case TraceKind::RequestSubmit: submitted_[ev.id] = ev.text; break;
    case TraceKind::WorkQueue: {
      Request& r = reqs_[ev.id];
      auto it = submitted_.find(ev.id);
      r.type = it != submitted_.end() ? it->second : "work";
      break;
    }
    case TraceKind::WorkStart: {
      Request& r = reqs_[ev.id];
      r.worker = static_cast<int>(ev.a);
      r.started_ns = ev.t_ns;
      r.started = true;
      break;
    }
    case TraceKind::WorkFinish: {
      auto it = reqs_.find(ev.id);
      if (it == reqs_.end()) break;
      it->second.finished = true;
      PoolLink link;
      link.req = ev.id;
      link.type = it->second.type;
      link.worker = static_cast<int>(ev.a);
      link.finished_ns = ev.t_ns;
      links_.push_back(link);
      if (links_.size() > kKeepLinks) links_.pop_front();
      break;
    }
    case TraceKind::RequestComplete: {
      submitted_.erase(ev.id);
      auto it = reqs_.find(ev.id);
      awaiting_callback_ = 0;
      if (it == reqs_.end()) break;
      bool ran = it->second.started;
      reqs_.erase(it);
      PoolLink* link = nullptr;
      for (auto l = links_.rbegin(); l != links_.rend(); ++l)
        if (l->req == ev.id) link = &*l;
      if (!link && !ran) {  // cancelled while queued: it never reached a worker
        PoolLink cancelled;
        cancelled.req = ev.id;
        cancelled.type = ev.text;
        links_.push_back(cancelled);
        if (links_.size() > kKeepLinks) links_.pop_front();
        link = &links_.back();
      }
      if (!link) break;
      link->delivered = true;
      link->status = ev.a == 0 ? "ok" : err_name(static_cast<int>(ev.a));
      awaiting_callback_ = ev.id;
      break;
    }
    case TraceKind::CallbackBegin:
      // The callback right after a pool request's completion is the one it became (the after-work callback).
      for (PoolLink& l : links_) {
        if (awaiting_callback_ == 0 || l.req != awaiting_callback_) continue;
        l.callback_ns = ev.t_ns;
        l.callback_seq = ev.seq;
        l.line = ev.line;
      }
      awaiting_callback_ = 0;
      break;
    case TraceKind::PhaseLeave: awaiting_callback_ = 0; break;
    default: break;
  }
}

PoolView build_pool(const Snapshot& snap, PoolTracker& tracker, const Trace& trace, Lang lang) {
  tracker.follow(trace);
  PoolView v;
  const PoolInfo& p = snap.pool;
  v.size = p.workers;
  v.used = p.workers > 0 || !tracker.links().empty();
  auto type_of = [&](uint64_t req) {
    auto it = tracker.in_flight().find(req);
    return it != tracker.in_flight().end() ? it->second.type : std::string("work");
  };
  v.workers.resize(static_cast<size_t>(p.workers > 0 ? p.workers : 0));
  for (int i = 0; i < p.workers; ++i) v.workers[static_cast<size_t>(i)].id = i;
  for (const WorkerInfo& w : p.busy) {
    if (w.index < 0 || w.index >= p.workers) continue;
    PoolWorkerRow& row = v.workers[static_cast<size_t>(w.index)];
    row.busy = true;
    row.req = w.req;
    row.type = type_of(w.req);
    auto it = tracker.in_flight().find(w.req);
    if (it != tracker.in_flight().end() && it->second.started && snap.hrtime >= it->second.started_ns)
      row.for_ns = snap.hrtime - it->second.started_ns;
  }
  for (uint64_t req : p.queue) v.queue.push_back(PoolQueuedRow{req, type_of(req)});
  v.wakeup_waiting = p.completed_waiting;
  for (const auto& [id, r] : tracker.in_flight())
    if (r.finished) v.delivering.push_back(id);
  v.links.assign(tracker.links().begin(), tracker.links().end());
  size_t busy = p.busy.size();
  size_t waiting = v.wakeup_waiting + v.delivering.size();
  if (!v.used) {
    v.summary = tr(lang, "The thread pool has not been used in this run.");
    return v;
  }
  std::string n = std::to_string(p.workers), w = std::to_string(waiting);
  v.summary = fmt(lang, "{0} of {1} busy, {2} queued, {3} waiting for the loop",
                  {std::to_string(busy), p.workers == 1 ? fmt(lang, "{0} worker", {n}) : fmt(lang, "{0} workers", {n}),
                   std::to_string(v.queue.size()),
                   waiting == 1 ? fmt(lang, "{0} completion", {w}) : fmt(lang, "{0} completions", {w})});
  return v;
}

}  // namespace ls::ui
