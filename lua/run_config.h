// What a run is configured with, written once for the CLI and the playground: the page runs exactly
// `loopscope run --deterministic`, so the trace it exports equals the CLI's, byte for byte.
#pragma once
#include <cstddef>

#include "core/loop.h"

namespace ls::lua {

constexpr size_t kTraceEvents = 1u << 20;  // the trace ring keeps the last million events of a run

// --deterministic: the emulated backend on the virtual clock with the default costs, tracing into the ring.
// (The Lua side of it is RuntimeOptions' defaults: seed 1 and the default limits.)
LoopOptions deterministic_loop_options(Order order);

}  // namespace ls::lua
