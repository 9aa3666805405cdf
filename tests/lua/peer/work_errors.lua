-- luv conformance: a work function that returns a value no Lua state can take (a table, a function, a
-- coroutine) is luv's "Uncaught Error: Error: thread arg not support type 'T' at N", raised from C after it
-- returned; after_fn still gets the values before that one, and uv.run() ends (false: nothing is left).
-- luv writes the error to stderr unbuffered and print to a buffered stdout, so the results are printed after the
-- run: both then come out in the same order on luv and in Loopscope's one output.
local uv = require('luv')
local got = {}
local returns = {
  function() return 'a', true, {}, 'lost' end,
  function() return print end,
  function() return nil, 'x', coroutine.create(print) end,
  function() return 'fine', false, nil end,
}
local function queue(i)
  uv.new_work(returns[i], function(...)
    local line = i .. ': ' .. select('#', ...)
    for j = 1, select('#', ...) do line = line .. ' ' .. tostring((select(j, ...))) end
    got[#got + 1] = line
    if returns[i + 1] then queue(i + 1) end
  end):queue()
end
queue(1)
local ran = uv.run()
for _, line in ipairs(got) do print(line) end
print('run', ran)
print('done')
