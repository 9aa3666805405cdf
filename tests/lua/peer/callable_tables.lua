-- luv conformance: a table with __call is accepted wherever luv takes a callback (fs requests, stream requests,
-- walk), and anything else is refused with luv's argument error.
local uv = require('luv')

local function callable(name)
  return setmetatable({}, { __call = function(self, ...)
    local args = table.pack(...)
    for i = 1, args.n do args[i] = type(args[i]) end
    print(name .. ' called', type(self), table.concat(args, ' '))
  end })
end

local dir = assert(uv.fs_mkdtemp(uv.os_tmpdir() .. '/peer-call-XXXXXX'))
local path = dir .. '/f.txt'
local fd = assert(uv.fs_open(path, 'w', 420))
uv.fs_write(fd, 'abc')
uv.fs_close(fd)

-- One request at a time: the pool may finish concurrent requests in any order.
local function step(name, start, after)
  print(name, type(start(setmetatable({}, { __call = function(self, err, value)
    print(name .. ' called', type(self), err, type(value))
    if after then after(value) end
  end }))))
  uv.run()
end
step('fs_stat', function(cb) return uv.fs_stat(path, cb) end)
step('fs_open', function(cb) return uv.fs_open(path, 'r', 420, cb) end, function(f) uv.fs_close(f) end)
step('fs_scandir', function(cb) return uv.fs_scandir(dir, cb) end)
step('fs_mkdir', function(cb) return uv.fs_mkdir(dir .. '/sub', 493, cb) end)
print('a number is no callback', pcall(uv.fs_stat, path, 42))
print('a plain table is no callback', pcall(uv.fs_stat, path, {}))

local server = uv.new_tcp()
server:bind('127.0.0.1', 0)
server:listen(8, function()
  local peer = uv.new_tcp()
  server:accept(peer)
  peer:read_start(function(err, data)
    if data then print('server got', data) return end
    peer:close()
    server:close()
  end)
end)
local client = uv.new_tcp()
client:connect('127.0.0.1', server:getsockname().port, setmetatable({}, { __call = function(_, err)
  print('connect called', err)
  client:write('hi', callable('write'))
  client:shutdown(setmetatable({}, { __call = function(_, e)
    print('shutdown called', e)
    client:close()
  end }))
end }))
uv.run()

print('walk takes a function only', pcall(uv.walk, setmetatable({}, { __call = print })))

uv.fs_rmdir(dir .. '/sub')
uv.fs_unlink(path)
uv.fs_rmdir(dir)
print('done')
