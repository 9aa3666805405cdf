// The fs functions the emulated file system does not model (links, owners, sendfile) fail there with luv's
// ENOSYS triple, natively and in wasm alike; the ones it models behave as natively (tests/lua/peer/fs_more.lua
// checks those against Debian's luv). tests/core/io/test_fs_more.cpp checks the core operations and their trace.
#include <doctest/doctest.h>
#include "snippet_helpers.h"

TEST_CASE("emulated: links, owners and sendfile fail with ENOSYS, sync and async") {
  auto r = run_snippet(
      "local fd = uv.fs_open('/tmp/f', 'w', 420)\n"
      "print(uv.fs_link('/tmp/f', '/tmp/g'))\n"
      "print(uv.fs_symlink('f', '/tmp/s'))\n"
      "print(uv.fs_readlink('/tmp/f'))\n"
      "print(uv.fs_chown('/tmp/f', 0, 0))\n"
      "print(uv.fs_fchown(fd, 0, 0))\n"
      "print(uv.fs_sendfile(fd, fd, 0, 1))\n"
      "uv.fs_link('/tmp/f', '/tmp/g', function(err) print('async', err) end)\n"
      "uv.run()\n",
      {}, emulated());
  CHECK(r.error == "");
  CHECK(r.out ==
        "nil\tENOSYS: function not implemented: /tmp/f -> /tmp/g\tENOSYS\n"
        "nil\tENOSYS: function not implemented: f -> /tmp/s\tENOSYS\n"
        "nil\tENOSYS: function not implemented: /tmp/f\tENOSYS\n"
        "nil\tENOSYS: function not implemented: /tmp/f\tENOSYS\n"
        "nil\tENOSYS: function not implemented\tENOSYS\n"
        "nil\tENOSYS: function not implemented\tENOSYS\n"
        "async\tENOSYS: function not implemented: /tmp/f -> /tmp/g\n");
}

TEST_CASE("emulated: opendir reads a snapshot in name order; statfs describes a 1 GiB tmpfs") {
  auto r = run_snippet(
      "uv.fs_mkdir('/tmp/d', 493)\n"
      "for _, n in ipairs({'b', 'c', 'a'}) do uv.fs_close(uv.fs_open('/tmp/d/' .. n, 'w', 420)) end\n"
      "local d = uv.fs_opendir('/tmp/d', nil, 2)\n"
      "uv.fs_unlink('/tmp/d/c')\n"
      "for _, batch in ipairs({d:readdir(), d:readdir()}) do\n"
      "  for _, e in ipairs(batch) do io.write(e.name, ':', e.type, ' ') end print()\n"
      "end\n"
      "print(d:readdir(), d:closedir(), uv.fs_closedir(d))\n"
      "local s = uv.fs_statfs('/')\n"
      "print(string.format('%x', s.type), s.bsize, s.blocks, s.files)\n",
      {}, emulated());
  CHECK(r.error == "");
  CHECK(r.out ==
        "a:file b:file \n"
        "c:file \n"
        "nil\ttrue\tnil\tEBADF: bad file descriptor\tEBADF\n"
        "1021994\t4096\t262144\t65536\n");
}
