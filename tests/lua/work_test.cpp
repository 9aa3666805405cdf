// uv.new_work / uv.queue_work (lua/l_work.cpp): work_fn in its own Lua state on the pool, after_fn on the loop
// thread, values copied across, and every way work_fn can fail ending the run cleanly. Each behaviour is checked
// on both backends: real worker threads (epoll) and the emulated backend's virtual workers.
#include <doctest/doctest.h>

#include <string>

#include "snippet_helpers.h"

namespace {

ls::lua::RuntimeOptions with_limits(uint64_t instructions, size_t memory) {
  ls::lua::RuntimeOptions o;
  o.limits.instructions_per_entry = instructions;
  o.limits.memory_bytes = memory;
  return o;
}

// For output that holds a traceback (its frames differ between native and wasm builds).
bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }
bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("work: after_fn gets work_fn's values with their types (integer, float, nil holes, booleans)") {
  for (const Backend& be : backends()) {
    std::string backend = be.name;
    CAPTURE(backend);
    auto r = run_snippet(R"(
      local ctx = uv.new_work(function(...)
        local kinds = {}
        for i = 1, select('#', ...) do
          local v = select(i, ...)
          kinds[i] = math.type(v) or type(v)
        end
        return table.concat(kinds, ','), ...
      end, function(kinds, ...)
        print(kinds, select('#', ...), ...)
      end)
      print(ctx:queue(nil, 1, 2.5, true, 'str', nil, 3.0, false))
      print('alive', uv.loop_alive())
    )", {}, be.make());
    CHECK(r.error == "");
    CHECK(r.out == "true\nalive\ttrue\n"
                   "nil,integer,float,boolean,string,nil,float,boolean\t8\tnil\t1\t2.5\ttrue\tstr\tnil\t3.0\tfalse\n");
  }
}

