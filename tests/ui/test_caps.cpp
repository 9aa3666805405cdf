// A run with very many handles: the view model keeps kMaxRows rows per list and counts the rest, so a frame's
// cost and memory do not grow with a million timers (the page has 1 GiB).
#include "ui_support.h"

TEST_CASE("5000 live timers: 2000 handle, timer and alive-reason rows, and the totals") {
  uitest::FakeClock clock;
  auto s = uitest::code_session(R"(local uv = require('luv')
for i = 1, 5000 do
  local t = uv.new_timer()
  t:start(1000 + i, 0, function() t:close() end)
end
)", clock);
  s->step(ls::StepKind::Callback);  // the main chunk: 5000 timers armed, none fired yet
  ls::ui::ViewModel vm = ls::ui::build_view(s.get(), {});
  CHECK(vm.handles_total == 5000);
  CHECK(vm.timers_total == 5000);
  CHECK(vm.handles.size() == ls::ui::kMaxRows);
  CHECK(vm.timers.size() == ls::ui::kMaxRows);
  CHECK(vm.timers.front().due < vm.timers.back().due);  // still the first ones in firing order
  CHECK(vm.timers.back().line == 3);
  REQUIRE(vm.alive_reasons.size() == ls::ui::kMaxRows + 1);
  CHECK(vm.alive_reasons.back() == "... and 3000 more handles like them");
  std::string json = ls::ui::to_json(vm);
  CHECK(json.find("\"handlesTotal\":5000") != std::string::npos);
}
