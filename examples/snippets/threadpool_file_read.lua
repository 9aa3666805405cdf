-- title: Reading files on the thread pool
-- description: File reads go to the thread pool; their callbacks come back to the loop in the poll phase.
-- watch: a file read cannot be watched by epoll, so libuv hands it to its thread pool: uv.fs_read with a
--        callback returns at once, a worker thread does the read, and the callback comes back in the poll
--        phase. The four files are read at the same time; in the trace, see the requests start together and
--        their completions arrive one by one. Without a callback the same functions run synchronously.
-- peer: luv
local uv = require('luv')

-- Set-up, synchronously (no callback = the call blocks): a temporary folder with four files.
local dir = assert(uv.fs_mkdtemp(uv.os_tmpdir() .. '/loopscope-XXXXXX'))
local names = { 'alpha.txt', 'beta.txt', 'gamma.txt', 'delta.txt' }
for i, name in ipairs(names) do
  local fd = assert(uv.fs_open(dir .. '/' .. name, 'w', 420))  -- 420 = 0644
  assert(uv.fs_write(fd, string.rep(name:sub(1, 1), 1000 * i)))
  assert(uv.fs_close(fd))
end

-- The reads, asynchronously: open -> fstat -> read -> close, each step a callback.
local sizes, pending = {}, #names
local function read_file(name, done)
  uv.fs_open(dir .. '/' .. name, 'r', 0, function(err, fd)
    assert(not err, err)
    uv.fs_fstat(fd, function(err, stat)
      assert(not err, err)
      uv.fs_read(fd, stat.size, 0, function(err, data)
        assert(not err, err)
        uv.fs_close(fd, function() done(name, #data) end)
      end)
    end)
  end)
end

for _, name in ipairs(names) do
  read_file(name, function(file, size)
    sizes[file] = size
    pending = pending - 1
  end)
end
print('four reads started; the main chunk goes on while the pool works')

uv.run()
assert(pending == 0)
for _, name in ipairs(names) do print(('%-10s %5d bytes'):format(name, sizes[name])) end

-- Clean up, synchronously.
for _, name in ipairs(names) do assert(uv.fs_unlink(dir .. '/' .. name)) end
assert(uv.fs_rmdir(dir))
print('temporary folder removed')
