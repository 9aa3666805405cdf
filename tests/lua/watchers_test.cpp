#include <doctest/doctest.h>

#include "snippet_helpers.h"

TEST_CASE("idle, prepare and check run around the poll phase, every iteration") {
  auto r = run_snippet(R"(
    local n = 0
    local idle, prepare, check = uv.new_idle(), uv.new_prepare(), uv.new_check()
    idle:start(function() print('idle') end)
    prepare:start(function() print('prepare') end)
    check:start(function()
      print('check')
      n = n + 1
      if n == 2 then idle:close() prepare:close() check:close() end
    end)
    uv.run()
  )", {}, virtual_clock());
  CHECK(r.error == "");
  CHECK(r.out == "idle\nprepare\ncheck\nidle\nprepare\ncheck\n");
}

TEST_CASE("timer 0 vs check from the main chunk: the pre-loop timers pass runs the timer first (libuv >= 1.45)") {
  auto r = run_snippet(R"(
    local t, c = uv.new_timer(), uv.new_check()
    t:start(0, 0, function() print('timeout') t:close() end)
    c:start(function() print('check') c:close() end)
  )", {}, virtual_clock());
  CHECK(r.error == "");
  CHECK(r.out == "timeout\ncheck\n");
}

TEST_CASE("async handles coalesce sends and pass the last values") {
  auto r = run_snippet(R"(
    local a
    a = uv.new_async(function(...)
      print('async', select('#', ...), ...)
      a:close()
    end)
    a:send(1)
    a:send('x', 2)
  )", {}, virtual_clock());
  CHECK(r.error == "");
  CHECK(r.out == "async\t2\tx\t2\n");
}

TEST_CASE("walk visits every handle and handle methods report their state") {
  auto r = run_snippet(R"(
    local t = uv.new_timer()
    local i = uv.new_idle()
    t:start(100, 0, function() end)
    t:unref()
    uv.walk(function(h) print(h:get_type(), h:is_active(), h:has_ref()) end)
    print(uv.loop_alive())
    t:close() i:close()
  )", {}, virtual_clock());
  CHECK(r.error == "");
  CHECK(r.out == "timer\ttrue\tfalse\nidle\tfalse\ttrue\nfalse\n");
}
