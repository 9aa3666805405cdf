// luv's signal names ("sigint", "sigterm", ...), shared by signal handles and uv.kill / process:kill.
#pragma once

namespace ls::lua {

int signal_number(const char* name);  // 0 for a name luv does not know (as luv: kill then sends signal 0)
const char* signal_name(int num);     // "unknown" for a number without a name

}  // namespace ls::lua
