-- S2 loop count: one idle handle counts iterations until a timer stops it after MS milliseconds.
local uv = require('luv')
local ms = tonumber(arg and arg[1]) or 2000
local iterations = 0
local idle = uv.new_idle()
idle:start(function() iterations = iterations + 1 end)
local stop = uv.new_timer()
local t0 = uv.hrtime()
stop:start(ms, 0, function()
  idle:stop()
  idle:close()
  stop:close()
end)
uv.run()
local wall = (uv.hrtime() - t0) / 1e9
print(('scenario=loopcount ms=%d iterations=%d iters_per_s=%.0f'):format(ms, iterations, iterations / wall))
