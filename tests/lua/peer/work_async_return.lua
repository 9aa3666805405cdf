-- luv conformance: an async handle passed to a work function and returned by it reaches after_fn as that handle
-- (luv hands back a copy of the userdata: it prints and sends the same), so after_fn can send to it.
local uv = require('luv')
local a
a = uv.new_async(function(...)
  print('async got', ...)
  a:close()
end)
uv.new_work(function(h, s) return s, h end, function(s, h)
  print('after', s, type(h), tostring(h) == tostring(a))
  print('send', h:send('from after', true))
end):queue(a, 'x')
uv.run()
print('done')
