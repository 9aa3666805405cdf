// uv.new_signal (lua/l_signal.cpp): natively a real signal reaches the callback in the loop, by luv's name;
// in WebAssembly there are no signals and start says so with luv's error triple.
#include <doctest/doctest.h>

#include <csignal>

#include "lua.hpp"
#include "snippet_helpers.h"

#ifndef __EMSCRIPTEN__
namespace {

// Runs a snippet with a global raise_signal(name) that sends the process a signal, as `kill` from a shell would.
SnippetResult run_with_raise(const std::string& code) {
  ls::Loop loop;
  SnippetResult r;
  ls::lua::RuntimeOptions opts;
  opts.script_name = "test.lua";
  {
    ls::lua::Runtime rt(loop, opts, [&](std::string_view s) { r.out += s; });
    lua_register(rt.L(), "raise_usr1", [](lua_State*) -> int {
      std::raise(SIGUSR1);
      return 0;
    });
    r.ok = rt.load(code) && rt.run_to_completion();
    r.error = rt.error();
  }
  return r;
}

}  // namespace

TEST_CASE("signal: a signal sent to the process runs the callback in the loop with luv's signal name") {
  auto r = run_with_raise(R"(
    local sig = uv.new_signal()
    print(sig:get_type())
    print(sig:start('sigusr1', function(name)
      print('got', name)
      sig:close()
    end))
    local t = uv.new_timer()
    t:start(1, 0, function() print('raising') raise_usr1() t:close() end)
    uv.run()
    print('after run')
  )");
  CHECK(r.error == "");
  CHECK(r.out == "signal\t16\n0\nraising\ngot\tsigusr1\nafter run\n");
}

TEST_CASE("signal: an unknown signal name is an argument error") {
  auto r = run_with_raise("uv.new_signal():start('sigfoo', function() end)");
  CHECK(r.error.find("unknown signal name") != std::string::npos);
}
#else
TEST_CASE("signal: the browser has no signals; start says ENOSYS as luv's triple") {
  auto r = run_snippet(R"(
    local sig = uv.new_signal()
    print(sig:start('sigint', function() end))
    sig:close()
  )");
  CHECK(r.error == "");
  CHECK(r.out == "nil\tENOSYS: function not implemented\tENOSYS\n");
}
#endif
