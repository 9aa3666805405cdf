-- title: Timer 0 vs check (setTimeout vs setImmediate)
-- description: From an I/O callback, a check handle always runs before a 0 ms timer.
-- watch: from the main chunk the 0 ms timer runs first: the run begins with a timers pass. From an I/O
--        callback (here a file stat's, which the poll phase delivers) the check callback always runs first,
--        because check comes right after poll and timers come later.
-- peer: luv
local uv = require('luv')

local function race(label)
  local timer, check = uv.new_timer(), uv.new_check()
  timer:start(0, 0, function() print(label .. ': timer 0') timer:close() end)
  check:start(function() print(label .. ': check') check:close() end)
end

race('from the main chunk')
uv.run()

uv.fs_stat(uv.os_tmpdir(), function()
  race('from an I/O callback')
end)
uv.run()
