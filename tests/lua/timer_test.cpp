#include <doctest/doctest.h>

#include "snippet_helpers.h"

TEST_CASE("timers print in due order, not start order") {
  auto r = run_snippet(R"(
    local uv = require('luv')
    local slow, fast = uv.new_timer(), uv.new_timer()
    slow:start(20, 0, function() print('slow 20ms') slow:close() end)
    fast:start(5, 0, function() print('fast 5ms') fast:close() end)
    print('before run')
    uv.run()
    print('after run')
  )", {}, virtual_clock());
  CHECK(r.ok);
  CHECK(r.error == "");
  CHECK(r.out == "before run\nfast 5ms\nslow 20ms\nafter run\n");
}

TEST_CASE("a snippet that never calls uv.run still runs its timers after the chunk ends") {
  auto r = run_snippet(R"(
    local t = uv.new_timer()
    t:start(1, 0, function() print('fired') t:close() end)
    print('chunk done')
  )", {}, virtual_clock());
  CHECK(r.ok);
  CHECK(r.out == "chunk done\nfired\n");
}

TEST_CASE("a repeating timer fires until stopped, and the function forms match the methods") {
  auto r = run_snippet(R"(
    local n = 0
    local t = uv.new_timer()
    uv.timer_start(t, 10, 10, function()
      n = n + 1
      if n == 3 then uv.timer_stop(t) uv.close(t) end
    end)
    print(uv.timer_get_repeat(t))
    uv.run('default')
    print('ticks', n)
  )", {}, virtual_clock());
  CHECK(r.ok);
  CHECK(r.out == "10\nticks\t3\n");
}

TEST_CASE("uv.run returns luv's value and can be called again") {
  auto r = run_snippet(R"(
    local t = uv.new_timer()
    t:start(5, 0, function() end)
    print(uv.run('nowait'))
    print(uv.run())
    t:close()
    print(uv.run())
  )", {}, virtual_clock());
  CHECK(r.ok);
  CHECK(r.out == "true\nfalse\nfalse\n");
}

TEST_CASE("require('uv'), require('luv') and the global uv are the same table") {
  auto r = run_snippet("print(require('uv') == uv, require('luv') == uv)");
  CHECK(r.ok);
  CHECK(r.out == "true\ttrue\n");
}

TEST_CASE("a syntax error is reported with the snippet's line") {
  auto r = run_snippet("local x = 1\nlocal y = = 2\n");
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("test.lua:2:") == 0);
}

TEST_CASE("an error in a timer callback ends the run with the callback's line and a traceback") {
  auto r = run_snippet("local t = uv.new_timer()\nt:start(1, 0, function()\n  error('boom')\nend)\n", {},
                       virtual_clock());
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("test.lua:3: boom") == 0);
  CHECK(r.error.find("stack traceback") != std::string::npos);
}

TEST_CASE("uv.run from a callback is refused: the loop is not re-entrant") {
  auto r = run_snippet("local t = uv.new_timer()\nt:start(1, 0, function() uv.run() end)\n", {}, virtual_clock());
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("not re-entrant") != std::string::npos);
}

TEST_CASE("closing a handle twice is an error, not a crash") {
  auto r = run_snippet("local t = uv.new_timer()\nt:close()\nt:close()\n");
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("test.lua:3:") == 0);
}
