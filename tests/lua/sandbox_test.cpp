#include <doctest/doctest.h>

#include <string>

#include "snippet_helpers.h"

TEST_CASE("an endless loop in the main chunk is reported as a blocked loop with its line") {
  ls::lua::RuntimeOptions o;
  o.limits.instructions_per_entry = 200'000;
  auto r = run_snippet("local x = 0\nwhile true do\n  x = x + 1\nend\n", o);
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("the loop was blocked: ") == 0);
  CHECK(r.error.find("in the main chunk at line 3") != std::string::npos);
}

TEST_CASE("an endless loop in a callback cannot be swallowed by pcall") {
  ls::lua::RuntimeOptions o;
  o.limits.instructions_per_entry = 200'000;
  auto r = run_snippet(R"(
    local t = uv.new_timer()
    t:start(1, 0, function()
      while true do pcall(function() while true do end end) end
    end)
  )", o, virtual_clock());
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("the loop was blocked: ") == 0);
  CHECK(r.error.find("in timer callback") != std::string::npos);
}

TEST_CASE("a memory bomb hits the memory cap with a clear error") {
  ls::lua::RuntimeOptions o;
  o.limits.memory_bytes = 16u << 20;
  auto r = run_snippet("local s = 'x'\nwhile true do s = s .. s end\n", o);
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("out of memory") == 0);
}

TEST_CASE("output beyond the cap is cut with a marker") {
  ls::lua::RuntimeOptions o;
  o.limits.output_bytes = 100;
  auto r = run_snippet("for i = 1, 1000 do print('line', i) end", o);
  CHECK(r.ok);
  CHECK(r.out.size() < 200);
  CHECK(r.out.find("[output truncated") != std::string::npos);
}

TEST_CASE("process control and host files are not reachable through Lua's own libraries") {
  for (const char* code : {"os.execute('true')", "io.open('/etc/passwd')", "os.exit(3)", "dofile('/x')"}) {
    auto r = run_snippet(code);
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("not available in Loopscope's sandbox") != std::string::npos);
  }
}

TEST_CASE("load accepts text only") {
  auto r = run_snippet(R"(
    local f = load(string.dump(function() return 1 end))
    print(f)
    print(load('return 2')())
  )");
  CHECK(r.ok);
  CHECK(r.out == "nil\n2\n");
}

TEST_CASE("math.random is seeded: the same seed gives the same numbers") {
  ls::lua::RuntimeOptions o;
  o.seed = 7;
  auto a = run_snippet("print(math.random(1, 1000000), math.random(1, 1000000))", o);
  auto b = run_snippet("print(math.random(1, 1000000), math.random(1, 1000000))", o);
  CHECK(a.ok);
  CHECK(a.out == b.out);
}

TEST_CASE("string-keyed pairs order is the same in every run (fixed hash seed)") {
  const char* code = "local t = {} for i = 1, 50 do t['k' .. i] = i end local s = '' "
                     "for k in pairs(t) do s = s .. k .. ',' end print(s)";
  auto a = run_snippet(code);
  auto b = run_snippet(code);
  CHECK(a.ok);
  CHECK(a.out == b.out);
}

TEST_CASE("deep recursion is a Lua error, not a crash") {
  auto r = run_snippet("local function f() return f() + 1 end\nf()\n");
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("stack overflow") != std::string::npos);
}

TEST_CASE("a string.rep bomb is a clear out-of-memory error") {
  ls::lua::RuntimeOptions o;
  o.limits.memory_bytes = 32u << 20;
  auto r = run_snippet("local s = string.rep('x', 1e9)\nprint(#s)\n", o);
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("out of memory") == 0);
}

TEST_CASE("a handle's memory outside Lua counts against the memory cap") {
  // 100k live timers: first measure what Lua's own heap needs for them (it differs natively and in wasm), then
  // give the snippet a cap 15% above that. Lua's heap alone would fit; with the core handles and bindings (more
  // than 100 bytes a timer on either target) it must not.
  const char* code = "local t = {}\nfor i = 1, 1e5 do t[i] = uv.new_timer() end\nprint(collectgarbage('count'))\n";
  auto measured = run_snippet(code, {});
  REQUIRE(measured.ok);
  double lua_kib = std::stod(measured.out);
  REQUIRE(lua_kib > 1000);
  ls::lua::RuntimeOptions o;
  o.limits.memory_bytes = static_cast<size_t>(lua_kib * 1024 * 1.15);
  auto r = run_snippet(code, o);
  CHECK_FALSE(r.ok);
  CHECK(r.out == "");
  CHECK(r.error.find("out of memory") == 0);
}

TEST_CASE("a read larger than the memory cap is ENOMEM, not an abort") {
  auto r = run_snippet("print(uv.fs_read(0, 1 << 62))\nprint(uv.fs_read(0, -1))\n", {});
  CHECK(r.ok);
  CHECK(r.out == "nil\tENOMEM: not enough memory\tENOMEM\nnil\tENOMEM: not enough memory\tENOMEM\n");
}

TEST_CASE("closed handles give their memory back") {
  // 200k timers in all (~50 MiB of handles), never more than 10k open at once.
  ls::lua::RuntimeOptions o;
  o.limits.memory_bytes = 16u << 20;
  auto r = run_snippet("for round = 1, 20 do\n  local t = {}\n  for i = 1, 1e4 do t[i] = uv.new_timer() end\n"
                       "  for i = 1, 1e4 do t[i]:close() end\n  uv.run('nowait')\nend\nprint('ok')\n", o);
  CHECK(r.error == "");
  CHECK(r.out == "ok\n");
}

TEST_CASE("the luv functions Loopscope refuses say so; every other absent name is nil") {
  auto r = run_snippet("print(type(uv.loop_close), uv.no_such_thing, rawget(uv, 'loop_close'))\nuv.loop_close()\n");
  CHECK_FALSE(r.ok);
  CHECK(r.out == "function\tnil\tnil\n");
  CHECK(r.error.find("test.lua:2: uv.loop_close is not supported in Loopscope") == 0);
}
