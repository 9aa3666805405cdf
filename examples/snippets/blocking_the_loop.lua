-- title: Busy-waiting blocks the loop
-- description: A callback that busy-waits holds up every timer behind it: they all run late.
-- watch: the timer is due after 10 ms, but the idle callback busy-waits ("is there an event yet?") and then
--        uv.sleep(100) blocks the thread. Nothing else can run meanwhile: the timer fires late. Compare the
--        due time with the time it ran, and look for the long callback in the timeline.
local uv = require('luv')
local t0 = uv.now()

local timer = uv.new_timer()
timer:start(10, 0, function()
  print(('timer due at 10 ms ran at %d ms'):format(uv.now() - t0))
  timer:close()
end)

local idle = uv.new_idle()
idle:start(function()
  idle:stop()
  local start = uv.hrtime()
  local spins = 0
  while uv.hrtime() - start < 30e6 do spins = spins + 1 end  -- 30 ms of "is_event()?" polling
  print('busy-waited 30 ms')
  uv.sleep(100)  -- a blocking call: the whole loop stops for 100 ms
  print('slept 100 ms')
  idle:close()
end)
