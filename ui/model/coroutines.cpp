#include "ui/model/coroutines.h"

#include "lua/runtime.h"

namespace ls::ui {

CoroutinesView build_coroutines(const lua::Runtime& rt, Lang lang) {
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
    v.summary = tr(lang, "No coroutine yet: async.spawn() and coroutine.create() make them.");
  } else {
    std::initializer_list<std::string> counts = {std::to_string(v.spawned), std::to_string(v.suspended),
                                                 std::to_string(v.running), std::to_string(v.ended)};
    v.summary = v.spawned == 1 ? fmt(lang, "{0} coroutine made: {1} suspended, {2} running, {3} ended", counts)
                               : fmt(lang, "{0} coroutines made: {1} suspended, {2} running, {3} ended", counts);
    if (table.rows().size() < v.spawned) v.summary += tr(lang, " (older ended or collected ones are not listed)");
  }
  return v;
}

}  // namespace ls::ui
