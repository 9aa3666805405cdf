-- luv conformance: uv.thread_self() and its comparisons, and require('luv') inside a work function (sleep,
-- thread_self), whose uv_thread_t crosses back to after_fn.
local uv = require('luv')

local a, b = uv.thread_self(), uv.thread_self()
print('thread_self', type(a), tostring(a):match('^uv_thread_t: 0x%x+$') ~= nil)
print('equal', a:equal(b), uv.thread_equal(a, b), a == b, tostring(a) == tostring(b))
print('not a thread', pcall(uv.thread_equal, a, 1))

local work = uv.new_work(function(n)
  local luv = require('luv')
  local t = luv.thread_self()
  luv.sleep(5)
  return n * 2, t, tostring(t) == tostring(luv.thread_self())
end, function(n, t, same)
  print('after', n, type(t), tostring(t):match('^uv_thread_t: 0x%x+$') ~= nil, same)
end)
work:queue(21.0)  -- a float: luv makes every number one, Loopscope keeps the type
uv.run()
uv.new_work(function(t) return type(t), tostring(t):match('^uv_thread_t: 0x%x+$') ~= nil end, function(...)
  print('a thread as an argument', ...)
end):queue(a)
uv.run()
print('done')
