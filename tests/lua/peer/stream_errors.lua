-- luv conformance: how streams end and fail — EOF, ECONNRESET, EPIPE, EAGAIN, EALREADY, ENOTCONN.
local uv = require('luv')

local server = uv.new_tcp()
assert(server:bind('127.0.0.1', 0))
local port = server:getsockname().port
print('accept with nothing pending', server:accept(uv.new_tcp()))
local round = 0
assert(server:listen(8, function(err)
  local conn = uv.new_tcp()
  assert(server:accept(conn))
  round = round + 1
  if round == 1 then
    -- Round 1: the server reads until the client shuts its side down (EOF), then closes.
    conn:read_start(function(rerr, data)
      print('server read', rerr, data)
      if not data then conn:close() end
    end)
  else
    -- Round 2: the server resets the connection as soon as it has it.
    conn:close_reset(function() print('server reset closed') server:close() end)
  end
end))

local function second_round()
  local c = uv.new_tcp()
  c:connect('127.0.0.1', port, function(err)
    print('round 2 connected', err)
    c:read_start(function(rerr, data)
      print('round 2 read', rerr, data)
      c:close()
    end)
  end)
end

local c = uv.new_tcp()
print('read before connect', c:read_start(function() end))
print('shutdown before connect', c:shutdown())
c:connect('127.0.0.1', port, function(err)
  print('connected', err)
  print('read_start', c:read_start(function(rerr, data) print('client read', rerr, data) end))
  print('read_start again', c:read_start(function() end))
  print('read_stop', c:read_stop())
  print('read_stop again', c:read_stop())
  c:write('bye')
  c:shutdown(function(serr)
    print('shutdown cb', serr)
    print('writable after shutdown', c:is_writable())
    print('write after shutdown', c:write('late'))
    print('try_write after shutdown', c:try_write('late'))
    c:close(second_round)
  end)
end)
uv.run()
print('done')
