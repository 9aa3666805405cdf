// uv.new_thread / thread_join (lua/l_thread.cpp) and async handles crossing into work functions and threads
// (lua/l_crossing.cpp): what Debian's luv cannot show in tests/lua/peer_native/threads.lua — the emulated
// backend's ENOSYS, the sandbox's rule for binary chunks, errors inside a thread, joining twice — and a work
// function sending to an async handle on both backends.
#include <doctest/doctest.h>

#include "snippet_helpers.h"

TEST_CASE("thread: a work function may be given an async handle and send to it (both backends)") {
  for (const Backend& be : backends()) {
    CAPTURE(be.name);
    auto r = run_snippet(R"(
      local async
      async = uv.new_async(function(a, b, c)
        print('async', a, b, c)
        async:close()
      end)
      local work = uv.new_work(function(x, a)
        local uv = require('luv')
        return uv.async_send(a, x, true, 7), type(a), tostring(a):match('^uv_async_t') ~= nil
      end, function(...) print('after', ...) end)
      print(work:queue('hi', async))
      print(pcall(work.queue, work, 'hi', {}))
      uv.run()
      print('sends after the close are dropped:', uv.is_closing(async))
    )", {}, be.make());
    CHECK(r.error == "");
    // The async callback and after_fn race natively; both come once, with the values sent.
    CHECK(r.out.find("true\nfalse\tError: thread arg not support type 'table' at 2\n") == 0);
    CHECK(r.out.find("async\thi\ttrue\t7\n") != std::string::npos);
    CHECK(r.out.find("after\t0\tuserdata\ttrue\n") != std::string::npos);
    CHECK(r.out.find("sends after the close are dropped:\ttrue\n") != std::string::npos);
  }
}

TEST_CASE("thread: the emulated backend has one thread: new_thread is luv's ENOSYS triple") {
  auto r = run_snippet(R"(
    print(uv.new_thread(function() end, 1, 'two'))
    print(pcall(uv.new_thread, function() end, {}))
    print(uv.thread_self():join())
  )", {}, emulated());
  CHECK(r.error == "");
  CHECK(r.out ==
        "nil\tENOSYS: function not implemented\tENOSYS\n"
        "false\tError: thread arg not support type 'table' at 1\n"
        "nil\tEINVAL: invalid argument\tEINVAL\n");
}

#ifndef __EMSCRIPTEN__
TEST_CASE("thread: output at join, luv's Uncaught Error for an error inside, joined twice is ESRCH") {
  auto r = run_snippet(R"(
    local t = uv.new_thread(function(n)
      print('thread', n, math.type(n))
      error('boom')
    end, 5)
    print('before join')
    print(t:join())
    print(t:join())
    print(uv.thread_join(uv.thread_self()))
  )");
  CHECK(r.error == "");
  CHECK(r.out.find("before join\nthread\t5\tinteger\nUncaught Error: test.lua:4: boom\n") == 0);
  CHECK(r.out.find("\ntrue\nnil\tESRCH: no such process\tESRCH\nnil\tEINVAL: invalid argument\tEINVAL\n") !=
        std::string::npos);
}

TEST_CASE("thread: a binary chunk needs --unsafe; a thread that never ends its loop is stopped by the budget") {
  auto r = run_snippet("uv.new_thread(string.dump(function() end))");
  CHECK(r.error.find("binary chunks cannot be loaded in Loopscope's sandbox") != std::string::npos);
  ls::lua::RuntimeOptions o;
  o.unsafe = true;
  r = run_snippet("print(uv.new_thread(string.dump(function(a) print('dumped', a) end), 'ok'):join())", o);
  CHECK(r.error == "");
  CHECK(r.out == "dumped\tok\ntrue\n");
  ls::lua::RuntimeOptions small;
  small.limits.instructions_per_entry = 100000;
  r = run_snippet("uv.new_thread(function() while true do end end):join()", small);
  CHECK(r.error.find("thread: the work function ran too long") != std::string::npos);
}

TEST_CASE("thread: a thread never joined is detached when collected; the run ends normally") {
  auto r = run_snippet(R"(
    uv.new_thread(function() require('luv').sleep(20) end)
    collectgarbage()
    collectgarbage()
    print('main done')
  )");
  CHECK(r.error == "");
  CHECK(r.out == "main done\n");
}
#endif
