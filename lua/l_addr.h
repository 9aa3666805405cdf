// Socket addresses as luv passes them, shared by the tcp and udp bindings: the {family, ip, port} table, port
// arguments, and luv's "Invalid IP address or port" error.
#pragma once

#include <cstdint>

#include "core/sys.h"
#include "lua.hpp"

namespace ls::lua {

// luv's address table: {family = "inet", ip = "127.0.0.1", port = 8080}.
void push_sockname(lua_State* L, const SockName& n);
// An integer argument in 0..65535.
uint16_t check_port(lua_State* L, int idx);
// Raises luv's error unless host is an IP address the backend parses; gives its family.
AddrFamily check_ip(lua_State* L, const char* host, uint16_t port);

}  // namespace ls::lua
