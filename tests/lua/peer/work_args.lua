-- luv conformance: what queue_work refuses to hand to a work state, with luv's messages and positions.
local uv = require('luv')
local ctx = uv.new_work(function() return 1 end, function() print('after') end)
print(pcall(function() ctx:queue(1, {}) end))
print(pcall(function() uv.queue_work(ctx, print) end))
print(pcall(uv.queue_work, 5))
uv.run()
print('done')
