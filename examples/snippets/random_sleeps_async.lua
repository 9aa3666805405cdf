-- title: Three jobs sleep a random time (coroutines)
-- description: Three tasks sleep a random time each and finish in the order their timers come due.
-- watch: the same program as the callback version, written top to bottom. async.sleep suspends only its own
--        task (see the Coroutines panel: each task waits at its sleep line); the loop runs the others.
-- peer: luv+async
local async = require('async')
math.randomseed(42)

local function do_something(i)
  local ms = math.random(1, 10) * 100
  print(('%d Wait for %d ms...'):format(i, ms))
  async.sleep(ms)  -- this task stops here; the loop does not
  print(('%d waiting done'):format(i))
end

async.run(function()
  local tasks = {}
  for i = 0, 2 do tasks[#tasks + 1] = async.spawn(do_something, i) end
  async.gather(table.unpack(tasks))
  print('gathered all three')
end)
