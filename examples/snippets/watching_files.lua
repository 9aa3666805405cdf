-- title: Watching files: fs_event and fs_poll
-- description: Two ways to notice a file change: the kernel tells the loop (fs_event), or the loop asks again and again (fs_poll).
-- watch: fs_event asks the kernel (inotify) to report changes: its callback runs in the next poll phase,
--        with the entry's name and "rename" or "change". fs_poll has no kernel help: every 50 ms its own
--        unreferenced timer sends a stat request to the thread pool and compares the result with the last one,
--        so it notices a change up to one interval late, and only as a difference (two quick writes look like
--        one). Step by phase: the fs_event line comes one iteration after a change, the fs_poll line ~50 ms later.
-- peer: luv
local uv = require('luv')

local dir = assert(uv.fs_mkdtemp(uv.os_tmpdir() .. '/loopscope-watch-XXXXXX'))
local file = dir .. '/notes.txt'

-- The kernel's way: one callback per change, in the poll phase.
local watcher = uv.new_fs_event()
watcher:start(dir, {}, function(err, name, events)
  print(string.format('fs_event: %s %s', name, events.rename and 'rename' or 'change'))
end)

local function write(flags, text)
  local fd = assert(uv.fs_open(file, flags, 420))  -- 420 = 0644
  assert(uv.fs_write(fd, text))
  assert(uv.fs_close(fd))
end

-- Three changes, each made when fs_poll has seen the one before: create, append twice in a row, delete.
local steps = {
  function() print('-- create') write('w', 'hello') end,
  function() print('-- append twice') write('a', ' there') write('a', '!') end,
  function() print('-- delete') assert(uv.fs_unlink(file)) end,
}

-- The asking way: a stat every 50 ms, compared with the previous one. The first stat only sets the baseline,
-- unless it fails (the file does not exist yet).
local poller = uv.new_fs_poll()
local step = 0
poller:start(file, 50, function(err, prev, curr)
  if err then print('fs_poll: ' .. err) else print(string.format('fs_poll: size %d -> %d', prev.size, curr.size)) end
  step = step + 1
  if steps[step] then
    steps[step]()
  else
    watcher:close()
    poller:close()
    assert(uv.fs_rmdir(dir))
    print('-- done: every handle closed, the loop exits')
  end
end)

uv.run()
