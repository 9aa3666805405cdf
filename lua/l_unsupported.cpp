// luv functions Loopscope does not offer fail with "uv.NAME is not supported in Loopscope" when called, instead
// of the puzzling "attempt to call a nil value". Names that are not luv's stay nil, so feature tests such as
// `if uv.new_thread then` keep working for everything else.
#include <cstring>

#include "lua/l_bindings.h"
#include "lua.hpp"

namespace ls::lua {
namespace {

// luv's public functions (luv docs, 1.4x), the ones this runtime may not define.
const char* const kLuvNames[] = {
    "loop_close", "loop_configure", "backend_fd", "metrics_idle_time", "metrics_info", "req_get_type", "cancel",
    "send_buffer_size", "recv_buffer_size", "get_process_title", "set_process_title", "resident_set_memory",
    "uptime", "loadavg", "cpu_info", "interface_addresses", "if_indextoname", "if_indextoiid", "exepath",
    "chdir", "os_homedir", "os_get_passwd", "os_getenv", "os_setenv", "os_unsetenv", "os_environ",
    "os_gethostname", "os_uname", "os_getpid", "os_getppid", "os_getpriority", "os_setpriority", "random",
    "translate_sys_error", "get_free_memory", "get_total_memory", "get_constrained_memory", "available_parallelism",
    "getpid", "getuid", "getgid", "setuid", "setgid", "gettimeofday", "clock_gettime", "hrtime", "new_thread",
    "thread_equal", "thread_self", "thread_join", "thread_getaffinity", "thread_setaffinity", "thread_getcpu",
    "thread_setpriority", "thread_getpriority", "new_udp", "udp_bind", "udp_connect", "udp_send", "udp_try_send",
    "udp_recv_start", "udp_recv_stop", "udp_getsockname", "udp_getpeername", "udp_set_broadcast",
    "udp_set_membership", "udp_set_multicast_loop", "udp_set_multicast_ttl", "udp_set_ttl",
    "udp_get_send_queue_size", "udp_get_send_queue_count", "new_tty", "tty_set_mode", "tty_reset_mode",
    "tty_get_winsize", "tty_set_vterm_state", "tty_get_vterm_state", "spawn", "process_kill", "process_get_pid",
    "kill", "disable_stdio_inheritance", "new_fs_event", "fs_event_start", "fs_event_stop", "fs_event_getpath",
    "new_fs_poll", "fs_poll_start", "fs_poll_stop", "fs_poll_getpath", "getnameinfo", "fs_access", "fs_chmod",
    "fs_fchmod", "fs_chown", "fs_fchown", "fs_lchown", "fs_copyfile", "fs_fdatasync", "fs_fsync", "fs_ftruncate",
    "fs_futime", "fs_lutime", "fs_utime", "fs_link", "fs_symlink", "fs_readlink", "fs_realpath", "fs_sendfile",
    "fs_opendir", "fs_readdir", "fs_closedir", "fs_statfs", "fs_mkstemp", "pipe_chmod", "pipe_getsockname",
    "pipe_getpeername", "pipe_pending_instances", "pipe_pending_count", "pipe_pending_type", "tcp_open",
    "tcp_simultaneous_accepts", "tcp_connect", "tcp_write_queue_size", "stream_set_blocking", "write2",
    "read2", "is_readable", "signal_start_oneshot", "new_socket_poll", "socketpair", "pipe", "new_pipe",
    "new_tcp", "tcp_bind", "tcp_getsockname", "tcp_getpeername", "tcp_nodelay", "tcp_keepalive", "tcp_close_reset",
    "listen", "accept", "read_start", "read_stop", "write", "try_write", "try_write2", "shutdown", "is_writable",
    "stream_get_write_queue_size", "pipe_open", "pipe_bind", "pipe_connect", "fs_open", "fs_read", "fs_write",
    "fs_close", "fs_stat", "fs_fstat", "fs_lstat", "fs_unlink", "fs_mkdir", "fs_mkdtemp", "fs_rmdir", "fs_rename",
    "fs_scandir", "fs_scandir_next", "getrusage", "cwd", "loop_mode",
    "print_all_handles", "print_active_handles",
};

int not_supported(lua_State* L) {
  return luaL_error(L, "uv.%s is not supported in Loopscope", lua_tostring(L, lua_upvalueindex(1)));
}

int uv_index(lua_State* L) {
  const char* key = lua_tostring(L, 2);
  if (!key) return 0;
  for (const char* name : kLuvNames) {
    if (std::strcmp(name, key) == 0) {
      lua_pushvalue(L, 2);
      lua_pushcclosure(L, not_supported, 1);
      return 1;
    }
  }
  return 0;
}

}  // namespace

void mark_unsupported(lua_State* L) {
  lua_newtable(L);
  lua_pushcfunction(L, uv_index);
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, -2);
}

}  // namespace ls::lua
