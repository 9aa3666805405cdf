-- luv conformance: udp_set_source_membership (libuv 1.44: IP_ADD_SOURCE_MEMBERSHIP for IPv4,
-- MCAST_JOIN_SOURCE_GROUP for IPv6) without any multicast traffic: no group is ever joined. What is checked is
-- luv's argument rules and messages, libuv's EINVAL for a group or source that is no numeric address of one family
-- (names included), for a bad interface, the deferred bind the call makes, and the kernel's own answers for a
-- group that is no multicast address, a leave of a group never joined and an IPv6 group on an IPv4 socket.
-- The emulated backend answers ENOSYS (tests/lua/udp_test.cpp); so this runs natively only.
local uv = require('luv')
local u = uv.new_udp()
print('bad group', u:set_source_membership('not-an-address', nil, '127.0.0.1', 'join'))
print('bad source', u:set_source_membership('232.1.1.1', nil, 'nope', 'join'))
print('mixed families', u:set_source_membership('232.1.1.1', nil, '::1', 'join'))
print('mixed families 6', u:set_source_membership('ff3e::1234', nil, '127.0.0.1', 'join'))
print('a name', u:set_source_membership('localhost', nil, '127.0.0.1', 'join'))
print('not bound yet', u:getsockname())
print('bad option', pcall(u.set_source_membership, u, '232.1.1.1', nil, '127.0.0.1', 'enter'))
print('no source', pcall(u.set_source_membership, u, '232.1.1.1', nil))
print('number as interface', pcall(u.set_source_membership, u, '232.1.1.1', 5, '127.0.0.1', 'join'))
print('table as interface', pcall(u.set_source_membership, u, '232.1.1.1', {}, '127.0.0.1', 'join'))
print('not a udp', pcall(uv.udp_set_source_membership, uv.new_timer(), '232.1.1.1', nil, '127.0.0.1', 'join'))
print('bad interface', u:set_source_membership('232.1.1.1', 'nope', '127.0.0.1', 'join'))
local name = u:getsockname()
print('bound by the call', name.family, name.ip, name.port > 0)
print('not a multicast group', u:set_source_membership('127.0.0.1', '127.0.0.1', '127.0.0.2', 'join'))
print('leave never joined', uv.udp_set_source_membership(u, '232.1.1.1', '127.0.0.1', '127.0.0.2', 'leave'))
print('IPv6 group on an IPv4 socket', u:set_source_membership('ff3e::1234', nil, '::1', 'leave'))
local u6 = uv.new_udp('inet6')
print('v6 bad interface', u6:set_source_membership('ff3e::1234', 'zz', '::1', 'join'))
print('v6 leave never joined', u6:set_source_membership('ff3e::1234', nil, '::1', 'leave'))
u:close()
u6:close()
uv.run()
print('done')
