-- fs_event: what inotify reports through libuv for a directory and a file watch, step by step. Each operation
-- waits until the events of the previous one were delivered (a short timer restarted by every event), so the
-- grouping of events into reads is the same everywhere.
local uv = require('luv')
local dir = assert(uv.fs_mkdtemp('/tmp/peer_fseventXXXXXX'))

local function keys(t)
  local k = {}
  for key in pairs(t) do k[#k + 1] = key end
  table.sort(k)
  return table.concat(k, ',')
end

local settle = uv.new_timer()
local ops, step = {}, 0
local function next_op()
  step = step + 1
  if ops[step] then
    print('op', step)
    ops[step]()
    settle:start(20, 0, next_op)  -- an operation that reports nothing still moves on
  end
end
local function report(tag)
  return function(err, name, events)
    print(tag, err, name, keys(events))
    settle:start(5, 0, next_op)
  end
end

local dirw = uv.new_fs_event()
print('type', dirw:get_type())
print('start dir', dirw:start(dir, {}, report('dir')))
print('again', dirw:start(dir, {}, report('dir')))
print('getpath matches', dirw:getpath() == dir)
local missing = uv.new_fs_event()
print('missing', missing:start(dir .. '/nope', {}, report('missing')))
print('inactive getpath', missing:getpath())

local filew, twin
local function mkfile(path, text)
  local fd = assert(uv.fs_open(path, 'w', 420))
  if text then assert(uv.fs_write(fd, text)) end
  assert(uv.fs_close(fd))
end
ops = {
  function() mkfile(dir .. '/a') end,
  function()
    local fd = assert(uv.fs_open(dir .. '/a', 'r+', 420))
    uv.fs_write(fd, 'one')
    uv.fs_write(fd, 'two')  -- merged with the first: inotify drops an event equal to the last unread one
    uv.fs_close(fd)
  end,
  function()
    filew = uv.new_fs_event()
    print('start file', filew:start(dir .. '/a', {}, report('file')))
    -- a callable table as the callback, on a second handle sharing the file's watch
    twin = uv.new_fs_event()
    print('start twin', twin:start(dir .. '/a', {}, setmetatable({}, {__call = function(_, err, name, events)
      print('twin', err, name, keys(events))
    end})))
    assert(uv.fs_chmod(dir .. '/a', 384))
  end,
  function() twin:stop() assert(uv.fs_rename(dir .. '/a', dir .. '/b')) end,
  function() assert(uv.fs_mkdir(dir .. '/sub', 493)) end,
  function() mkfile(dir .. '/sub/inner', 'x') end,  -- not reported: watches are not recursive on Linux
  function() assert(uv.fs_rmdir(dir .. '/sub') == nil and 'sub not empty' or 'removed') end,
  function() assert(uv.fs_unlink(dir .. '/sub/inner')) assert(uv.fs_rmdir(dir .. '/sub')) end,
  function() assert(uv.fs_utime(dir .. '/b', 1, 2)) end,
  function() assert(uv.fs_unlink(dir .. '/b')) end,
  function() mkfile(dir .. '/c', 'zz') mkfile(dir .. '/c') end,  -- the second open truncates: a change
  function()
    print('file still active', filew:is_active())
    filew:close()
    twin:close()
    dirw:stop()
    print('stopped getpath', dirw:getpath())
    assert(uv.fs_unlink(dir .. '/c'))
  end,
  function()
    dirw:close()
    missing:close()
    settle:close()
    assert(uv.fs_rmdir(dir))
  end,
}
settle:start(5, 0, next_op)
uv.run()
print('done')
