-- title: Echo server and client with callbacks (the source's libuv example)
-- description: A TCP echo server and one client: connect, write, read the echo, close, all with callbacks.
-- watch: no loop in the code, yet the client repeats: on_connect -> do_echo -> on_write_end -> on_echo ->
--        do_echo ... Each arrow is a callback the loop calls later, in its poll phase. Follow the chain in the
--        trace: connect, write, read, write, read. The server side is the same idea: listen -> accept -> read
--        -> write, all callbacks.
-- peer: luv
local uv = require('luv')

-- The server: every connection echoes what it reads.
local server = uv.new_tcp()
assert(server:bind('127.0.0.1', 0))  -- port 0: the system picks a free port
assert(server:listen(128, function(err)
  assert(not err, err)
  local conn = uv.new_tcp()
  server:accept(conn)
  conn:read_start(function(err, data)
    assert(not err, err)
    if data then
      print('server: got "' .. data .. '", echoing it')
      conn:write(data)
    else  -- EOF: the client shut its side down
      print('server: the client left')
      conn:close()
      server:close()
    end
  end)
end))

-- The client: sends each message, waits for its echo, sends the next one.
local messages = { 'hello', 'event', 'loop' }
local client = uv.new_tcp()
local sent = 0

local on_echo

local function do_echo()
  sent = sent + 1
  if sent > #messages then
    client:shutdown(function() client:close() end)
    return
  end
  print('client: sending "' .. messages[sent] .. '"')
  client:write(messages[sent], function(err)  -- on_write_end
    assert(not err, err)
    client:read_start(on_echo)
  end)
end

on_echo = function(err, data)
  assert(not err, err)
  print('client: echo "' .. data .. '"')
  client:read_stop()
  do_echo()
end

client:connect('127.0.0.1', server:getsockname().port, function(err)  -- on_connect
  assert(not err, err)
  print('client: connected')
  do_echo()
end)

uv.run()
print('both sides closed; the loop has nothing left to do')
