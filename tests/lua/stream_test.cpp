#include <doctest/doctest.h>

#include "snippet_helpers.h"

TEST_CASE("tcp: an echo round trip with luv's stream API on the emulated network") {
  auto r = run_snippet(R"(
    local server = uv.new_tcp()
    assert(server:bind('127.0.0.1', 0))
    local port = server:getsockname().port
    assert(server:listen(16, function(err)
      assert(not err, err)
      local conn = uv.new_tcp()
      server:accept(conn)
      conn:read_start(function(err, data)
        if data then conn:write(data) else conn:close() server:close() end
      end)
    end))
    local client = uv.new_tcp()
    client:connect('127.0.0.1', port, function(err)
      assert(not err, err)
      client:write({'hel', 'lo'}, function(werr) print('written', werr) end)
      client:read_start(function(err, data)
        print('echoed', data)
        client:shutdown(function() client:close() end)
      end)
    end)
  )", {}, emulated());
  CHECK(r.error == "");
  CHECK(r.out == "written\tnil\nechoed\thello\n");
}

TEST_CASE("tcp: connecting to a port nobody listens on gives ECONNREFUSED to the callback") {
  auto r = run_snippet(R"(
    local c = uv.new_tcp()
    c:connect('127.0.0.1', 9, function(err) print(err) c:close() end)
  )", {}, emulated());
  CHECK(r.error == "");
  CHECK(r.out == "ECONNREFUSED\n");
}

TEST_CASE("fs: sync and async forms on the emulated file system, luv's error triple") {
  auto r = run_snippet(R"(
    local fd = assert(uv.fs_open('/tmp/a.txt', 'w', 420))
    print(uv.fs_write(fd, 'hello'))
    uv.fs_close(fd)
    print(uv.fs_stat('/tmp/a.txt').size, uv.fs_stat('/tmp/a.txt').type)
    print(uv.fs_open('/tmp/missing', 'r'))
    uv.fs_open('/tmp/a.txt', 'r', function(err, fd2)
      uv.fs_read(fd2, 100, 0, function(err2, data)
        print('async read', err2, data)
        uv.fs_close(fd2)
      end)
    end)
  )", {}, emulated());
  CHECK(r.error == "");
  CHECK(r.out == "5\n5\tfile\nnil\tENOENT: no such file or directory: /tmp/missing\tENOENT\nasync read\tnil\thello\n");
}

TEST_CASE("tcp: running out of fds is luv's EMFILE triple, and closing handles gives them back") {
  auto r = run_snippet(R"(
    local socks, err
    for round = 1, 2 do
      socks, err = {}, nil
      for i = 1, 5000 do
        local s = uv.new_tcp()
        local ok, e, name = s:bind('127.0.0.1', 0)
        if not ok then err = name s:close() break end
        socks[#socks + 1] = s
      end
      print(#socks > 100, err)
      for _, s in ipairs(socks) do s:close() end
      uv.run()
    end
  )", {}, emulated());
  CHECK(r.error == "");
  CHECK(r.out == "true\tEMFILE\ntrue\tEMFILE\n");
}

TEST_CASE("tcp: a closed handle is a clear error, not a crash") {
  auto r = run_snippet(R"(
    local t = uv.new_tcp()
    print('while closing', t:close(), t:write('late'))
    uv.run()
    print('closed', t:is_closing(), t:is_active())
    t:write('later')
  )", {}, emulated());
  CHECK(r.out == "while closing\tnil\tnil\tEBADF: bad file descriptor\tEBADF\nclosed\ttrue\tfalse\n");
  CHECK(r.error.find("test.lua:6: attempt to use a closed handle") == 0);
}
