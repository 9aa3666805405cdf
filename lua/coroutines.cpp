#include "lua/coroutines.h"

namespace ls::lua {

const char* to_string(CoroState s) {
  switch (s) {
    case CoroState::Running: return "running";
    case CoroState::Suspended: return "suspended";
    case CoroState::Done: return "done";
    case CoroState::Failed: return "failed";
  }
  return "?";
}

CoroutineRow* CoroutineTable::row(uint64_t id) {
  auto it = rows_.find(id);
  return it == rows_.end() ? nullptr : &it->second;
}

const CoroutineRow* CoroutineTable::find(uint64_t id) const {
  auto it = rows_.find(id);
  return it == rows_.end() ? nullptr : &it->second;
}

uint64_t CoroutineTable::spawn(CoroKind kind, std::string name, int line) {
  uint64_t id = next_id_++;
  if (trace_.enabled()) trace_.coro_spawn(id, name, line, kind);
  CoroutineRow& r = rows_[id];
  r.id = id;
  r.name = std::move(name);
  r.kind = kind;
  r.created_line = r.line = line;
  return id;
}

void CoroutineTable::suspend(uint64_t id, int line, std::string awaiting) {
  CoroutineRow* r = row(id);
  if (!r) return;
  if (trace_.enabled()) trace_.coro_suspend(id, r->name, line, awaiting);
  r->state = CoroState::Suspended;
  r->line = line;
  r->awaiting = std::move(awaiting);
}

void CoroutineTable::resume(uint64_t id) {
  CoroutineRow* r = row(id);
  if (!r) return;
  // The line it resumes at: where it was parked (0 for a first resume, which starts the function).
  if (trace_.enabled()) trace_.coro_resume(id, r->name, r->state == CoroState::Suspended ? r->line : 0);
  r->state = CoroState::Running;
  r->awaiting.clear();
}

void CoroutineTable::end(uint64_t id, bool failed, int line) {
  CoroutineRow* r = row(id);
  if (!r || r->state == CoroState::Done || r->state == CoroState::Failed) return;
  if (trace_.enabled()) trace_.coro_done(id, r->name, failed ? CoroStatus::Failed : CoroStatus::Done);
  r->state = failed ? CoroState::Failed : CoroState::Done;
  if (line) r->line = line;
  r->awaiting.clear();
  ended_.push_back(id);
  while (ended_.size() > kKeepEnded) {
    rows_.erase(ended_.front());
    ended_.pop_front();
  }
}

void CoroutineTable::forget(uint64_t id) {
  CoroutineRow* r = row(id);
  if (!r || r->state == CoroState::Done || r->state == CoroState::Failed) return;  // ended rows age out
  rows_.erase(id);
}

}  // namespace ls::lua