TEST_CASE("work: uv.queue_work(ctx, ...) and ctx:queue(...) are the same call; the ctx prints as luv's") {
  for (const Backend& be : backends()) {
    std::string backend = be.name;
    CAPTURE(backend);
    auto r = run_snippet(R"(
      local got = {}
      local ctx = uv.new_work(function(a, b) return a * b end, function(v)
        got[#got + 1] = v
        if #got == 2 then
          table.sort(got)
          print(got[1], got[2])
        end
      end)
      print(tostring(ctx):match('^luv_work_ctx_t: 0x%x+$') ~= nil)
      assert(uv.queue_work(ctx, 6, 7))
      assert(ctx:queue(2, 3))
      uv.run()
      print('after run')
    )", {}, be.make());
    CHECK(r.error == "");
    CHECK(r.out == "true\n6\t42\nafter run\n");
  }
}

TEST_CASE("work: several queued works all complete") {
  for (const Backend& be : backends()) {
    std::string backend = be.name;
    CAPTURE(backend);
    auto r = run_snippet(R"(
      local results = {}
      local ctx = uv.new_work(function(i)
        local sum = 0
        for k = 1, i * 1000 do sum = sum + k end
        return i, sum
      end, function(i, sum) results[#results + 1] = i .. '=' .. sum end)
      for i = 1, 12 do ctx:queue(i) end
      uv.run()
      table.sort(results, function(a, b) return tonumber(a:match('^%d+')) < tonumber(b:match('^%d+')) end)
      print(#results, results[1], results[12])
    )", {}, be.make());
    CHECK(r.error == "");
    CHECK(r.out == "12\t1=500500\t12=72006000\n");
  }
}

TEST_CASE("work: an argument that cannot cross to the work state is luv's error at queue time") {
  for (const Backend& be : backends()) {
    std::string backend = be.name;
    CAPTURE(backend);
    auto r = run_snippet(R"(
      local ctx = uv.new_work(function() return 1 end, function() print('after') end)
      print(pcall(function() ctx:queue(1, {}) end))
      print(pcall(function() uv.queue_work(ctx, print) end))
      print(pcall(uv.queue_work, 5))
    )", {}, be.make());
    CHECK(r.error == "");
    CHECK(r.out ==
          "false\ttest.lua:3: Error: thread arg not support type 'table' at 2\n"
          "false\ttest.lua:4: Error: thread arg not support type 'function' at 1\n"
          "false\tbad argument #1 to 'luv.queue_work' (luv_work_ctx expected, got number)\n");
  }
}

TEST_CASE("work: new_work wants a Lua function (or code) and an after function") {
  auto r = run_snippet(R"(
    print(pcall(function() uv.new_work(print, print) end))
    print(pcall(uv.new_work, function() end))
    print(pcall(uv.new_work, string.dump(function() end), print))
  )");
  CHECK(r.error == "");
  CHECK(r.out == "false\ttest.lua:2: uv.new_work: unable to dump given function (a work function must be written "
                 "in Lua: it is copied to the work state with string.dump)\n"
                 "false\tbad argument #2 to 'luv.new_work' (function expected, got no value)\n"
                 "false\tuv.new_work: binary chunks cannot be loaded in Loopscope; pass the function itself\n");
}

TEST_CASE("work: the code-string form, as luv accepts it") {
  for (const Backend& be : backends()) {
    std::string backend = be.name;
    CAPTURE(backend);
    auto r = run_snippet(R"lua(
      uv.new_work("local a, b = ... return a + b, select('#', ...)", function(...) print(...) end):queue(40, 2)
    )lua", {}, be.make());
    CHECK(r.error == "");
    CHECK(r.out == "42\t2\n");
  }
}

TEST_CASE("work: an error in work_fn prints luv's Uncaught Error; after_fn gets nothing and the run goes on") {
  for (const Backend& be : backends()) {
    std::string backend = be.name;
    CAPTURE(backend);
    auto r = run_snippet(R"(
      local ctx = uv.new_work(function(x)
        error('boom ' .. x)
      end, function(...) print('after', select('#', ...)) end)
      ctx:queue(7)
      local t = uv.new_timer()
      t:start(1000, 0, function() print('timer still runs') t:close() end)
      print('run', uv.run())
    )", {}, be.make());
    CHECK(r.ok);
    CHECK(r.error == "");
    CHECK(starts_with(r.out, "Uncaught Error: test.lua:3: boom 7\nstack traceback:"));
    CHECK(contains(r.out, "\nafter\t0\ntimer still runs\nrun\tfalse\n"));
  }
}

TEST_CASE("work: a value work_fn returns that cannot cross is luv's Uncaught Error; after_fn gets the ones before") {
  for (const Backend& be : backends()) {
    std::string backend = be.name;
    CAPTURE(backend);
    auto r = run_snippet(R"(
      uv.new_work(function() return 'a', true, {}, 'lost' end, function(...)
        print('after', select('#', ...), ...)
      end):queue()
      print('run', uv.run())
    )", {}, be.make());
    CHECK(r.ok);
    CHECK(r.error == "");
    CHECK(r.out == "Uncaught Error: Error: thread arg not support type 'table' at 3\nstack traceback:\n\t[C]: in ?\n"
                   "after\t2\ta\ttrue\nrun\tfalse\n");
  }
}

TEST_CASE("work: work_fn over the instruction budget is reported as such, not as a blocked loop") {
  for (const Backend& be : backends()) {
    std::string backend = be.name;
    CAPTURE(backend);
    auto r = run_snippet(R"(
      uv.new_work(function()
        while true do end
      end, function() print('after') end):queue()
    )", with_limits(200'000, 256u << 20), be.make());
    CHECK_FALSE(r.ok);
    CHECK(r.error == "the work function ran too long: 201000 instructions in the work function at line 3 (the limit "
                     "per work function; it runs on a pool worker, so the loop was not blocked)");
    CHECK(r.out == "");
  }
}

TEST_CASE("work: a memory bomb in work_fn hits the snippet's memory cap cleanly") {
  for (const Backend& be : backends()) {
    std::string backend = be.name;
    CAPTURE(backend);
    SUBCASE("one big string") {
      auto r = run_snippet(R"(
        uv.new_work(function() return #string.rep('x', 64 * 1024 * 1024) end, print):queue()
      )", with_limits(20'000'000, 16u << 20), be.make());
      CHECK_FALSE(r.ok);
      CHECK(r.error == "out of memory in the work function: the snippet needs more than 16 MiB (the memory cap, "
                       "work states included)");
    }
    SUBCASE("a growing table") {
      auto r = run_snippet(R"(
        uv.new_work(function()
          local t = {}
          for i = 1, 1e9 do t[i] = i end
        end, print):queue()
      )", with_limits(100'000'000, 16u << 20), be.make());
      CHECK_FALSE(r.ok);
      CHECK(r.error == "out of memory in the work function: the snippet needs more than 16 MiB (the memory cap, "
                       "work states included)");
    }
  }
}

TEST_CASE("work: outer locals are nil in the work state, as in luv; an error then names them") {
  for (const Backend& be : backends()) {
    std::string backend = be.name;
    CAPTURE(backend);
    auto ok = run_snippet(R"(
      local n = 5
      uv.new_work(function(m) return n, m, type(string) end, print):queue(6)
    )", {}, be.make());
    CHECK(ok.error == "");
    CHECK(ok.out == "nil\t6\ttable\n");

    auto failed = run_snippet(R"(
      local base = 10
      uv.new_work(function(x) return base + x end, print):queue(1)
    )", {}, be.make());
    CHECK(failed.ok);
    CHECK(starts_with(failed.out, "Uncaught Error: test.lua:3: attempt to perform arithmetic on a nil value "
                                  "(upvalue 'base')"));
    CHECK(contains(failed.out, "the local 'base' from outside the work function is nil in its state"));
  }
}

TEST_CASE("work: the work state has a small library of its own (require gives only luv's thread-safe few); its "
          "prints come out before after_fn") {
  for (const Backend& be : backends()) {
    std::string backend = be.name;
    CAPTURE(backend);
    auto r = run_snippet(R"(
      uv.new_work(function()
        print('in work', math.random(100) == math.random(100) or 'random ok')
        local ok, err = pcall(function() return require('socket') end)
        local luv = require('luv')
        local names = {}
        for k in pairs(luv) do names[#names + 1] = k end
        table.sort(names)
        return type(io), type(os), type(uv), type(string.rep), type(utf8.char), ok, err, table.concat(names, ',')
      end, function(...) print('after', ...) end):queue()
    )", {}, be.make());
    CHECK(r.error == "");
    CHECK(r.out == "in work\trandom ok\n"
                   "after\tnil\tnil\tnil\tfunction\tfunction\tfalse\ttest.lua:4: require is not available in a work "
                   "function: it runs in its own Lua state on a thread-pool worker, with only the base, coroutine, "
                   "string, table, math and utf8 libraries\tasync_send,sleep,thread_equal,thread_self\n");
  }
}

TEST_CASE("work: async.work awaits work from a task") {
  for (const Backend& be : backends()) {
    std::string backend = be.name;
    CAPTURE(backend);
    auto r = run_snippet(R"(
      local async = require('async')
      async.run(function()
        local doubled, tag = async.work(function(x) return x * 2, 'done' end, 21)
        print(doubled, tag)
        local a = async.spawn(function() return async.work(function() return 'a' end) end)
        local b = async.spawn(function() return async.work(function() return 'b' end) end)
        print(table.concat(async.gather(a, b), ','))
      end)
    )", {}, be.make());
    CHECK(r.error == "");
    CHECK(r.out == "42\tdone\na,b\n");
  }
}

TEST_CASE("work: on the emulated backend the loop runs other callbacks while work is on a virtual worker") {
  auto r = run_snippet(R"(
    uv.new_work(function() return 'work' end, function(v) print(v, uv.now()) end):queue()
    uv.new_timer():start(0, 0, function() print('timer', uv.now()) end)
  )", {}, emulated());
  CHECK(r.error == "");
  CHECK(r.out == "timer\t0\nwork\t0\n");  // the timer's callback runs first, while the work is on its worker
}

TEST_CASE("work: what work_fn sends to an async handle arrives while the job runs, before after_fn") {
  // Natively the worker sleeps after sending; on the emulated backend the function runs when its virtual worker
  // starts the job (the sleep returns at once there), so the send is seen a poll before the completion.
  for (const Backend& be : backends()) {
    std::string backend = be.name;
    CAPTURE(backend);
    auto r = run_snippet(R"(
      local a = uv.new_async(function(v) print('async', v) end)
      uv.new_work(function(h)
        local luv = require('luv')
        luv.async_send(h, 'sent')
        luv.sleep(20)
        return 'result'
      end, function(v)
        print('after', v)
        a:close()
      end):queue(a)
    )", {}, be.make());
    CHECK(r.error == "");
    CHECK(r.out == "async\tsent\nafter\tresult\n");
  }
}
