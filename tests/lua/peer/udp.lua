-- luv conformance: udp handles — datagrams and their addresses, the send queue, connect rules, argument errors,
-- and the failures a sender meets (a closed port, an oversized datagram), as luv returns them. Loopback only.
local uv = require('luv')

print('type', uv.new_udp():get_type())
print('new_udp unix', uv.new_udp('unix'))
print('new_udp bad arg', pcall(uv.new_udp, true))
print('new_udp bad family', pcall(uv.new_udp, {family = true}))
local v6 = uv.new_udp({family = 'inet6'})
print('inet6 before bind', v6:getsockname().family, v6:getsockname().port)
v6:close()

local server = uv.new_udp()
print('bind', server:bind('127.0.0.1', 0))
local addr = server:getsockname()
print('sockname', addr.family, addr.ip, addr.port > 0)
print('peername unconnected', server:getpeername())
print('bind again', server:bind('127.0.0.1', 0))
print('bind bad address', pcall(uv.udp_bind, server, 'not-an-ip', 0))
local other = uv.new_udp()
print('bind same port', other:bind('127.0.0.1', addr.port))
other:close()

print('ttl 0', server:set_ttl(0))
print('ttl 64', server:set_ttl(64))
print('broadcast', server:set_broadcast(true))
print('multicast ttl', server:set_multicast_ttl(1))
print('multicast loop', server:set_multicast_loop(false))
print('membership bad group', server:set_membership('not-a-group', nil, 'join'))
print('membership bad option', pcall(uv.udp_set_membership, server, '127.0.0.1', nil, 'maybe'))

-- A port nobody is bound to: bind, note it, close.
local gone = uv.new_udp()
gone:bind('127.0.0.1', 0)
local gone_port = gone:getsockname().port
gone:close()

local client = uv.new_udp()

local function failures()
  local c = uv.new_udp()
  print('try_send unconnected, no address', c:try_send('x', nil, nil))
  print('disconnect unconnected', c:connect(nil, nil))
  print('connect', c:connect('127.0.0.1', gone_port))
  print('connect again', c:connect('127.0.0.1', gone_port))
  print('peer is the closed port', c:getpeername().port == gone_port)
  print('try_send to an address while connected', c:try_send('x', '127.0.0.1', gone_port))
  print('send to an address while connected', c:send('x', '127.0.0.1', gone_port))
  print('queue after refused sends', c:get_send_queue_count())
  print('disconnect', c:connect(nil, nil))
  print('peername after disconnect', c:getpeername())
  print('connect back', c:connect('127.0.0.1', gone_port))
  c:recv_start(function(err, data, a, flags)
    if not err then return end
    print('connected recv', err, data, a)
    c:close()
  end)
  print('send to the closed port', c:send('ping', nil, nil, function(err)
    print('send to the closed port cb', err)
  end))
  local big = uv.new_udp()
  print('try_send oversized', big:try_send(string.rep('x', 70000), '127.0.0.1', gone_port))
  print('send oversized', big:send(string.rep('x', 70000), '127.0.0.1', gone_port, function(err)
    print('send oversized cb', err)
    big:close()
  end))
end

local got = 0
print('recv_start', server:recv_start(function(err, data, a, flags)
  if data == nil and a == nil and not err then return end  -- nothing more to read (how often is timing)
  got = got + 1
  print('server recv', err, '[' .. data .. ']', a.family, a.ip, a.port == client:getsockname().port,
        flags.partial)
  if got == 3 then
    server:close()
    client:close(function() print('client closed') end)
    failures()
  end
end))

print('send args', pcall(uv.udp_send, client, 'x', 5, 5))
print('send args', pcall(uv.udp_send, client, 'x', 'host', 'port'))
print('send args', pcall(uv.udp_send, client, 'x', 'host', nil))
print('send args', pcall(uv.udp_send, client, 'x', nil, 5))
print('send args', pcall(uv.udp_send, client, 'x', 'not-an-ip', 5))
for _, data in ipairs({'one', {'t', 'wo'}, ''}) do
  print('send', client:send(data, '127.0.0.1', addr.port, function(err) print('sent', err) end))
end
print('queue', client:get_send_queue_size(), client:get_send_queue_count())
print('try_send while queued', client:try_send('x', '127.0.0.1', addr.port))

uv.run()
print('done')
