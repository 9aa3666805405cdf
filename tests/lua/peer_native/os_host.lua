-- luv conformance (native backend only: these describe the host process and system, so the emulated backend
-- answers ENOSYS): pid, uname, time of day, uptime, paths, environment, load and memory, as luv types them.
local uv = require('luv')
print(math.type(uv.getpid()), math.type(uv.os_getpid()), math.type(uv.os_getppid()), uv.getpid() == uv.os_getpid())
local u = uv.os_uname() print(u.sysname, type(u.release), type(u.version), type(u.machine))
local s, us = uv.gettimeofday() print(math.type(s), math.type(us), select('#', uv.gettimeofday()))
print(math.type(uv.uptime()), type(uv.exepath()), type(uv.os_homedir()), type(uv.os_gethostname()))
print(uv.os_setenv('LOOPSCOPE_PEER', 'v1'), uv.os_getenv('LOOPSCOPE_PEER'), uv.os_unsetenv('LOOPSCOPE_PEER'), uv.os_getenv('LOOPSCOPE_PEER'))
print(select('#', uv.loadavg()), math.type(uv.loadavg()), math.type(uv.available_parallelism()))
print(math.type(uv.get_free_memory()), math.type(uv.get_total_memory()), math.type(uv.resident_set_memory()), uv.resident_set_memory() > 0)
print('done')
