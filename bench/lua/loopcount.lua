-- S2 loop count: one idle handle counts iterations until a timer stops it after MS milliseconds.
--   loopcount.lua [MS [fd]]   with `fd`, one watched idle socket too (a listener nobody connects to), so every
--                             iteration polls
local uv = require('luv')
local ms = tonumber(arg and arg[1]) or 2000
local with_fd = arg and arg[2] == 'fd'
local iterations = 0
local idle = uv.new_idle()
idle:start(function() iterations = iterations + 1 end)
local listener
if with_fd then
  listener = uv.new_tcp()
  assert(listener:bind('127.0.0.1', 0))
  assert(listener:listen(8, function() end))
end
local stop = uv.new_timer()
local t0 = uv.hrtime()
stop:start(ms, 0, function()
  idle:stop()
  idle:close()
  stop:close()
  if listener then listener:close() end
end)
uv.run()
local wall = (uv.hrtime() - t0) / 1e9
print(('scenario=loopcount ms=%d fd=%d iterations=%d iters_per_s=%.0f'):format(ms, with_fd and 1 or 0, iterations,
  iterations / wall))
