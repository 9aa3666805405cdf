-- luv conformance: the rest of luv's fs functions that both backends model (mkstemp, realpath, copyfile,
-- access, chmod/fchmod, utime/futime, ftruncate, fsync, statfs, opendir/readdir/closedir), sync and async,
-- with luv's results and error triples (operations with a destination name both paths).
local uv = require('luv')

local dir = assert(uv.fs_mkdtemp(uv.os_tmpdir() .. '/peer-more-XXXXXX'))
local function show(...)
  local out = table.pack(...)
  for i = 1, out.n do
    local v = out[i]
    if type(v) == 'string' then v = v:gsub(dir:gsub('%p', '%%%0'), '<dir>') end
    out[i] = tostring(v)
  end
  return table.concat(out, '\t')
end

-- mkstemp: the fd and the path, sync and async; a template without XXXXXX is EINVAL.
local fd, path = uv.fs_mkstemp(dir .. '/tmpXXXXXX')
print('mkstemp', math.type(fd), path:sub(1, #dir + 4) == dir .. '/tmp', #path == #dir + 10)
print('write', uv.fs_write(fd, 'hello copy', 0), 'close', uv.fs_close(fd))
print('mkstemp bad template', show(uv.fs_mkstemp(dir .. '/tmpXXXXXZ')))
uv.fs_mkstemp(dir .. '/asyncXXXXXX', function(err, afd, apath)
  print('mkstemp async', err, math.type(afd), apath:sub(1, #dir + 6) == dir .. '/async')
  uv.fs_close(afd)
  uv.fs_unlink(apath)
end)
uv.run()
uv.fs_mkstemp(dir .. '/XXXXXZ', function(err, afd) print('mkstemp async error', show(err, afd)) end)
uv.run()

-- realpath: ".", ".." and repeated slashes resolved; a missing path is ENOENT.
local base = dir:match('[^/]+$')
print('realpath', uv.fs_realpath(dir .. '//./../' .. base) == uv.fs_realpath(dir), uv.fs_realpath(path) == path)
print('realpath missing', show(uv.fs_realpath(dir .. '/missing')))
uv.fs_realpath(dir .. '/.', function(err, p) print('realpath async', err, p == uv.fs_realpath(dir)) end)
uv.run()

-- copyfile: the bytes and the mode; excl refuses an existing destination; a directory cannot be the target.
uv.fs_rename(path, dir .. '/src')
path = dir .. '/src'
local copy = dir .. '/copy'
print('chmod', uv.fs_chmod(path, 416), uv.fs_stat(path).mode & 511)
print('copyfile', uv.fs_copyfile(path, copy), uv.fs_stat(copy).size, uv.fs_stat(copy).mode & 511)
local cfd = assert(uv.fs_open(copy, 'r', 0))
print('copied bytes', uv.fs_read(cfd, 100, 0))
uv.fs_close(cfd)
print('copyfile excl', show(uv.fs_copyfile(path, copy, { excl = true })))
print('copyfile excl as number', show(uv.fs_copyfile(path, copy, 1)))
print('copyfile onto a directory', show(uv.fs_copyfile(path, dir)))
print('copyfile missing', show(uv.fs_copyfile(dir .. '/missing', copy)))
print('copyfile bad flags', pcall(uv.fs_copyfile, path, copy, 'x'))
uv.fs_copyfile(path, dir .. '/copy2', function(err, ok) print('copyfile async', err, ok) end)
uv.run()
print('rename missing', show(uv.fs_rename(dir .. '/missing', dir .. '/x')))

-- access answers a boolean, false (never an error) when it fails.
print('access', uv.fs_access(path, 'r'), uv.fs_access(path, 'RW'), uv.fs_access(path, 0), uv.fs_access(path, 'x'))
print('access missing', uv.fs_access(dir .. '/missing', 'r'))
print('access dir', uv.fs_access(dir, 'rwx'))
print('access bad mode', pcall(uv.fs_access, path, 'q'))
uv.fs_access(dir .. '/missing', 'r', function(...) print('access async', select('#', ...), ...) end)
uv.run()

-- chmod / fchmod, utime / futime, ftruncate, fsync, fdatasync.
fd = assert(uv.fs_open(copy, 'r+', 0))
print('fchmod', uv.fs_fchmod(fd, 420), uv.fs_fstat(fd).mode & 511)
print('utime', uv.fs_utime(copy, 1000.5, 2000.25))
local st = uv.fs_stat(copy)
print('times', st.atime.sec, st.atime.nsec, st.mtime.sec, st.mtime.nsec)
print('futime', uv.fs_futime(fd, 3000, 4000.75), uv.fs_fstat(fd).atime.sec, uv.fs_fstat(fd).mtime.nsec)
print('ftruncate', uv.fs_ftruncate(fd, 4), uv.fs_fstat(fd).size, uv.fs_read(fd, 100, 0))
print('fsync', uv.fs_fsync(fd), uv.fs_fdatasync(fd))
print('chmod missing', show(uv.fs_chmod(dir .. '/missing', 420)))
print('utime missing', show(uv.fs_utime(dir .. '/missing', 1, 1)))
uv.fs_close(fd)
print('fsync closed fd', show(uv.fs_fsync(fd)))
print('ftruncate closed fd', show(uv.fs_ftruncate(fd, 0)))
uv.fs_chmod(copy, 384, function(err, ok) print('chmod async', err, ok, uv.fs_stat(copy).mode & 511) end)
uv.run()

-- statfs: uv_statfs_t's fields as integers.
local fs = uv.fs_statfs(dir)
print('statfs', math.type(fs.type), fs.bsize > 0, fs.blocks > 0, fs.bavail > 0, fs.bfree >= fs.bavail, math.type(fs.files), math.type(fs.ffree))
print('statfs missing', show(uv.fs_statfs(dir .. '/missing')))
uv.fs_statfs(dir, function(err, s) print('statfs async', err, s.bsize == fs.bsize) end)
uv.run()

-- opendir / readdir / closedir: batches of `entries`, nil at the end; method forms; async forms.
local sub = dir .. '/listing'
uv.fs_mkdir(sub, 493)
for _, name in ipairs({ 'c', 'a', 'b' }) do uv.fs_close(uv.fs_open(sub .. '/' .. name, 'w', 420)) end
uv.fs_mkdir(sub .. '/d', 493)
local d = assert(uv.fs_opendir(sub, nil, 3))
print('dir', tostring(d):match('^uv_dir_t: ') ~= nil)
local names, sizes = {}, {}
repeat
  local batch = d:readdir()
  if batch then
    sizes[#sizes + 1] = #batch
    for _, e in ipairs(batch) do names[#names + 1] = e.name .. ':' .. e.type end
  end
until not batch
table.sort(names)
print('readdir batches', table.concat(sizes, ','), table.concat(names, ' '))
print('readdir at end', d:readdir())
print('closedir', d:closedir())
print('opendir missing', show(uv.fs_opendir(sub .. '/missing')))
print('opendir a file', show(uv.fs_opendir(copy)))
print('readdir no dir', pcall(uv.fs_readdir, 42))
uv.fs_opendir(sub, function(err, ad)
  print('opendir async', err, tostring(ad):match('^uv_dir_t: ') ~= nil)
  local seen = 0
  local function on_read(rerr, entries)
    if entries then
      seen = seen + #entries
      uv.fs_readdir(ad, on_read)
    else
      print('readdir async', rerr, seen)
      uv.fs_closedir(ad, function(cerr, ok) print('closedir async', cerr, ok) end)
    end
  end
  uv.fs_readdir(ad, on_read)
end, 2)
uv.run()

for _, name in ipairs({ 'a', 'b', 'c' }) do uv.fs_unlink(sub .. '/' .. name) end
uv.fs_rmdir(sub .. '/d')
uv.fs_rmdir(sub)
uv.fs_unlink(path)
uv.fs_unlink(copy)
uv.fs_unlink(dir .. '/copy2')
print('cleaned up', uv.fs_rmdir(dir))
print('done')
