-- luv conformance (native backend only: these describe the host, so the emulated backend answers ENOSYS):
-- cpu_info, interface_addresses, os_get_passwd, os_environ, with luv's shapes and types.
local uv = require('luv')

local cpus = uv.cpu_info()
local c = cpus[1]
print('cpu_info', #cpus == uv.available_parallelism(), type(c.model), math.type(c.speed), math.type(c.times.user),
      math.type(c.times.nice), math.type(c.times.sys), math.type(c.times.idle), math.type(c.times.irq))
local lo = uv.interface_addresses().lo
for _, a in ipairs(lo) do
  if a.family == 'inet' then print('lo', a.ip, a.netmask, a.family, a.internal, #a.mac, a.mac == string.rep('\0', 6)) end
end
local pw = uv.os_get_passwd()
print('passwd', type(pw.username), math.type(pw.uid), math.type(pw.gid), type(pw.shell), type(pw.homedir),
      pw.homedir == uv.os_homedir())
print('setenv', uv.os_setenv('LOOPSCOPE_PEER_ENV', 'x=y'), uv.os_setenv('LOOPSCOPE_PEER_EMPTY', ''))
local env = uv.os_environ()
print('environ', env.LOOPSCOPE_PEER_ENV, env.LOOPSCOPE_PEER_EMPTY == '', env.PATH == uv.os_getenv('PATH'))
print('done')
