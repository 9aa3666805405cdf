-- luv conformance for threads (native only: the emulated backend has one thread and answers ENOSYS):
-- new_thread with arguments, from a function or from source text, join, thread_self inside differs from the
-- main thread's, an async handle passed to a thread and sent to from there, and luv's argument errors.
local uv = require('luv')

local t = uv.new_thread(function(s, yes, none, no)
  local uv = require('luv')
  uv.sleep(10)
  print('in thread', s, yes, none, no, type(uv.thread_self()))
end, 'str', true, nil, false)
print(type(t), tostring(t):match('^uv_thread_t: ') ~= nil)
print('join', t:join())

uv.thread_join(uv.new_thread('local a, b = ... print("from source text", a, b)', 'one', 'two'))

local main = uv.thread_self()
uv.new_thread({stack_size = 0}, function(m)
  local uv = require('luv')
  print('thread is main', uv.thread_equal(m, uv.thread_self()), m == uv.thread_self())
  print('thread is itself', uv.thread_self():equal(uv.thread_self()))
end, main):join()

local async
async = uv.new_async(function(a, b, c)
  print('async got', a, b, c)
  async:close()
end)
uv.new_thread(function(a)
  local uv = require('luv')
  print('send', uv.async_send(a, 'x', false, 'z'))
end, async):join()
uv.run()

local async2
async2 = uv.new_async(function(a)
  print('method send got', a)
  async2:close()
end)
uv.new_thread(function(a) print('send', a:send('m')) end, async2):join()
uv.run()

for _, bad in ipairs({{}, print, coroutine.create(function() end)}) do
  local ok, e = pcall(uv.new_thread, function() end, 'fine', bad)
  print(ok, e)
end
print(pcall(uv.new_thread, {stack_size = 'big'}, function() end))
print('done')
