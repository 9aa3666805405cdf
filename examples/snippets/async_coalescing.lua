-- title: Async handles coalesce
-- description: Many uv.async_send calls before the loop gets to them run the callback once.
-- watch: three sends before the loop gets to the poll phase produce one callback. An async handle is the way
--        other threads (and the thread pool) wake the loop; it is always active, so close it when done.
-- peer: luv
local uv = require('luv')

local calls = 0
local async
async = uv.new_async(function()
  calls = calls + 1
  print('async callback ' .. calls)
end)
async:send()
async:send()
async:send()
uv.run('once')
print('three sends, ' .. calls .. ' callback')
async:send()
uv.run('once')
print('one more send, ' .. calls .. ' callbacks')
async:close()
