-- luv conformance: work on the thread pool (strings and booleans cross unchanged) and getaddrinfo for
-- numeric addresses and localhost (IPv4: what every host's resolver agrees on).
local uv = require('luv')

local done = {}
local work = uv.new_work(function(word, loud)
  local s = word:rep(2)
  if loud then s = s:upper() end
  return s, loud, nil, 'end'
end, function(a, b, c, d)
  done[#done + 1] = table.concat({ tostring(a), tostring(b), tostring(c), tostring(d) }, ' ')
end)
print('ctx tostring', tostring(work):match('^luv_work_ctx_t: ') ~= nil)
print('queue', work:queue('ab', true))
print('queue', uv.queue_work(work, 'cd', false))
print('new_work without after', pcall(uv.new_work, function() end))

local function show(res, err, name)
  if not res then return 'fail ' .. tostring(err) .. ' ' .. tostring(name) end
  local out = {}
  for _, r in ipairs(res) do
    out[#out + 1] = ('%s %s %s %s %s'):format(r.addr, r.family, tostring(r.port), tostring(r.socktype),
      tostring(r.protocol))
  end
  return table.concat(out, ' | ')
end
print('numeric v4', show(uv.getaddrinfo('127.0.0.1', '7000', { socktype = 'stream' })))
print('numeric v6', show(uv.getaddrinfo('::1', '7000', { socktype = 'stream', family = 'inet6' })))
print('localhost v4', show(uv.getaddrinfo('localhost', nil, { family = 'inet', socktype = 'stream' })))
print('unknown', show(uv.getaddrinfo('no.such.host.invalid', nil, { socktype = 'stream' })))
print('async returns', tostring(uv.getaddrinfo('127.0.0.1', '80', { socktype = 'stream' }, function(err, res)
  print('async', err, show(res))
end)):match('^uv_getaddrinfo_t: ') ~= nil)
uv.run()
table.sort(done)  -- the pool may finish them in either order
for _, line in ipairs(done) do print('after', line) end
print('done')
