-- S4 pump (../../../shared/notes/bench-scenarios.md; mirrors bench/streams_bench.cpp `pump MIB`): one TCP
-- connection in one loop on 127.0.0.1, client -> server. The client writes one constant 64 KiB string with 16
-- writes outstanding (each write callback issues the next: at most 1 MiB queued in user space) until MIB MiB were
-- issued; the server counts the bytes and throws them away. Timed from the connect callback to the moment the
-- server has every byte. Then the client closes, the server sees EOF. A guard timer (CAP_S seconds, default
-- 120) stops the loop and fails the run. No TCP_NODELAY.
-- luv API only: runs unchanged on Debian's lua5.4 + luv and on `loopscope run`.
--   pump.lua [MIB [CAP_S]]
local uv = require('luv')
local mib = tonumber(arg and arg[1]) or 1024
local cap_s = tonumber(arg and arg[2]) or 120
local CHUNK = 64 * 1024
local OUTSTANDING = 16
local total = mib * 1024 * 1024
local nchunks = total // CHUNK
assert(nchunks * CHUNK == total, 'MIB must be a whole number of chunks')
local chunk = string.rep('p', CHUNK)

local issued, written, received = 0, 0, 0
local max_queued = 0
local t0, t1, c0, c1
local timed_out, server_eof = false, false

local server = uv.new_tcp()
local conn = uv.new_tcp()
local client = uv.new_tcp()
local guard = uv.new_timer()

local function check(ok, err, what)
  if not ok then error((what or 'call') .. ': ' .. tostring(err)) end
  return ok
end

check(server:bind('127.0.0.1', 0))
local port = check(server:getsockname(), 'getsockname failed', 'getsockname').port
check(server:listen(128, function(err)
  assert(not err, err)
  check(server:accept(conn))
  server:close() -- one connection only
  check(conn:read_start(function(rerr, data)
    assert(not rerr, rerr)
    if data then
      received = received + #data
      if received == total then t1, c1 = uv.hrtime(), os.clock() end
    else -- EOF: the client closed after its last write callback
      server_eof = true
      conn:close()
      guard:close()
    end
  end))
end))

local on_write
local function next_write()
  if issued >= nchunks then return end
  issued = issued + 1
  check(client:write(chunk, on_write), nil, 'write')
  local q = client:get_write_queue_size()
  if q > max_queued then max_queued = q end
end
on_write = function(err)
  assert(not err, err)
  written = written + 1
  if written == nchunks then
    client:close()
  else
    next_write()
  end
end

client:connect('127.0.0.1', port, function(err)
  assert(not err, err)
  t0, c0 = uv.hrtime(), os.clock()
  for _ = 1, OUTSTANDING do next_write() end
end)

guard:start(cap_s * 1000, 0, function()
  timed_out = true
  uv.stop()
end)

uv.run()
if timed_out then
  error(('pump: wall-clock cap of %g s reached: %d of %d chunks written, %d of %d bytes received'):format(
    cap_s, written, nchunks, received, total))
end
assert(issued == nchunks and written == nchunks, ('client wrote %d of %d chunks'):format(written, nchunks))
assert(received == total, ('server received %d of %d bytes'):format(received, total))
assert(server_eof, 'server never saw EOF')
assert(max_queued <= OUTSTANDING * CHUNK, ('%d bytes queued in user space'):format(max_queued))
local wall = (t1 - t0) / 1e9
print(('scenario=pump bytes=%d mib=%d elapsed_s=%.4f cpu_s=%.4f mib_per_s=%.0f max_queued=%d'):format(
  total, mib, wall, c1 - c0, mib / wall, max_queued))
