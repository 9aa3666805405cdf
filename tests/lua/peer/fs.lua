-- luv conformance: fs functions, sync and async, their results and luv's error triples.
local uv = require('luv')

local dir = assert(uv.fs_mkdtemp(uv.os_tmpdir() .. '/peer-XXXXXX'))
print('mkdtemp keeps the prefix', dir:sub(1, #uv.os_tmpdir() + 6) == uv.os_tmpdir() .. '/peer-', #dir == #uv.os_tmpdir() + 12)
local path = dir .. '/a.txt'
-- Failures print as luv returns them, with the random folder name replaced (it differs from run to run).
local function show(...)
  local out = table.pack(...)
  for i = 1, out.n do
    local v = out[i]
    if type(v) == 'string' then
      local at = v:find(dir, 1, true)
      if at then v = v:sub(1, at - 1) .. '<dir>' .. v:sub(at + #dir) end
    end
    out[i] = tostring(v)
  end
  return table.concat(out, '\t')
end

local fd = assert(uv.fs_open(path, 'w', 420))
print('fd is a number', type(fd))
print('write', uv.fs_write(fd, 'hello world'))
print('write table', uv.fs_write(fd, { ' and', ' more' }))
print('write at offset', uv.fs_write(fd, 'J', 0))
print('fstat size', uv.fs_fstat(fd).size)
print('close', uv.fs_close(fd))
print('close again', uv.fs_close(fd))

local st = uv.fs_stat(path)
print('stat', st.type, st.size, st.mode & 511, type(st.mtime.sec), type(st.mtime.nsec), st.nlink)
print('lstat type', uv.fs_lstat(path).type)
fd = assert(uv.fs_open(path, 'r', 0))
print('read all', uv.fs_read(fd, 100, 0))
print('read part', uv.fs_read(fd, 5, 6))
print('read at end', uv.fs_read(fd, 5, 100))
uv.fs_close(fd)

print('open missing', show(uv.fs_open(dir .. '/missing', 'r', 0)))
print('stat missing', show(uv.fs_stat(dir .. '/missing')))
print('unlink missing', show(uv.fs_unlink(dir .. '/missing')))
print('mkdir', uv.fs_mkdir(dir .. '/sub', 493))
print('mkdir again', show(uv.fs_mkdir(dir .. '/sub', 493)))
print('rename', uv.fs_rename(path, dir .. '/sub/b.txt'))
print('rmdir not empty', show(uv.fs_rmdir(dir .. '/sub')))
print('open dir for writing', show(uv.fs_open(dir .. '/sub', 'w', 420)))

local fd2 = assert(uv.fs_open(dir .. '/c.txt', 'w', 420)); uv.fs_close(fd2)
local req = uv.fs_scandir(dir)
local entries = {}
while true do
  local name, kind = uv.fs_scandir_next(req)
  if not name then break end
  entries[#entries + 1] = name .. ':' .. kind
end
table.sort(entries)
print('scandir', table.concat(entries, ' '))
print('scandir missing', show(uv.fs_scandir(dir .. '/missing')))

-- Async forms: the callback gets (err, value); the call returns the request.
print('async returns', type(uv.fs_stat(dir .. '/sub/b.txt', function(err, s)
  print('async stat', err, s.size)
  uv.fs_open(dir .. '/missing', 'r', 0, function(err2, fd3)
    print('async open missing', show(err2, fd3))
    uv.fs_unlink(dir .. '/sub/b.txt', function(err3, ok)
      print('async unlink', err3, ok)
      uv.fs_rmdir(dir .. '/sub', function(err4, ok4)
        print('async rmdir', err4, ok4)
      end)
    end)
  end)
end)))
uv.run()
assert(uv.fs_unlink(dir .. '/c.txt'))
print('rmdir', uv.fs_rmdir(dir))
print('done')
