-- title: Three jobs sleep a random time (callbacks)
-- description: Three timers of random length: callbacks run in due order, not start order.
-- watch: every "Wait for" line prints at once, because starting a timer does not wait. Then the loop sleeps
--        in its poll phase until the next timer is due, and each "done" line appears when its timer fires,
--        shortest sleep first. One thread, no waiting anywhere in the snippet: the loop does the waiting.
-- peer: luv
local uv = require('luv')
math.randomseed(42)

local function do_something(i)
  local ms = math.random(1, 10) * 100
  print(('%d Wait for %d ms...'):format(i, ms))
  local timer = uv.new_timer()
  timer:start(ms, 0, function()
    print(('%d waiting done'):format(i))
    timer:close()
  end)
end

for i = 0, 2 do do_something(i) end
print('all three started; now the loop runs')
uv.run()
print('the loop has nothing left to wait for')
