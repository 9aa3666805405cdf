-- title: Why doesn't my program exit?
-- watch: the alive rule: the unref'd heartbeat is never listed; the job timer (line 13) is,
--        until it closes; the forgotten idle handle (line 19) keeps uv.run('nowait') alive.
-- description: Which handles keep the loop alive, why an unref'd timer does not, and how to find a forgotten one.
-- peer: luv
local uv = require('luv')

local heartbeat = uv.new_timer()
local beats = 0
heartbeat:start(100, 100, function() beats = beats + 1 end)
heartbeat:unref()  -- a background ticker must not keep the program running

local job = uv.new_timer()
job:start(350, 0, function() print('job done') job:close() end)

uv.run()
print('loop ended with the heartbeat still active:', heartbeat:is_active(), 'after', beats, 'beats')

local forgotten = uv.new_idle()
forgotten:start(function() end)
print('alive with a forgotten idle handle:', uv.run('nowait'))
uv.walk(function(h)
  print('  open handle:', h:get_type(), 'active:', h:is_active(), 'referenced:', h:has_ref())
  if h:is_active() and h:has_ref() then h:close() end
end)
heartbeat:close()
print('after closing it:', uv.run())
