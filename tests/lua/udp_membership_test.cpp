// udp_set_membership / udp_set_source_membership on the emulated backend, whose virtual network carries no
// multicast: the arguments are checked as natively (luv's messages, libuv's EINVAL for a group or source that is
// no numeric address of one family, before any bind), and a well-formed call is luv's ENOSYS triple. The native
// side is peer-checked against Debian's luv in tests/lua/peer_native/udp_source_membership.lua.
#include <doctest/doctest.h>

#include "snippet_helpers.h"

TEST_CASE("emulated: source-specific membership checks its arguments as natively, then answers ENOSYS") {
  auto r = run_snippet(R"(
    local u = uv.new_udp()
    print(u:set_source_membership('localhost', nil, '127.0.0.1', 'join'))
    print(u:set_source_membership('232.1.1.1', nil, '::1', 'join'))
    print(u:set_membership('localhost', nil, 'join'))
    print('unbound', u:getsockname())
    print(pcall(u.set_source_membership, u, '232.1.1.1', nil, '127.0.0.1', 'enter'))
    print(pcall(u.set_source_membership, u, '232.1.1.1', {}, '127.0.0.1', 'join'))
    print(uv.udp_set_source_membership(u, '232.1.1.1', nil, '127.0.0.2', 'join'))
    print(u:set_source_membership('ff3e::1234', nil, '::1', 'leave'))
    u:close()
  )", {}, emulated());
  CHECK(r.error == "");
  CHECK(r.out == "nil\tEINVAL: invalid argument\tEINVAL\n"
                 "nil\tEINVAL: invalid argument\tEINVAL\n"
                 "nil\tEINVAL: invalid argument\tEINVAL\n"
                 "unbound\tnil\tEBADF: bad file descriptor\tEBADF\n"
                 "false\tbad argument #5 to 'luv.udp_set_source_membership' (invalid option 'enter')\n"
                 "false\tbad argument #3 to 'luv.udp_set_source_membership' (expected string or nil)\n"
                 "nil\tENOSYS: function not implemented\tENOSYS\n"
                 "nil\tENOSYS: function not implemented\tENOSYS\n");
}
