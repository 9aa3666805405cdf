-- The generator of fuzz_lua_uv (fuzz_lua_uv.cpp prepends `local data = "<the input>"`): it reads the input as a
-- program of calls to the `uv` module — which function (every function uv has), with which arguments (numbers
-- from NaN to maxinteger, short strings, addresses, tables, handles and requests earlier calls returned, and
-- callbacks that make more calls) — and checks the luv contract on each answer: a failure is exactly the triple
-- nil, "ENAME: message", "ENAME"; an argument error is raised as a string. Any other answer is printed after
-- the marker FUZZ-VIOLATION, which the C++ side turns into a crash report. Bounded: a budget of calls, after
-- which every callback closes what is open and stops the loop.
local uv = require('uv')
local pos, budget = 0, 300

local names = {}
for k, v in pairs(uv) do
  if type(v) == 'function' then names[#names + 1] = k end
end
table.sort(names)

local function byte()
  pos = pos + 1
  return data:byte(pos) or 0
end

local objects = {}  -- every userdata an earlier call returned or a callback received
local words = { '127.0.0.1', '::1', '0.0.0.0', 'localhost', '/tmp/f', '/tmp', '', 'r', 'w+', 'once', 'nowait',
  'default', 'sigint', 'sigusr1', 'utf8', 'w', 'a', 'x', 'idle', 'timer', 'tcp', 'inet', 'inet6', 'stream' }

local step
local function callback(...)
  for i = 1, select('#', ...) do
    local v = select(i, ...)
    if type(v) == 'userdata' then objects[#objects + 1] = v end
  end
  if budget <= 0 then
    pcall(uv.walk, function(h) if not h:is_closing() then h:close() end end)
    pcall(uv.stop)
    return
  end
  step()
end

local function value(depth)
  local b = byte() % 18
  if b == 0 then return nil
  elseif b == 1 then return byte() - 128
  elseif b == 2 then return byte() * 256 + byte()
  elseif b == 3 then return 0 / 0
  elseif b == 4 then return math.huge
  elseif b == 5 then return -math.huge
  elseif b == 6 then return math.maxinteger
  elseif b == 7 then return math.mininteger
  elseif b == 8 then return (byte() - 128) / 7
  elseif b == 9 then local n = byte() % 16; local s = data:sub(pos + 1, pos + n); pos = pos + n; return s
  elseif b == 10 then return byte() % 2 == 0
  elseif b == 11 or b == 12 then return #objects > 0 and objects[byte() % #objects + 1] or nil
  elseif b == 13 or b == 14 then return callback
  elseif b == 15 then return words[byte() % #words + 1]
  elseif b == 16 and depth < 2 then
    local t = {}
    for _ = 1, byte() % 4 do t[words[byte() % #words + 1]] = value(depth + 1) end
    for i = 1, byte() % 3 do t[i] = value(depth + 1) end
    return t
  end
  return byte() % 6
end

local function violation(name, what)
  print('FUZZ-VIOLATION uv.' .. name .. ': ' .. what)
end

local function check(name, ok, ...)
  local n = select('#', ...)
  local a, b, c = ...
  if not ok then
    if type(a) ~= 'string' then violation(name, 'raised a ' .. type(a) .. ', not a message') end
    return
  end
  if a == nil and n >= 2 then
    if n ~= 3 or type(b) ~= 'string' or type(c) ~= 'string' or not c:match('^E[A-Z0-9_]+$')
        or b:sub(1, #c + 2) ~= c .. ': ' or #b <= #c + 2 then
      violation(name, string.format('failure is not a luv triple: nil, %q, %q (%d values)', tostring(b), tostring(c), n))
    end
  end
  for i = 1, n do
    local v = select(i, ...)
    if type(v) == 'userdata' then objects[#objects + 1] = v end
  end
end

step = function()
  if pos >= #data or budget <= 0 then return end
  budget = budget - 1
  local name = names[(byte() * 256 + byte()) % #names + 1]
  local args, n = {}, byte() % 6
  for i = 1, n do args[i] = value(0) end
  -- A waiting run with an open async never returns (libuv's rule: another thread may send); the generator
  -- has no other thread, so its runs do not wait.
  if name == 'run' then args, n = { 'nowait' }, 1 end
  check(name, pcall(uv[name], table.unpack(args, 1, n)))
end

while pos < #data and budget > 0 do step() end
budget = 0
callback()
