-- A busy run for the timeline's frame-time figure (about 100k trace events): a 1 ms ticker for 5000
-- iterations, a 20 ms busy-wait every 1000 ticks (each an overdue stretch) and a 7 ms timer that is late then.
local uv = require('luv')
local ticks = 0
local ticker = uv.new_timer()
local other = uv.new_timer()
other:start(7, 7, function() end)
ticker:start(1, 1, function()
  ticks = ticks + 1
  if ticks % 1000 == 0 then
    local t0 = uv.hrtime()
    while uv.hrtime() - t0 < 20e6 do end
  end
  if ticks == 5000 then
    ticker:close()
    other:close()
    print('ticks', ticks)
  end
end)
