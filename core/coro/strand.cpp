// Strands, waiters and the per-loop registry that lists them (see strand.h).
#include "strand.h"

#include <algorithm>
#include <memory>
#include <unordered_map>

#include "../loop.h"
#include "../timer.h"

namespace ls::coro {

namespace {

using StrandList = ls::detail::List<strand>;

// Loop -> its strands. Loops are single-threaded, so one registry per thread needs no lock.
std::unordered_map<const Loop*, std::unique_ptr<StrandList>>& registry() {
  thread_local std::unordered_map<const Loop*, std::unique_ptr<StrandList>> map;
  return map;
}

}  // namespace

strand::strand(Loop& loop, std::string name) : loop_(&loop), name_(std::move(name)) {
  auto& list = registry()[loop_];
  if (!list) list = std::make_unique<StrandList>();
  list->push_back(node_);
}

strand::~strand() {
  node_.unlink();
  auto& map = registry();
  auto it = map.find(loop_);
  if (it != map.end() && it->second->empty()) map.erase(it);
  if (timer_) {
    // Closed by someone else (a walk() that closes every handle) means that closer's callback decides when the
    // memory may go, and we cannot see it: the timer is then left behind rather than freed too early.
    if (!timer_->is_closing()) timer_->close([](Handle& h) { delete &h; });
  }
}

int strand::first_sleep(uint64_t ms) {
  timer_ = new Timer(*loop_);
  return timer_->start(
      [this](Timer&) {
        if (waiting_) waiting_->resume(0);  // may destroy the waiter (and, at the strand's end, the strand)
      },
      ms);
}

std::vector<strand*> strands_of(const Loop& loop) {
  std::vector<strand*> out;
  auto& map = registry();
  auto it = map.find(&loop);
  if (it != map.end()) it->second->for_each([&](strand& s) { out.push_back(&s); });
  return out;
}

std::vector<coro_info> inspect(const Loop& loop) {
  std::vector<coro_info> out;
  for (strand* s : strands_of(loop)) {
    coro_info info;
    info.name = s->name();
    if (detail::waiter* w = s->waiting()) {
      info.suspended = true;
      info.line = w->at().line;
      info.func = w->at().func;
      if (w->on()) info.handle_id = w->on()->id();
    }
    out.push_back(std::move(info));
  }
  return out;
}

namespace detail {

// The event names the strand (or, for a coroutine that is not an ls::coro task, the function) and the line of
// the co_await. The string is only built when tracing is on.
void waiter::trace(bool resume) const {
  Trace& t = loop_->trace();
  std::string name = strand_ ? strand_->name() : std::string(at_.func);
  if (resume) {
    t.coro_resume(std::move(name), at_.line);
  } else {
    t.coro_suspend(std::move(name), at_.line);
  }
}

std::vector<waiter*> waiters_on(const Loop& loop, const Handle& h) {
  std::vector<waiter*> out;
  for (strand* s : strands_of(loop))
    if (waiter* w = s->waiting(); w && w->on() == &h) out.push_back(w);
  return out;
}

int cancel_waiters(Loop& loop, const Handle& h) {
  int n = 0;
  std::vector<waiter*> found = waiters_on(loop, h);
  for (waiter* w : found) {
    // A coroutine resumed earlier in this loop may have ended another one: only resume those still waiting.
    std::vector<waiter*> now = waiters_on(loop, h);
    if (std::find(now.begin(), now.end(), w) == now.end()) continue;
    w->resume(-ECANCELED);
    ++n;
  }
  return n;
}

}  // namespace detail

}  // namespace ls::coro
