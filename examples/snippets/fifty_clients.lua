-- title: Fifty clients, one thread
-- description: Fifty clients connect to one server at once; one thread serves them all, a callback at a time.
-- watch: fifty connections are served at once by one loop in one thread: no thread per client. Each poll phase
--        hands the loop whatever sockets are ready, and it runs their callbacks one after another. In the
--        trace, the accepts, reads and writes of different clients interleave.
-- peer: luv
local uv = require('luv')

local CLIENTS = 50
local accepted, open_now, most_open = 0, 0, 0

local server = uv.new_tcp()
assert(server:bind('127.0.0.1', 0))
assert(server:listen(CLIENTS, function(err)
  assert(not err, err)
  local conn = uv.new_tcp()
  server:accept(conn)
  accepted = accepted + 1
  open_now = open_now + 1
  most_open = math.max(most_open, open_now)
  conn:read_start(function(err, data)
    assert(not err, err)
    if data then
      conn:write('echo ' .. data)
    else
      open_now = open_now - 1
      conn:close()
    end
  end)
end))
local port = server:getsockname().port

local correct, finished = 0, 0
for i = 1, CLIENTS do
  local client = uv.new_tcp()
  client:connect('127.0.0.1', port, function(err)
    assert(not err, err)
    local message = 'client ' .. i
    client:write(message)
    local reply = ''
    client:read_start(function(err, data)
      assert(not err, err)
      reply = reply .. (data or '')
      if reply == 'echo ' .. message then correct = correct + 1 end
      if #reply >= #message + 5 or not data then
        client:close()
        finished = finished + 1
        if finished == CLIENTS then server:close() end
      end
    end)
  end)
end

uv.run()
print(('%d clients connected, %d echoes correct'):format(accepted, correct))
print(('at most %s connections were open at once, all served by one thread'):format(
  most_open > 1 and 'several' or 'one'))
