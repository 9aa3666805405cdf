-- fs_poll: libuv's stat polling. The first stat only sets the baseline (unless it fails: then the error is
-- reported, once); every later difference is reported with the previous and the current stat. Each change is
-- made from the callback that saw the previous one, so no two changes can fall into one polling interval.
local uv = require('luv')
local dir = assert(uv.fs_mkdtemp('/tmp/peer_fspollXXXXXX'))
local path = dir .. '/watched'

local poll = uv.new_fs_poll()
print('type', poll:get_type())
print('inactive getpath', poll:getpath())
local calls = 0
local function write(flags, text)
  local fd = assert(uv.fs_open(path, flags, 420))
  assert(uv.fs_write(fd, text))
  assert(uv.fs_close(fd))
end
local steps = {
  function() write('w', 'abc') end,
  function() write('a', 'defg') end,
  function() assert(uv.fs_unlink(path)) end,
  function() write('w', 'back') end,
  function()
    poll:stop()
    print('stopped', poll:is_active(), poll:getpath())
    assert(uv.fs_unlink(path))
    poll:close(function() print('closed') end)
    assert(uv.fs_rmdir(dir))
  end,
}
local function on_change(err, prev, curr)
  calls = calls + 1
  print('change', calls, err, prev.size, prev.type, curr.size, curr.type, curr.nlink)
  steps[calls]()
end
print('start', poll:start(path, 10, on_change))
-- Active: 0 and the poll goes on unchanged (luv does store the callback given, so give the same one).
print('again', poll:start(path, 10, on_change))
print('getpath matches', poll:getpath() == path)
uv.run()
print('calls', calls)
print('done')
