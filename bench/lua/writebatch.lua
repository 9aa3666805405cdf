-- S7 write batch: N writes of one 16-byte string issued back to back on one connection (127.0.0.1), timed until
-- the server has every byte. luv API only: runs unchanged on Debian's lua5.4 + luv and on `loopscope run`.
--   writebatch.lua [N]
local uv = require('luv')
local n = tonumber(arg and arg[1]) or 1000000
local SMALL = ('w'):rep(16)
local total = n * #SMALL
local received = 0
local t0, c0, t1, c1
local server, conn, client = uv.new_tcp(), uv.new_tcp(), uv.new_tcp()
assert(server:bind('127.0.0.1', 0))
assert(server:listen(128, function(err)
  assert(not err, err)
  assert(server:accept(conn))
  server:close()
  conn:read_start(function(rerr, data)
    assert(not rerr, rerr)
    if not data then return conn:close() end
    received = received + #data
    if received == total then
      t1, c1 = uv.hrtime(), os.clock()
      conn:close()
      client:close()
    end
  end)
end))
client:connect('127.0.0.1', server:getsockname().port, function(err)
  assert(not err, err)
  t0, c0 = uv.hrtime(), os.clock()
  for _ = 1, n do client:write(SMALL) end
end)
uv.run()
assert(received == total, ('server received %d of %d bytes'):format(received, total))
print(('scenario=writebatch n=%d wall_s=%.4f cpu_s=%.4f ns_per_write=%.1f'):format(n, (t1 - t0) / 1e9, c1 - c0,
  (c1 - c0) * 1e9 / n))
