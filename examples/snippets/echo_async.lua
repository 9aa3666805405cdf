-- title: The same echo server and client with async/await
-- description: The echo server and client of the callback example, written as coroutines with the async module.
-- watch: the client is now a plain loop: write, read, write, read, top to bottom. It still never blocks the
--        loop: every async.read() suspends the task (see "suspend" in the trace, with its line) and the loop
--        resumes it from the read callback. Compare the trace with echo_callbacks: the loop does the same work.
-- peer: luv+async
local uv = require('luv')
local async = require('async')

local server = uv.new_tcp()
assert(server:bind('127.0.0.1', 0))
local port = server:getsockname().port

async.spawn(function()  -- the server: one connection, echoed until EOF
  local conn = async.accept(server)
  while true do
    local data = async.read(conn)
    if not data then break end
    print('server: got "' .. data .. '", echoing it')
    async.write(conn, data)
  end
  print('server: the client left')
  conn:close()
  server:close()
end)

async.spawn(function()  -- the client: the callback chain of echo_callbacks, written as a loop
  local client = async.connect('127.0.0.1', port)
  print('client: connected')
  for _, message in ipairs({ 'hello', 'event', 'loop' }) do
    print('client: sending "' .. message .. '"')
    async.write(client, message)
    print('client: echo "' .. async.read(client) .. '"')
  end
  async.shutdown(client)
  client:close()
end)

uv.run()
print('both sides closed; the loop has nothing left to do')
