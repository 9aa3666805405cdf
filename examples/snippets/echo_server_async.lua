-- title: The same never-ending echo server with async/await
-- description: The echo server of echo_server, written with the async module: one task accepts, and every client gets a task of its own that reads and writes in a plain loop.
-- watch: Run it and connect with the "Network client" (port 7000). Each client's task is parked in
--        async.read() until a line arrives (see "Coroutines"); the accept task is parked in async.accept().
--        The loop does the same work as in echo_server: compare their traces with the same client lines.
-- serves: 7000
local uv = require('luv')
local async = require('async')

local server = uv.new_tcp()
assert(server:bind('127.0.0.1', 7000))

local function serve(conn, me)
  print('client ' .. me .. ' connected')
  local ok, err = pcall(function()
    while true do
      local data = async.read(conn)
      if not data then break end  -- EOF
      async.write(conn, data)
    end
  end)
  print(ok and ('client ' .. me .. ' left') or ('client ' .. me .. ': read error ' .. tostring(err)))
  conn:close()
end

async.spawn(function()  -- the acceptor: forever
  local clients = 0
  while true do
    local conn = async.accept(server)
    clients = clients + 1
    async.spawn(serve, conn, clients)
  end
end)
print('echo server listening on 127.0.0.1:7000')
