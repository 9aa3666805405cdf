-- title: Run modes: default, once, nowait, stop
-- description: uv.run in default, once and nowait mode, and uv.stop: how far one call takes the loop.
-- watch: uv.run('nowait') polls without blocking; uv.run('once') blocks until something happens;
--        uv.stop() ends the current run after this iteration. uv.run returns whether the loop is still alive,
--        and the snippet can carry on and run it again.
-- peer: luv
local uv = require('luv')

local timer = uv.new_timer()
local fired = 0
timer:start(50, 50, function()
  fired = fired + 1
  print('timer fired ' .. fired)
  if fired == 3 then uv.stop() end
end)

print('nowait returned', uv.run('nowait'), 'fired', fired)
print('once returned', uv.run('once'), 'fired', fired)
print('default returned', uv.run(), 'after stop, fired', fired)
timer:close()
print('default returned', uv.run(), 'once the timer is closed')
