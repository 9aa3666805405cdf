-- S5 echo server (../../../shared/notes/bench-scenarios.md): prints `PORT n`, echoes every read on every
-- connection (TCP_NODELAY), ends after CONNS connections have come and gone and prints its CPU time (os.clock:
-- user+sys of the process). The load generator is bench/echo_client.c. A 120 s guard timer fails a stuck run.
-- luv API only: runs unchanged on Debian's lua5.4 + luv and on `loopscope run`.
--   echo_server.lua [CONNS]
local uv = require('luv')
local conns = tonumber(arg and arg[1]) or 100
local accepted, closed = 0, 0
local server = uv.new_tcp()
local guard = uv.new_timer()

local function on_closed()
  closed = closed + 1
  if closed == conns then
    server:close()
    guard:close()
  end
end

assert(server:bind('127.0.0.1', 0))
assert(server:listen(128, function(err)
  assert(not err, err)
  local c = uv.new_tcp()
  assert(server:accept(c))
  accepted = accepted + 1
  c:nodelay(true)
  c:read_start(function(rerr, data)
    if data then
      c:write(data)
    else
      c:close(on_closed)
    end
  end)
end))
guard:start(120000, 0, function() error('echo-server: 120 s guard reached') end)
print(('PORT %d'):format(server:getsockname().port))
io.stdout:flush()
uv.run()
assert(accepted == conns, ('accepted %d of %d'):format(accepted, conns))
print(('scenario=echo-server conns=%d server_cpu_s=%.4f'):format(accepted, os.clock()))
