// Timeline::update: the trace's new events folded into the tracks, one event at a time, in seq order, so that
// reading a run in many small updates gives exactly what one update at its end gives (tests/ui checks it).
#include "ui/model/timeline.h"

#include <algorithm>

#include "ui/model/view_model.h"

namespace ls::ui {

template <class T>
size_t Track<T>::first_ending_after(uint64_t t) const {
  auto it = std::upper_bound(items_.begin(), items_.end(), t, [](uint64_t v, const T& x) { return v < x.t1; });
  size_t i = static_cast<size_t>(it - items_.begin());
  if (i == items_.size() && !items_.empty() && items_.back().open) return i - 1;  // its end is still to come
  return i;
}

template <class T>
size_t Track<T>::first_starting_at(uint64_t t, size_t from) const {
  auto it = std::lower_bound(items_.begin() + static_cast<std::ptrdiff_t>(std::min(from, items_.size())),
                             items_.end(), t, [](const T& x, uint64_t v) { return x.t0 < v; });
  return static_cast<size_t>(it - items_.begin());
}

template class Track<TimelineBar>;
template class Track<TimelineIteration>;
template class Track<TimelinePhase>;
template class Track<TimelineGap>;
template class Track<TimelineMark>;
template class Track<OverdueStretch>;

namespace {

// Keeps the `kListed` latest-running late timers... by lateness: the worst first.
void list_late(std::vector<LateTimer>& list, const LateTimer& late) {
  auto worse = [](const LateTimer& a, const LateTimer& b) { return a.ran_ns - a.due_ns > b.ran_ns - b.due_ns; };
  if (list.size() == OverdueStretch::kListed) {
    if (!worse(late, list.back())) return;
    list.pop_back();
  }
  list.insert(std::upper_bound(list.begin(), list.end(), late, worse), late);
}

}  // namespace

uint64_t Timeline::end() const { return std::max(now_, last_t_); }

uint64_t Timeline::bars() const {
  uint64_t n = 0;
  for (const auto& l : lanes_) n += l.size();
  return n;
}

void Timeline::update(const Trace& trace) {
  uint64_t last = trace.last_seq();
  if (last < last_seq_) clear();  // another run's trace
  if (last == last_seq_) return;
  for (uint64_t seq = last_seq_ + 1; seq <= last; ++seq) {
    const TraceEvent* ev = trace.event(seq);
    if (!ev) {
      ++skipped_;
      continue;
    }
    consume(*ev, trace);
  }
  last_seq_ = last;
  ++version_;
}

void Timeline::set_now(uint64_t now_ns, std::vector<LateTimer> waiting_late) {
  if (now_ns == now_ && waiting_late.empty() && waiting_.count == 0) return;
  now_ = now_ns;
  waiting_ = OverdueStretch();
  if (!waiting_late.empty()) {
    waiting_.open = true;
    waiting_.t0 = waiting_late.front().due_ns;
    waiting_.t1 = end();
    for (const LateTimer& l : waiting_late) {
      waiting_.t0 = std::min(waiting_.t0, l.due_ns);
      waiting_.worst_late_ns = std::max(waiting_.worst_late_ns, end() - l.due_ns);
      LateTimer shown = l;
      shown.ran_ns = end();  // late by now, and counting
      list_late(waiting_.timers, shown);
      ++waiting_.count;
    }
    // The blocker: the newest top-level callbacks only (at most 64), so a frame never walks the whole run.
    const Track<TimelineBar>& top = lanes_[0];
    size_t from = top.size() > 64 ? top.size() - 64 : 0;
    for (size_t i = std::max(from, top.first_ending_after(waiting_.t0)); i < top.size(); ++i) {
      uint64_t t1 = top[i].open ? end() : top[i].t1;
      if (t1 - top[i].t0 > waiting_.blocker_ns) {
        waiting_.blocker_ns = t1 - top[i].t0;
        waiting_.blocker_seq = top[i].seq;
      }
    }
  }
  ++version_;
}

TimelineGap Timeline::pending_wait() const {
  TimelineGap g;
  if (!poll_waiting_ || !in_phase_ || end() <= poll_t_) return g;
  g.t0 = poll_t_;
  g.t1 = end();
  g.seq = poll_seq_;
  g.iteration = iteration_;
  g.timeout = poll_timeout_;
  g.reason = poll_reason_;
  g.open = true;
  return g;
}

void Timeline::begin_bar(TimelineBar bar) {
  int lane = std::min<int>(static_cast<int>(open_.size()), kCallbackLanes - 1);
  bar.open = true;
  bar.t1 = bar.t0;
  lanes_[lane].push(std::move(bar));
  open_.push_back(OpenBar{lane, lanes_[lane].size() - 1});
}

void Timeline::end_bar(uint64_t t, const Trace& trace) {
  if (open_.empty()) return;  // its begin was dropped by the ring
  OpenBar o = open_.back();
  open_.pop_back();
  Track<TimelineBar>& lane = lanes_[o.lane];
  if (o.index != lane.size() - 1) return;  // a deeper bar shares the last lane (depth > kCallbackLanes - 1)
  lane.back().open = false;
  if (lane.back().line == 0)
    if (const TraceEvent* begin = trace.event(lane.back().seq)) lane.back().line = begin->line;
  lane.end_last(t);
}

void Timeline::timer_ran(TimelineBar& bar, uint64_t due_ms) {
  uint64_t due_ns = due_ms * 1000000;
  if (bar.t0 <= due_ns || bar.t0 - due_ns <= kLateNs) return;
  bar.late_ns = bar.t0 - due_ns;
  add_late(LateTimer{bar.handle, due_ns, bar.t0, bar.seq, bar.line});
}

void Timeline::add_late(const LateTimer& late) {
  OverdueStretch s;
  s.t0 = late.due_ns;
  s.t1 = late.ran_ns;
  bool merged = false, earlier = false;
  // Stretches are disjoint: the new span absorbs every stretch it overlaps (runs only move forward, so those
  // are the newest ones).
  while (!overdue_.empty() && overdue_.back().t1 >= s.t0) {
    OverdueStretch prev = overdue_.back();
    overdue_.pop();
    earlier = earlier || merged || prev.t0 > s.t0;
    if (!merged) {
      s.scanned = prev.scanned;
      s.blocker_ns = prev.blocker_ns;
      s.blocker_seq = prev.blocker_seq;
    }
    merged = true;
    s.t0 = std::min(s.t0, prev.t0);
    s.t1 = std::max(s.t1, prev.t1);
    s.count += prev.count;
    s.worst_late_ns = std::max(s.worst_late_ns, prev.worst_late_ns);
    for (const LateTimer& l : prev.timers) list_late(s.timers, l);
  }
  s.count += 1;
  s.worst_late_ns = std::max(s.worst_late_ns, late.ran_ns - late.due_ns);
  list_late(s.timers, late);
  scan_blocker(s, !merged || earlier);
  overdue_.push(std::move(s));
}

// The longest top-level callback overlapping the stretch. Top-level bars are disjoint and in time order, so a
// stretch that only grows later goes on from where the last scan stopped: each bar is looked at about once.
void Timeline::scan_blocker(OverdueStretch& s, bool from_start) const {
  const Track<TimelineBar>& top = lanes_[0];
  if (from_start) {
    s.scanned = top.first_ending_after(s.t0);
    s.blocker_ns = 0;
    s.blocker_seq = 0;
  }
  size_t i = s.scanned;
  for (; i < top.size() && top[i].t0 < s.t1; ++i) {
    if (top[i].open) break;  // looked at again once it has ended
    if (top[i].t1 - top[i].t0 > s.blocker_ns) {
      s.blocker_ns = top[i].t1 - top[i].t0;
      s.blocker_seq = top[i].seq;
    }
  }
  s.scanned = i;
}

void Timeline::consume(const TraceEvent& ev, const Trace& trace) {
  last_t_ = std::max(last_t_, ev.t_ns);
  switch (ev.kind) {
    case TraceKind::RunBegin: {
      // The main chunk ran from the trace's start (or the last run's end) to here.
      TimelineBar chunk;
      chunk.chunk = true;
      chunk.t0 = chunk_open_ ? chunk_t0_ : 0;
      chunk.seq = chunk_open_ ? chunk_seq_ : 1;
      if (!in_run_ && open_.empty()) {
        begin_bar(chunk);
        end_bar(ev.t_ns, trace);
      }
      chunk_open_ = false;
      in_run_ = true;
      break;
    }
    case TraceKind::RunEnd:
      in_run_ = false;
      chunk_open_ = true;
      chunk_t0_ = ev.t_ns;
      chunk_seq_ = ev.seq + 1;
      break;
    case TraceKind::IterationBegin: {
      TimelineIteration it;
      it.t0 = it.t1 = ev.t_ns;
      it.seq = ev.seq;
      it.number = static_cast<uint64_t>(ev.a);
      it.open = true;
      iterations_.push(it);
      in_iteration_ = true;
      iteration_ = it.number;
      break;
    }
    case TraceKind::IterationEnd:
      if (in_iteration_ && !iterations_.empty()) {
        iterations_.back().open = false;
        iterations_.end_last(ev.t_ns);
      }
      in_iteration_ = false;
      iteration_ = 0;
      break;
    case TraceKind::PhaseEnter: {
      TimelinePhase p;
      p.t0 = p.t1 = ev.t_ns;
      p.seq = ev.seq;
      p.iteration = iteration_;
      p.queue = static_cast<int>(ev.a);
      p.phase = ev.phase;
      p.open = true;
      phases_.push(p);
      in_phase_ = true;
      break;
    }
    case TraceKind::PhaseLeave:
      if (in_phase_ && !phases_.empty()) {
        phases_.back().open = false;
        phases_.back().ran = static_cast<int>(ev.a);
        phases_.end_last(ev.t_ns);
      }
      in_phase_ = false;
      poll_waiting_ = false;
      break;
    case TraceKind::UpdateTime:
      now_ms_ = static_cast<uint64_t>(ev.a);
      break;
    case TraceKind::PollTimeout:
      poll_timeout_ = static_cast<int>(ev.a);
      if (!parse_reason(ev.text, poll_reason_)) poll_reason_ = TimeoutReason::Timer;
      poll_waiting_ = ev.a != 0;
      poll_seq_ = ev.seq;
      poll_t_ = ev.t_ns;
      break;
    case TraceKind::TimeJump: {
      TimelineGap g;
      g.t0 = static_cast<uint64_t>(ev.a);
      g.t1 = static_cast<uint64_t>(ev.b);
      g.seq = ev.seq;
      g.iteration = iteration_;
      g.timeout = poll_timeout_;
      g.reason = poll_reason_;
      if (g.t1 >= g.t0 && (gaps_.empty() || gaps_.back().t1 <= g.t0)) gaps_.push(g);
      TimelineMark m;
      m.t0 = m.t1 = g.t0;
      m.to = g.t1;
      m.seq = ev.seq;
      jump_marks_.push(m);
      ++jumps_;
      if (in_iteration_ && !iterations_.empty()) iterations_.back().waited_ns += g.t1 - g.t0;
      poll_waiting_ = false;
      break;
    }
    case TraceKind::Input: {
      TimelineMark m;
      m.t0 = m.t1 = ev.t_ns;
      m.seq = ev.seq;
      m.input = true;
      m.action = static_cast<InputAction>(ev.a);
      m.client = ev.id;
      m.value = ev.b;
      m.text = ev.text;
      input_marks_.push(std::move(m));
      ++inputs_;
      break;
    }
    case TraceKind::HandleStart:
      if (ev.htype == HandleType::Timer) {
        if (ev.id >= dues_.size()) dues_.resize(ev.id + 1);
        TimerDue& d = dues_[ev.id];
        d.prev = d.due;
        d.due = static_cast<uint64_t>(ev.a);
      }
      break;
    case TraceKind::CallbackBegin: {
      TimelineBar bar;
      bar.t0 = ev.t_ns;
      bar.seq = ev.seq;
      bar.handle = ev.id;
      bar.iteration = iteration_;
      bar.line = ev.line;
      bar.htype = ev.htype;
      bar.cb = ev.cb;
      bar.phase = ev.phase;
      if (in_iteration_ && !iterations_.empty()) ++iterations_.back().callbacks;
      if (ev.cb == CallbackKind::Timer && ev.id < dues_.size() && dues_[ev.id].due != kNone) {
        // A repeat timer is re-armed just before its callback: the due that fired is the one not after now.
        const TimerDue& d = dues_[ev.id];
        uint64_t fired = d.due <= now_ms_ ? d.due : d.prev;
        if (fired != kNone) timer_ran(bar, fired);
      }
      begin_bar(std::move(bar));
      break;
    }
    case TraceKind::CallbackEnd:
      end_bar(ev.t_ns, trace);
      break;
    default:
      break;
  }
}

std::vector<LateTimer> overdue_now(const std::vector<TimerRow>& timers, uint64_t now_ns) {
  std::vector<LateTimer> out;
  for (const TimerRow& t : timers) {
    uint64_t due_ns = t.due * 1000000;
    if (now_ns <= due_ns + kLateNs) break;  // in firing order: the rest are due later
    out.push_back(LateTimer{t.id, due_ns, now_ns, 0, t.line});
  }
  return out;
}

bool Timeline::same_as(const Timeline& o) const {
  for (int i = 0; i < kCallbackLanes; ++i)
    if (!(lanes_[i] == o.lanes_[i])) return false;
  return iterations_ == o.iterations_ && phases_ == o.phases_ && gaps_ == o.gaps_ &&
         jump_marks_ == o.jump_marks_ && input_marks_ == o.input_marks_ &&
         overdue_ == o.overdue_ && jumps_ == o.jumps_ && inputs_ == o.inputs_ && last_seq_ == o.last_seq_ &&
         last_t_ == o.last_t_;
}

}  // namespace ls::ui
