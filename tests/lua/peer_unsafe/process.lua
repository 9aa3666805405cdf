-- luv conformance for child processes (native, with --unsafe: spawn starts host programs): exit status and
-- signal, stdio pipes both ways, env and cwd, inherited fds, kill by handle and by pid, ESRCH after the exit,
-- a missing program, and luv's argument errors.
local uv = require('luv')

local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  print(table.concat(t, ' '))
end

-- exit status, stdout and stderr on pipes, stdin written then shut down
local stdin, stdout, stderr = uv.new_pipe(false), uv.new_pipe(false), uv.new_pipe(false)
local out, err = {}, {}
local ended = {}  -- the two EOFs and the exit race each other: printed sorted once the loop is done
local child, pid = uv.spawn('sh', {
  args = {'-c', 'read l; echo "out $l"; echo "err $l" >&2; exit 7'},
  stdio = {stdin, stdout, stderr},
}, function(code, signal)
  ended[#ended + 1] = 'exit ' .. code .. ' ' .. signal
end)
show('spawned', child ~= nil, math.type(pid), pid == child:get_pid(), uv.process_get_pid(child) == pid)
print(child:get_type())
stdout:read_start(function(e, chunk)
  if chunk then out[#out + 1] = chunk else ended[#ended + 1] = 'stdout ' .. table.concat(out) stdout:close() end
end)
stderr:read_start(function(e, chunk)
  if chunk then err[#err + 1] = chunk else ended[#ended + 1] = 'stderr ' .. table.concat(err) stderr:close() end
end)
stdin:write('hello\n')
stdin:shutdown(function() stdin:close() end)
uv.run()
table.sort(ended)
io.write(table.concat(ended, '|'), '\n')
show('after exit: active', child:is_active(), 'kill', child:kill('sigterm'))
child:close()
uv.run()

-- env (a list of strings), cwd, and an fd inherited by number
local said = {}  -- the output and the exit race: shown once both are in
local p = uv.pipe()
local h = uv.spawn('sh', {args = {'-c', 'echo "$A-$B"; pwd'}, env = {'A=1', 'B=two'}, cwd = '/', stdio = {nil, p.write}},
  function(code, signal) said.exit = code .. ' ' .. signal end)
uv.fs_close(p.write)
local r = uv.new_pipe(false)
r:open(p.read)
r:read_start(function(e, chunk)
  if chunk then said[#said + 1] = chunk else r:close() end
end)
uv.run()
show('child says', table.concat(said), 'and exits', said.exit)
h:close()

-- kill by handle (default sigterm) and by pid (a name, a number); the three exits come in any order
local killed = {}
for _, how in ipairs({'handle', 'pid name', 'pid number'}) do
  local k
  k = uv.spawn('sleep', {args = {'5'}}, function(code, signal)
    killed[#killed + 1] = 'killed by ' .. how .. ' ' .. code .. ' ' .. signal
    k:close()
  end)
  if how == 'handle' then show(k:kill())
  elseif how == 'pid name' then show(uv.kill(k:get_pid(), 'sigint'))
  else show(uv.kill(k:get_pid(), 9)) end
end
uv.run()
table.sort(killed)
print(table.concat(killed, '\n'))

-- a missing program: luv's triple, and the exit callback never runs
show(uv.spawn('loopscope-no-such-program', {}, function() print('never') end))
show(uv.spawn('/nonexistent/prog', {args = {'x'}}))

-- luv's argument errors
for _, opts in ipairs({
  {args = 'x'}, {stdio = 'x'}, {stdio = {true}}, {env = 1}, {cwd = 1}, {uid = 'x'}, {gid = {}},
}) do
  local ok, e = pcall(uv.spawn, 'true', opts)
  show(ok, (e:gsub('^.-bad argument', 'bad argument')))
end
show(pcall(uv.spawn, 'true'))
uv.run()
print('done')
