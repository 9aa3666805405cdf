// uv.spawn / uv.kill (lua/l_process.cpp) where they are refused: the sandbox without --unsafe (a snippet may not
// start or signal host programs), and the emulated backend, the browser's, which has no processes (luv's ENOSYS
// triple, with or without --unsafe). What spawn does natively with --unsafe is peer-checked against Debian's luv
// (tests/lua/peer_unsafe/process.lua); the few cases below are the ones luv cannot show.
#include <doctest/doctest.h>

#include "snippet_helpers.h"

namespace {

ls::lua::RuntimeOptions unsafe() {
  ls::lua::RuntimeOptions o;
  o.unsafe = true;
  return o;
}

}  // namespace

TEST_CASE("process: the emulated backend has no processes: spawn and kill give luv's ENOSYS triple") {
  for (bool allow : {false, true}) {
    auto r = run_snippet(R"(
      local out = uv.new_pipe(false)
      print(uv.spawn('echo', {args = {'hi'}, stdio = {nil, out}}, function() print('never') end))
      print(uv.kill(1, 'sigterm'))
      print(uv.is_active(out), pcall(uv.fileno, out))
      out:close()
      uv.disable_stdio_inheritance()
      print(type(uv.process_kill), type(uv.process_get_pid))
    )", allow ? unsafe() : ls::lua::RuntimeOptions{}, emulated());
    CHECK(r.error == "");
    CHECK(r.out ==
          "nil\tENOSYS: function not implemented\tENOSYS\n"
          "nil\tENOSYS: function not implemented\tENOSYS\n"
          "false\ttrue\tnil\tEBADF: bad file descriptor\tEBADF\n"
          "function\tfunction\n");
  }
}

TEST_CASE("process: option errors are luv's even where spawn cannot run") {
  auto r = run_snippet("uv.spawn('echo', {stdio = {{}}})", {}, emulated());
  CHECK(r.error.find("test.lua:1: bad argument #2 to 'spawn' (stdio table entries must be nil, uv_stream_t, or "
                     "integer)") == 0);
}

#ifndef __EMSCRIPTEN__
TEST_CASE("process: natively the sandbox refuses spawn and kill unless --unsafe") {
  auto r = run_snippet("uv.spawn('true', {})");
  CHECK(r.error.find("test.lua:1: uv.spawn is not available in Loopscope's sandbox (the native CLI's --unsafe "
                     "allows it)") == 0);
  r = run_snippet("uv.kill(1, 0)");
  CHECK(r.error.find("uv.kill is not available in Loopscope's sandbox") != std::string::npos);
}

TEST_CASE("process: with --unsafe, a child's exit callback runs in the loop and a closed handle is refused") {
  auto r = run_snippet(R"(
    local h
    h = uv.spawn('sh', {args = {'-c', 'exit 4'}}, function(code, signal)
      print('exit', code, signal, h:is_active())
      h:close()
    end)
    print(h, type(h:get_pid()))
    uv.run()
    print(pcall(h.kill, h))
  )", unsafe());
  CHECK(r.error == "");
  CHECK(r.out.find("uv_process_t: 0x") == 0);
  CHECK(r.out.find("\tnumber\nexit\t4\t0\tfalse\nfalse\tattempt to use a closed handle\n") != std::string::npos);
}

TEST_CASE("process: a handle whose spawn failed is closed at once and collected; the run goes on") {
  auto r = run_snippet(R"(
    for i = 1, 3 do print(uv.spawn('/no/such/program', {})) end
    local n = 0
    uv.walk(function() n = n + 1 end)
    uv.run()
    uv.walk(function() n = n + 1 end)
    print('handles left', n)
  )", unsafe());
  CHECK(r.error == "");
  CHECK(r.out ==
        "nil\tENOENT: no such file or directory\tENOENT\n"
        "nil\tENOENT: no such file or directory\tENOENT\n"
        "nil\tENOENT: no such file or directory\tENOENT\n"
        "handles left\t3\n");
}
#endif
