// uv.getaddrinfo (lua/l_dns.cpp): luv's result shape and failures, sync and async, the same answers on both
// backends and on every host (no resolver, no /etc/hosts).
#include <doctest/doctest.h>

#include <string>

#include "snippet_helpers.h"

namespace {

// Prints a result list one entry per line, keys sorted, or the failure triple.
const std::string kShow = R"(
  local function show(res, err, name)
    if not res then print('fail', err, name) return end
    for _, r in ipairs(res) do
      local keys = {}
      for k in pairs(r) do keys[#keys + 1] = k end
      table.sort(keys)
      local kv = {}
      for _, k in ipairs(keys) do kv[#kv + 1] = k .. '=' .. tostring(r[k]) end
      print(table.concat(kv, ' '))
    end
  end
)";

}  // namespace

TEST_CASE("dns: getaddrinfo without a callback answers at once, in luv's shape") {
  for (const Backend& be : backends()) {
    std::string backend = be.name;
    CAPTURE(backend);
    auto r = run_snippet(kShow + R"(
      show(uv.getaddrinfo('localhost', nil, {socktype = 'stream'}))
      print('--')
      show(uv.getaddrinfo('localhost', '8080', {family = 'inet', socktype = 'stream'}))
      show(uv.getaddrinfo('localhost', nil, {family = 'inet6', socktype = 'dgram'}))
      print('--')
      show(uv.getaddrinfo('127.0.0.1', 80, {socktype = 'stream', canonname = true}))
      show(uv.getaddrinfo('::1', nil, {socktype = 'stream'}))
      print('--')
      show(uv.getaddrinfo('127.0.0.1'))
    )", {}, be.make());
    CHECK(r.error == "");
    CHECK(r.out ==
          "addr=127.0.0.1 family=inet protocol=tcp socktype=stream\n"
          "addr=::1 family=inet6 protocol=tcp socktype=stream\n"
          "--\n"
          "addr=127.0.0.1 family=inet port=8080 protocol=tcp socktype=stream\n"
          "addr=::1 family=inet6 protocol=udp socktype=dgram\n"
          "--\n"
          "addr=127.0.0.1 canonname=127.0.0.1 family=inet port=80 protocol=tcp socktype=stream\n"
          "addr=::1 family=inet6 protocol=tcp socktype=stream\n"
          "--\n"
          "addr=127.0.0.1 family=inet protocol=tcp socktype=stream\n"
          "addr=127.0.0.1 family=inet protocol=udp socktype=dgram\n"
          "addr=127.0.0.1 family=inet protocol=ip socktype=raw\n");
  }
}

TEST_CASE("dns: names other than localhost, and impossible questions, fail as libuv does") {
  for (const Backend& be : backends()) {
    std::string backend = be.name;
    CAPTURE(backend);
    auto r = run_snippet(kShow + R"(
      show(uv.getaddrinfo('example.com'))
      show(uv.getaddrinfo('localhost', nil, {numerichost = true}))
      show(uv.getaddrinfo(nil, nil))
      show(uv.getaddrinfo('127.0.0.1', nil, {family = 'inet6'}))
      show(uv.getaddrinfo('localhost', 'http'))
      show(uv.getaddrinfo('localhost', nil, {socktype = 'stream', protocol = 'udp'}))
    )", {}, be.make());
    CHECK(r.error == "");
    CHECK(r.out ==
          "fail\tEAI_NONAME: unknown node or service\tEAI_NONAME\n"
          "fail\tEAI_NONAME: unknown node or service\tEAI_NONAME\n"
          "fail\tEINVAL: invalid argument\tEINVAL\n"
          "fail\tEAI_ADDRFAMILY: address family not supported\tEAI_ADDRFAMILY\n"
          "fail\tEAI_SERVICE: service not available for socket type\tEAI_SERVICE\n"
          "fail\tEAI_SOCKTYPE: socket type not supported\tEAI_SOCKTYPE\n");
  }
}

TEST_CASE("dns: bad hints are argument errors, as in luv") {
  auto r = run_snippet(R"(
    print(pcall(uv.getaddrinfo, 'localhost', nil, 5))
    print(pcall(uv.getaddrinfo, 'localhost', nil, {family = true}))
    print(pcall(uv.getaddrinfo, 'localhost', nil, {protocol = 'bogus'}))
    print(pcall(uv.getaddrinfo, 'localhost', nil, nil, 5))
  )");
  CHECK(r.error == "");
  CHECK(r.out == "false\tbad argument #3 to 'luv.getaddrinfo' (table expected, got number)\n"
                 "false\tbad argument #3 to 'luv.getaddrinfo' (family hint must be string if set)\n"
                 "false\tbad argument #3 to 'luv.getaddrinfo' (invalid protocol: bogus)\n"
                 "false\tbad argument #4 to 'luv.getaddrinfo' (function or callable table expected, got number)\n");
}

TEST_CASE("dns: with a callback the lookup is a request: callback(err, res) later, in the loop") {
  for (const Backend& be : backends()) {
    std::string backend = be.name;
    CAPTURE(backend);
    auto r = run_snippet(kShow + R"(
      local req = uv.getaddrinfo('localhost', '7000', {family = 'inet', socktype = 'stream'}, function(err, res)
        print('ok', err, #res)
        show(res)
      end)
      print(tostring(req):match('^uv_getaddrinfo_t: 0x%x+$') ~= nil, uv.loop_alive())
      uv.run()
      uv.getaddrinfo('nosuch.invalid', nil, nil, function(...) print('failed', select('#', ...), ...) end)
      uv.run()
      print(uv.getaddrinfo(nil, nil, nil, function() print('never') end))
    )", {}, be.make());
    CHECK(r.error == "");
    CHECK(r.out == "true\ttrue\n"
                   "ok\tnil\t1\n"
                   "addr=127.0.0.1 family=inet port=7000 protocol=tcp socktype=stream\n"
                   "failed\t1\tEAI_NONAME\n"
                   "nil\tEINVAL: invalid argument\tEINVAL\n");
  }
}

TEST_CASE("dns: an address from getaddrinfo connects (async.wrap over the async form)") {
  for (const Backend& be : backends()) {
    std::string backend = be.name;
    CAPTURE(backend);
    auto r = run_snippet(R"(
      local async = require('async')
      local getaddrinfo = async.wrap(uv.getaddrinfo)
      async.run(function()
        local server = uv.new_tcp()
        assert(server:bind('127.0.0.1', 0))
        local port = server:getsockname().port
        local res = getaddrinfo('localhost', tostring(port), {socktype = 'stream'})
        print(res[1].addr, res[1].port == port)
        local accepted = async.spawn(function() return async.accept(server) end)
        local client = async.connect(res[1].addr, res[1].port)
        local conn = async.await(accepted)
        async.write(client, 'hi')
        print(async.read(conn))
        client:close() conn:close() server:close()
      end)
    )", {}, be.make());
    CHECK(r.error == "");
    CHECK(r.out == "127.0.0.1\ttrue\nhi\n");
  }
}

TEST_CASE("getnameinfo: computed, no resolver: loopback is localhost, any other address its number") {
  for (const Backend& be : backends()) {
    std::string backend = be.name;
    CAPTURE(backend);
    auto r = run_snippet(
        "print(uv.getnameinfo({ip = '::1', port = 53}))\n"
        "print(uv.getnameinfo({ip = '10.1.2.3', port = 8080}))\n"
        "print(uv.getnameinfo({family = 'inet'}))\n"
        "print(uv.getnameinfo({family = 'inet6', port = 80}))\n"
        "print(uv.getnameinfo({ip = '127.0.0.2'}))\n",
        {}, be.make());
    CHECK(r.error == "");
    CHECK(r.out == "localhost\tdomain\n10.1.2.3\t8080\n0.0.0.0\t0\n::\thttp\n127.0.0.2\t0\n");
  }
}
