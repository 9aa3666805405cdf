-- S1 timers: N one-shot timers with scrambled timeouts 1 + (i*7919 mod 1000) ms, one shared callback.
-- luv API only: runs unchanged on Debian's lua5.4 + luv and on `loopscope run`.
local uv = require('luv')
local n = tonumber(arg and arg[1]) or 200000
local fired = 0
local function on_timeout() fired = fired + 1 end

local t0 = os.clock()
local timers = {}
for i = 0, n - 1 do
  local t = uv.new_timer()
  t:start(1 + (i * 7919) % 1000, 0, on_timeout)
  timers[i + 1] = t
end
local t1 = os.clock()
uv.run()
local t2 = os.clock()
assert(fired == n, 'not every timer fired')
for i = 1, n do timers[i]:close() end
uv.run()
print(('scenario=timers n=%d start_cpu_s=%.3f fire_cpu_s=%.3f ns_per_timer=%.0f'):format(
  n, t1 - t0, t2 - t1, (t2 - t0) / n * 1e9))
