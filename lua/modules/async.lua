-- async: coroutine-style snippets on top of luv's callbacks.
--
-- Nothing here is magic: a task is a Lua coroutine; awaiting starts a luv operation whose callback resumes the
-- coroutine, then yields. The loop keeps running other callbacks (and other tasks) in the meantime. Read
-- `wrap` first: it is the whole idea in a few lines.
-- It is plain Lua over luv: with LUA_PATH pointing here, Debian's lua5.4 + luv runs it too (without the trace).
local uv = require('luv')
-- trace(event, ...): tells the runtime (its coroutine table and the loop's trace) what a task does:
--   trace('spawn', name, line) -> id;  trace('suspend', id, line, what[, handle]);  trace('resume', id);
--   trace('done', id, ok, line)
-- `what` says in words what the task awaits; with a handle the runtime appends its name ("read on tcp #5").
local trace = ...
if type(trace) ~= 'function' then trace = function() end end  -- loaded by plain `require`: no loop trace
-- Captured now, so a snippet that reassigns the globals cannot break its own tasks. The coroutine functions are
-- Lua's own (the runtime watches the snippet's raw coroutines through the global ones; tasks report themselves).
local debug, table, error, type, ipairs, tostring = debug, table, error, type, ipairs, tostring
local coroutine = { create = coroutine.create, resume = coroutine.resume, yield = coroutine.yield,
                    status = coroutine.status, running = coroutine.running }

local async = {}
local Task = {}
Task.__index = Task
local tasks = setmetatable({}, { __mode = 'k' })  -- coroutine -> task
local count = 0

