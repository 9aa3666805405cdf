-- title: An echo server that never exits: connect to it with the network client
-- description: A TCP echo server on 127.0.0.1:7000 that serves any number of clients, each until it leaves, and never exits: between clients the loop waits in its poll phase.
-- watch: Run it, then open the "Network client" tab: connect to port 7000 and type lines; each comes back.
--        Connect a second client while the first stays. In "FDs & network", the listener's fd is watched
--        for readable; every client adds an fd. With nobody connected the status is "waiting": nothing inside
--        the program can wake the loop, only a client can. Try the faults: reset a client, refuse the port.
-- serves: 7000
local uv = require('luv')

local clients = 0
local server = uv.new_tcp()
assert(server:bind('127.0.0.1', 7000))
assert(server:listen(128, function(err)
  assert(not err, err)
  local conn = uv.new_tcp()
  server:accept(conn)
  clients = clients + 1
  local me = clients
  print('client ' .. me .. ' connected')
  conn:read_start(function(err, data)
    if err then  -- e.g. ECONNRESET: the client's connection was reset
      print('client ' .. me .. ': read error ' .. err)
      conn:close()
    elseif data then
      conn:write(data)  -- echo the bytes exactly as they came
    else  -- EOF: the client shut its side down
      print('client ' .. me .. ' left')
      conn:close()
    end
  end)
end))
print('echo server listening on 127.0.0.1:7000')
