#include "ui/model/coroutines.h"

#include "lua/runtime.h"

namespace ls::ui {

CoroutinesView build_coroutines(const lua::Runtime& rt) {
  CoroutinesView v;
  const lua::CoroutineTable& table = rt.coroutines();
  v.spawned = table.spawned();
  for (const auto& [id, r] : table.rows()) {
    if (r.state == lua::CoroState::Suspended) ++v.suspended;
    else if (r.state == lua::CoroState::Running) ++v.running;
    else ++v.ended;
    if (v.rows.size() >= CoroutinesView::kMaxRows) {
      ++v.hidden;
      continue;
    }
    v.rows.push_back(CoroutineView{r.id, r.name, to_string(r.kind), to_string(r.state), r.line, r.created_line,
                                   r.awaiting});
  }
  if (v.spawned == 0) {
    v.summary = "No coroutine yet: async.spawn() and coroutine.create() make them.";
  } else {
    v.summary = std::to_string(v.spawned) + (v.spawned == 1 ? " coroutine" : " coroutines") + " made: " +
                std::to_string(v.suspended) + " suspended, " + std::to_string(v.running) + " running, " +
                std::to_string(v.ended) + " ended" + (table.rows().size() < v.spawned ? " (older ended or collected ones are not listed)" : "");
  }
  return v;
}

}  // namespace ls::ui
