// Outside input to a loop on the emulated backend — the playground's network client and its fault switches — as
// data. Each input is applied between two loop advances and recorded with the trace seq after which it was
// applied and the virtual time it was applied at, and traced as an `input` event; so a replay that applies the
// same inputs after the same seqs gets the same trace (the run itself is deterministic). The replay advances by
// the same kinds of steps with the loop's wait horizon at the next input's t_ns (Loop::set_wait_horizon), and
// applies an input when trace().last_seq() == seq (tests/ui/test_network.cpp replays a paced session so).
//
//   ls::Input in{.action = ls::InputAction::Connect, .value = 7000};
//   ls::InputResult r = ls::apply_input(loop, in, horizon_ns);  // r.client: the new client's id
//
// Tests: tests/core/emu/test_emu_remote.cpp
#pragma once

#include <cstdint>
#include <string>

#include "../trace.h"

namespace ls {

class Loop;

struct Input {
  uint64_t seq = 0;   // set by apply_input: the trace's last seq before the input was applied
  uint64_t t_ns = 0;  // set by apply_input: the virtual time it was applied at
  InputAction action = InputAction::Connect;
  uint64_t client = 0;  // send, shutdown, close, reading, reset, sndbuf: the client; latency: 0 = every connection
  int64_t value = 0;    // connect: port; reading: 1 or 0; latency: ms; refuse: port (0 = every port);
                        // fdlimit: the limit; sndbuf: bytes
  bool on = true;       // refuse: on or off
  std::string text;     // send: the bytes
};

struct InputResult {
  int error = 0;        // 0, or a negative errno
  std::string message;  // what went wrong, in words ("no client 3")
  uint64_t client = 0;  // connect: the new client's id
};

// Applies `in` now. If the loop's poll is waiting and `at_ns` is later than the loop's time, time first jumps
// there (Loop::jump_wait_to): input that arrives while a paced run waits arrives at the pace's time. Fills in
// in.seq and in.t_ns. Refused (error, nothing traced) when the loop is not on the emulated backend.
InputResult apply_input(Loop& loop, Input& in, uint64_t at_ns);

// The name of an input action and back (for the page's API and the recorded list).
bool parse_input_action(const std::string& name, InputAction& out);

}  // namespace ls
