-- title: Timers fire in due order
-- description: Timers started in any order fire in order of their due time; equal due times in start order.
-- watch: the chunk finishes first; then the loop runs each callback when its timer is due,
--        whatever the order the timers were started in.
-- peer: luv
local uv = require('luv')

local slow = uv.new_timer()
slow:start(300, 0, function()
  print('slow timer (300 ms)')
  slow:close()
end)

local fast = uv.new_timer()
fast:start(100, 0, function()
  print('fast timer (100 ms)')
  fast:close()
end)

local ticks = 0
local ticker = uv.new_timer()
ticker:start(50, 50, function()
  ticks = ticks + 1
  print('tick ' .. ticks)
  if ticks == 4 then ticker:close() end
end)

print('timers started')
uv.run()
print('loop finished: nothing is left to wait for')