-- The line of the snippet that is awaiting (skips this module's own frames).
local function caller_line()
  for level = 3, 12 do
    local info = debug.getinfo(level, 'Sl')
    if not info then break end
    if info.short_src ~= 'async.lua' and info.currentline > 0 then return info.currentline end
  end
  return 0
end

local function current_task(what)
  local task = tasks[coroutine.running()]
  if not task then error(what .. ' must be called inside a task (start one with async.spawn)', 3) end
  return task
end

local resume

-- Suspends the running task until `resume(task, ...)` is called; returns what it was given. `what` (and the
-- handle it concerns) say what the task now waits for.
local function suspend(task, what, handle)
  task.line = caller_line()
  trace('suspend', task.id, task.line, what, handle)
  return coroutine.yield()
end

local function finish(task, ok, ...)
  task.done = true
  trace('done', task.id, ok)
  if ok then task.results = table.pack(...) else task.err = ... end
  local waiters = task.waiters
  task.waiters = {}
  if not ok and #waiters == 0 then
    -- Nobody awaits this task: its error ends the run, as an error in a callback does.
    if type(task.err) == 'string' then error(debug.traceback(task.co, task.err), 0) end
    error(task.err, 0)
  end
  for _, w in ipairs(waiters) do resume(w) end
end

local function after_resume(task, ok, ...)
  if coroutine.status(task.co) == 'dead' then finish(task, ok, ...) end
end

resume = function(task, ...)
  trace('resume', task.id)
  after_resume(task, coroutine.resume(task.co, ...))
end

-- async.wrap(fn): turns a luv function whose last argument is a callback(err, ...) into one a task can call
-- like a plain function: it returns the callback's values, or raises its error at the caller's line.
-- describe(...) (optional) says in words what a call waits for, from its arguments: a string and a handle.
local function wrap(fn, describe)
  return function(...)
    local task = current_task('an async.wrap function')
    local args = table.pack(...)
    local results, waiting = nil, false
    args.n = args.n + 1
    args[args.n] = function(...)
      results = table.pack(...)
      if waiting then resume(task) end  -- the callback came later: wake the task up
    end
    local ok, err = fn(table.unpack(args, 1, args.n))
    if ok == nil and err then error(err, 2) end  -- luv refused to start the operation
    if not results then
      waiting = true
      if describe then suspend(task, describe(...)) else suspend(task, 'the callback of a wrapped function') end
    end
    if results[1] then error(results[1], 2) end
    return table.unpack(results, 2, results.n)
  end
end

-- async.spawn(fn, ...): runs fn(...) as a new task, right away until its first await. Returns the task.
function async.wrap(fn) return wrap(fn) end

function async.spawn(fn, ...)
  count = count + 1
  local task = setmetatable({ name = 'task ' .. count, co = coroutine.create(fn), waiters = {} }, Task)
  task.id = trace('spawn', task.name, caller_line())
  tasks[task.co] = task
  resume(task, ...)
  return task
end

-- async.await(task): waits until the task ends; returns its results or raises its error here.
function async.await(task)
  if not task.done then
    local me = current_task('async.await')
    table.insert(task.waiters, me)
    suspend(me, 'the end of ' .. task.name)
  end
  if task.err ~= nil then error(task.err, 2) end
  return table.unpack(task.results, 1, task.results.n)
end
Task.await = async.await

-- async.gather(t1, t2, ...): awaits every task; returns a list with each task's first result.
function async.gather(...)
  local out = {}
  for i, task in ipairs({ ... }) do out[i] = async.await(task) end
  return out
end

-- async.sleep(ms): the task waits; the loop does not.
function async.sleep(ms)
  local task = current_task('async.sleep')
  local timer = uv.new_timer()
  timer:start(ms, 0, function()
    timer:close()
    resume(task)
  end)
  suspend(task, 'sleep ' .. tostring(ms) .. ' ms')
end

-- async.run(fn, ...): spawns fn as the main task and runs the loop until everything is done (main chunk only).
function async.run(fn, ...)
  local task = async.spawn(fn, ...)
  uv.run()
  if task.err ~= nil then error(task.err, 0) end
  if task.results then return table.unpack(task.results, 1, task.results.n) end
end

-- Streams: read() returns the next chunk, or nil at EOF; errors are raised.
local readers = setmetatable({}, { __mode = 'k' })
function async.read(stream)
  local task = current_task('async.read')
  local r = readers[stream]
  if not r then
    r = { queue = {} }
    readers[stream] = r
    stream:read_start(function(err, data)
      table.insert(r.queue, { err = err, data = data, eof = data == nil and err == nil })
      if r.waiter then
        local w = r.waiter
        r.waiter = nil
        resume(w)
      end
    end)
  end
  if #r.queue == 0 then
    r.waiter = task
    suspend(task, 'read on', stream)
  end
  local item = table.remove(r.queue, 1)
  if item.err then error(item.err, 2) end
  return item.data
end

async.write = wrap(function(stream, data, cb) return stream:write(data, cb) end,
                   function(stream) return 'write on', stream end)
async.shutdown = wrap(function(stream, cb) return stream:shutdown(cb) end,
                      function(stream) return 'shutdown of', stream end)

-- accept(server): the next incoming connection as a new tcp handle (listen() is started on first use).
local listeners = setmetatable({}, { __mode = 'k' })
function async.accept(server)
  local task = current_task('async.accept')
  local l = listeners[server]
  if not l then
    l = { ready = 0 }
    listeners[server] = l
    assert(server:listen(128, function(err)
      l.err = err
      l.ready = l.ready + 1
      if l.waiter then
        local w = l.waiter
        l.waiter = nil
        resume(w)
      end
    end))
  end
  if l.ready == 0 and not l.err then
    l.waiter = task
    suspend(task, 'accept on', server)
  end
  if l.err then error(l.err, 2) end
  l.ready = l.ready - 1
  local client = uv.new_tcp()
  assert(server:accept(client))
  return client
end

-- connect(host, port): a connected tcp handle.
local connect = wrap(function(tcp, host, port, cb) return tcp:connect(host, port, cb) end,
                     function(_, host, port) return 'connect to ' .. tostring(host) .. ':' .. tostring(port) end)
function async.connect(host, port)
  local tcp = uv.new_tcp()
  connect(tcp, host, port)
  return tcp
end

-- Work and files: the luv functions with a callback, made awaitable.
function async.work(fn, ...)
  local task = current_task('async.work')
  local results
  local work = uv.new_work(fn, function(...)
    results = table.pack(...)
    resume(task)
  end)
  work:queue(...)
  suspend(task, 'work on the thread pool')
  return table.unpack(results, 1, results.n)
end

async.fs = setmetatable({}, {
  __index = function(t, name)
    local fn = uv['fs_' .. name]
    if type(fn) ~= 'function' then return nil end
    local wrapped = wrap(fn, function() return 'fs_' .. name .. ' on the thread pool' end)
    rawset(t, name, wrapped)
    return wrapped
  end,
})

return async
