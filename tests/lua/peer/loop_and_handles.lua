-- luv conformance: loop functions, common handle methods, timers, idle/prepare/check, async.
local uv = require('luv')

print('alive before', uv.loop_alive())
print('mode outside run', uv.loop_mode())
print('now is an integer', math.type(uv.now()), uv.hrtime() >= 0)
print('update_time', uv.update_time())
print('backend_timeout idle', uv.backend_timeout())
print('version', type(uv.version()), type(uv.version_string()))
print('rusage', type(uv.getrusage().utime.sec), type(uv.getrusage().maxrss))

local t = uv.new_timer()
print('timer type', t:get_type())
print('tostring prefix', tostring(t):match('^uv_timer_t: 0x') ~= nil)
print('active before start', t:is_active(), t:is_closing(), t:has_ref())
print('start', t:start(50, 25, function() end))
print('active after start', t:is_active(), uv.loop_alive())
print('repeat', t:get_repeat(), 'due in <= 50', t:get_due_in() <= 50)
print('set_repeat', t:set_repeat(10), t:get_repeat())
print('backend_timeout with a timer <= 50', uv.backend_timeout() <= 50)
t:unref()
print('unref', t:has_ref(), uv.loop_alive())
t:ref()
print('stop', t:stop(), t:is_active())
print('again without repeat', uv.new_timer():again())
print('fileno of a timer', t:fileno())
print('close returns', t:close())
print('closing', t:is_closing())
print('close twice fails', (pcall(t.close, t)))

local order = {}
local idle, prepare, check = uv.new_idle(), uv.new_prepare(), uv.new_check()
local n = 0
idle:start(function()
  n = n + 1
  order[#order + 1] = 'idle'
  if n == 2 then idle:stop() prepare:stop() check:stop() end
end)
prepare:start(function() order[#order + 1] = 'prepare' print('mode in prepare', uv.loop_mode()) end)
check:start(function() order[#order + 1] = 'check' end)
print('run nowait', uv.run('nowait'))
print('order', table.concat(order, ' '))
print('run default', uv.run())
print('order', table.concat(order, ' '))
for _, h in ipairs({ idle, prepare, check }) do h:close() end

local a
a = uv.new_async(function(x, y, z)
  print('async got', x, y, z, math.type(y))
  a:close()
end)
print('send', a:send('one', 2, true))
print('send again', a:send('two', 3.5, false))

local walked = 0
uv.walk(function(h) walked = walked + 1 end)
print('walk sees handles', walked > 0)
uv.run()
print('alive after', uv.loop_alive())
print('run when nothing is alive', uv.run())
print('bad run mode', select(2, pcall(uv.run, 'sometimes')):match('invalid option .sometimes.'))
print('timer start without callback', select(2, pcall(uv.timer_start, uv.new_timer(), 10, 0)):match('%(.*'))
print('done')
