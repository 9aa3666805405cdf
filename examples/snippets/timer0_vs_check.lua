-- title: Timer 0 vs check (setTimeout vs setImmediate)
-- watch: from the main chunk the 0 ms timer runs first: the run begins with a timers pass. From a callback of
--        the poll phase (here an async handle, like an I/O callback) the check callback always runs first,
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

local async
async = uv.new_async(function()
  race('from a poll-phase callback')
  async:close()
end)
async:send()
uv.run()
