#include "lua/run_config.h"

#include "core/emu/emulated_backend.h"

namespace ls::lua {

LoopOptions deterministic_loop_options(Order order) {
  LoopOptions lo;
  lo.clock = ClockKind::Virtual;
  lo.order = order;
  lo.backend = make_emulated_backend();
  lo.trace_capacity = kTraceEvents;
  return lo;
}

}  // namespace ls::lua
