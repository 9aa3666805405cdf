// window.loopscope.fault(spec) and the client calls, as outside input (core/emu/inputs.h). The specs:
//   {kind: 'latency', ms, client?}  {kind: 'reset', client}  {kind: 'refuse', port?, on}
//   {kind: 'fdlimit', n}            {kind: 'sndbuf', client, bytes}
// Anything else is refused with a message that names what is wrong, never applied halfway.
#pragma once
#include <string>

#include "core/emu/inputs.h"

namespace ls::ui {

// Parses a fault spec (JSON text). False with `error` set when it is malformed.
bool fault_input(const std::string& spec_json, Input& out, std::string& error);

}  // namespace ls::ui
