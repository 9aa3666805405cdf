-- title: Callback hell vs async, side by side
-- description: Three dependent steps written as nested callbacks, then as one async task.
-- watch: both halves do the same three steps one after another. The callback version nests one level deeper
--        per step; the async version reads top to bottom. The loop sees the same timers either way.
-- peer: luv+async
local uv = require('luv')
local async = require('async')

local function after(ms, cb)  -- a callback-style operation, like every luv function
  local t = uv.new_timer()
  t:start(ms, 0, function() t:close() cb(nil, ms) end)
end

-- 1. Callbacks: each next step lives inside the previous step's callback.
after(100, function(_, a)
  print('callbacks: step 1 after ' .. a .. ' ms')
  after(50, function(_, b)
    print('callbacks: step 2 after ' .. b .. ' ms')
    after(25, function(_, c)
      print('callbacks: step 3 after ' .. c .. ' ms, done')
    end)
  end)
end)

-- 2. async: async.wrap turns the same function into one a task can simply call.
local wait = async.wrap(after)
async.spawn(function()
  print('async: step 1 after ' .. wait(100) .. ' ms')
  print('async: step 2 after ' .. wait(50) .. ' ms')
  print('async: step 3 after ' .. wait(25) .. ' ms, done')
end)
uv.run()
