-- title: Idle, prepare, check: around the poll phase
-- description: Idle, prepare and check handles around the poll, and the order handles of one kind run in.
-- watch: each iteration runs idle, then prepare, then polls, then check. An active idle handle makes the poll
--        return at once. Handles of one kind run last-started first (libuv inserts at the head of the queue).
-- peer: luv
local uv = require('luv')
local iteration = 0

local idle, prepare = uv.new_idle(), uv.new_prepare()
local check_a, check_b = uv.new_check(), uv.new_check()
idle:start(function()
  iteration = iteration + 1
  print('iteration ' .. iteration .. ': idle')
end)
prepare:start(function() print('iteration ' .. iteration .. ': prepare') end)
check_a:start(function()
  print('iteration ' .. iteration .. ': check a (started first)')
  if iteration == 2 then
    for _, h in ipairs({ idle, prepare, check_a, check_b }) do h:close() end
  end
end)
check_b:start(function() print('iteration ' .. iteration .. ': check b (started second)') end)
uv.run()
