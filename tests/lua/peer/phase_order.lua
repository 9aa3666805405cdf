-- Where the two phase orders differ: libuv 1.44 runs timers at the start of every iteration, libuv >= 1.45 at
-- the end (after check and the close callbacks), plus one timers pass before the first iteration in default mode
-- only. A 0 ms timer and a prepare handle, both ready, show it in each run mode. Debian's luv (1.44.2) is the
-- oracle for --order legacy; phase_order.modern holds the modern output, checked by hand against libuv 1.45's
-- uv_run (src/unix/core.c).
local uv = require('luv')

local function race(mode)
  local t, p = uv.new_timer(), uv.new_prepare()
  t:start(0, 0, function() print(mode .. ': timer') t:close() end)
  p:start(function() print(mode .. ': prepare') p:stop() p:close() end)
  uv.run(mode)
  uv.run()  -- whatever is left (the close callbacks)
end

race('nowait')
race('once')
race('default')
print('done')
