-- S3 ping-pong (../../../shared/notes/bench-scenarios.md; mirrors bench/streams_bench.cpp `pingpong N`):
-- one TCP server and one client in the same process and loop on 127.0.0.1, both TCP_NODELAY. The server echoes
-- every read; the client sends the 4 bytes PING, counts received bytes, and every full 4 is one round trip,
-- after which it sends the next PING, until N. Timed from the connect callback (just before the first write) to
-- the Nth round trip. A guard timer (CAP_S seconds, default 120) stops the loop and fails the run.
-- luv API only: runs unchanged on Debian's lua5.4 + luv and on `loopscope run`.
--   pingpong.lua [N [CAP_S]]
local uv = require('luv')
local n = tonumber(arg and arg[1]) or 100000
local cap_s = tonumber(arg and arg[2]) or 120
local MSG = 'PING'
local LEN = #MSG

local trips, received, echoed = 0, 0, 0
local t0, t1, c0, c1
local timed_out, server_eof = false, false

local server = uv.new_tcp()
local conn = uv.new_tcp()
local client = uv.new_tcp()
local guard = uv.new_timer()

local function check(ok, err, what)
  if not ok then error(what .. ': ' .. tostring(err)) end
  return ok
end

check(server:bind('127.0.0.1', 0))
local port = check(server:getsockname(), 'getsockname failed', 'getsockname').port
check(server:listen(128, function(err)
  assert(not err, err)
  check(server:accept(conn))
  server:close() -- one connection only
  check(conn:nodelay(true))
  check(conn:read_start(function(rerr, data)
    assert(not rerr, rerr)
    if data then
      echoed = echoed + #data
      conn:write(data)
    else -- EOF: the client is done
      server_eof = true
      conn:close()
      guard:close()
    end
  end))
end))

check(client:nodelay(true))
client:connect('127.0.0.1', port, function(err)
  assert(not err, err)
  check(client:read_start(function(rerr, data)
    assert(not rerr, rerr)
    assert(data, 'client: unexpected EOF')
    received = received + #data
    while received >= LEN do
      received = received - LEN
      trips = trips + 1
      if trips == n then
        t1, c1 = uv.hrtime(), os.clock()
        client:close()
        return
      end
      client:write(MSG)
    end
  end))
  t0, c0 = uv.hrtime(), os.clock()
  client:write(MSG)
end)

guard:start(cap_s * 1000, 0, function()
  timed_out = true
  uv.stop()
end)

uv.run()
if timed_out then
  error(('pingpong: wall-clock cap of %g s reached after %d of %d round trips'):format(cap_s, trips, n))
end
assert(trips == n, ('round trips %d of %d'):format(trips, n))
assert(received == 0, 'client received a partial message')
assert(server_eof, 'server never saw EOF')
assert(echoed == n * LEN, ('server echoed %d bytes, expected %d'):format(echoed, n * LEN))
local wall = (t1 - t0) / 1e9
print(('scenario=pingpong n=%d elapsed_s=%.4f cpu_s=%.4f rt_per_s=%.0f us_per_rt=%.2f'):format(
  n, wall, c1 - c0, n / wall, wall * 1e6 / n))
