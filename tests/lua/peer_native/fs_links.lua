-- luv conformance (native backend only: the emulated file system has no links, owners or sendfile, so it
-- answers ENOSYS for these): link, symlink, readlink, lstat of a link, chown/fchown/lchown, lutime, sendfile.
local uv = require('luv')

local dir = assert(uv.fs_mkdtemp(uv.os_tmpdir() .. '/peer-links-XXXXXX'))
local function show(...)
  local out = table.pack(...)
  for i = 1, out.n do
    local v = out[i]
    if type(v) == 'string' then v = v:gsub(dir:gsub('%p', '%%%0'), '<dir>') end
    out[i] = tostring(v)
  end
  return table.concat(out, '\t')
end

local file = dir .. '/file'
local fd = assert(uv.fs_open(file, 'w', 420))
uv.fs_write(fd, 'linked bytes')
uv.fs_close(fd)

print('link', uv.fs_link(file, dir .. '/hard'), uv.fs_stat(file).nlink, uv.fs_stat(dir .. '/hard').ino == uv.fs_stat(file).ino)
print('link exists', show(uv.fs_link(file, dir .. '/hard')))
print('link missing', show(uv.fs_link(dir .. '/missing', dir .. '/x')))
print('symlink', uv.fs_symlink('file', dir .. '/soft'), uv.fs_lstat(dir .. '/soft').type, uv.fs_stat(dir .. '/soft').type)
print('symlink with flags', uv.fs_symlink('file', dir .. '/soft2', { dir = false }), uv.fs_symlink('file', dir .. '/soft3', 0))
print('symlink exists', show(uv.fs_symlink('file', dir .. '/soft')))
print('symlink bad flags', pcall(uv.fs_symlink, 'file', dir .. '/soft4', 'x'))
print('readlink', uv.fs_readlink(dir .. '/soft'))
print('readlink of a file', show(uv.fs_readlink(file)))
print('realpath through a link', uv.fs_realpath(dir .. '/soft') == uv.fs_realpath(file))
local d = uv.fs_opendir(dir, nil, 10)
local types = {}
for _, e in ipairs(d:readdir()) do types[#types + 1] = e.name .. ':' .. e.type end
d:closedir()
table.sort(types)
print('readdir types', table.concat(types, ' '))

local st = uv.fs_stat(file)
print('chown', uv.fs_chown(file, st.uid, st.gid), uv.fs_lchown(dir .. '/soft', st.uid, st.gid))
fd = assert(uv.fs_open(file, 'r', 0))
print('fchown', uv.fs_fchown(fd, st.uid, st.gid))
print('chown missing', show(uv.fs_chown(dir .. '/missing', st.uid, st.gid)))
print('lutime', uv.fs_lutime(dir .. '/soft', 100, 200), uv.fs_lstat(dir .. '/soft').mtime.sec, uv.fs_stat(file).mtime.sec ~= 200)

local out = assert(uv.fs_open(dir .. '/sent', 'w', 420))
print('sendfile', uv.fs_sendfile(out, fd, 7, 100))
print('sendfile bad fd', show(uv.fs_sendfile(out, 9999, 0, 1)))
uv.fs_sendfile(out, fd, 0, 6, function(err, n) print('sendfile async', err, n) end)
uv.run()
uv.fs_close(out)
uv.fs_close(fd)
out = assert(uv.fs_open(dir .. '/sent', 'r', 0))
print('sent bytes', uv.fs_read(out, 100, 0))
uv.fs_close(out)
uv.fs_readlink(dir .. '/soft', function(err, target) print('readlink async', err, target) end)
uv.run()

for _, name in ipairs({ 'file', 'hard', 'soft', 'soft2', 'soft3', 'sent' }) do uv.fs_unlink(dir .. '/' .. name) end
print('cleaned up', uv.fs_rmdir(dir))
print('done')
