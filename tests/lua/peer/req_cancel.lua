-- luv conformance: uv.cancel / req:cancel and uv.req_get_type. A pool request may be cancelled while queued
-- (its callback then gets ECANCELED) or not once a worker took it (EBUSY): which one happens depends on the
-- threads, so what is printed is that the two agree. Other requests cannot be cancelled (EINVAL).
local uv = require('luv')

local agreed, tries = true, 0
for _ = 1, 20 do
  tries = tries + 1
  local cancelled
  local req = uv.fs_stat('.', function(err)
    local got = err ~= nil and err:match('^ECANCELED') ~= nil
    if got ~= cancelled then agreed = false end
  end)
  local ok, err, code = req:cancel()
  cancelled = ok == 0
  if not cancelled and code ~= 'EBUSY' then agreed = false end
  uv.run()
end
print('cancel and callback agree', agreed, tries)

local req = uv.fs_stat('.', function() end)
print('get_type', req:get_type())
print('req_get_type', uv.req_get_type(req))
uv.run()
local w = uv.new_work(function() return 1 end, function() end)
print('work queue', w:queue())
uv.run()
print('not a request', pcall(uv.cancel, {}))

local server = uv.new_tcp()
server:bind('127.0.0.1', 0)
server:listen(1, function() local c = uv.new_tcp() server:accept(c) c:close() end)
local client = uv.new_tcp()
local connect = client:connect('127.0.0.1', server:getsockname().port, function() end)
print('connect type', connect:get_type())
print('cancel a connect', connect:cancel())
uv.run('once')
client:close()
server:close()
uv.run()
print('done')
