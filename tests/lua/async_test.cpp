#include <doctest/doctest.h>

#include "snippet_helpers.h"

TEST_CASE("async: three tasks sleep and finish in the order of their sleeps, not their start") {
  auto r = run_snippet(R"(
    local async = require('async')
    local function job(i, ms)
      print(i .. ' waits ' .. ms)
      async.sleep(ms)
      print(i .. ' done')
      return i * 10
    end
    async.run(function()
      local t = { async.spawn(job, 1, 30), async.spawn(job, 2, 10), async.spawn(job, 3, 20) }
      local results = async.gather(table.unpack(t))
      print('results', table.concat(results, ','))
    end)
  )", {}, virtual_clock());
  CHECK(r.error == "");
  CHECK(r.out == "1 waits 30\n2 waits 10\n3 waits 20\n2 done\n3 done\n1 done\nresults\t10,20,30\n");
}

TEST_CASE("async: an error in an awaited task is raised at the await, with the task's line") {
  auto r = run_snippet(R"(local async = require('async')
async.run(function()
  local t = async.spawn(function()
    async.sleep(5)
    error('task failed')
  end)
  local ok, err = pcall(async.await, t)
  print(ok, err)
end)
)", {}, virtual_clock());
  CHECK(r.error == "");
  CHECK(r.out == "false\ttest.lua:5: task failed\n");
}

TEST_CASE("async: an error in a task nobody awaits ends the run instead of vanishing") {
  auto r = run_snippet("local async = require('async')\nasync.spawn(function()\n  async.sleep(1)\n  error('lost?')\nend)\n",
                       {}, virtual_clock());
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("test.lua:4: lost?") == 0);
}

TEST_CASE("async.wrap turns a callback-last luv function into a plain call inside a task") {
  auto r = run_snippet(R"(
    local async = require('async')
    local function after(ms, cb)  -- a callback-style function, like luv's
      local t = uv.new_timer()
      t:start(ms, 0, function() t:close() cb(nil, 'waited ' .. ms) end)
    end
    local wait = async.wrap(after)
    async.run(function() print(wait(15)) end)
  )", {}, virtual_clock());
  CHECK(r.error == "");
  CHECK(r.out == "waited 15\n");
}

TEST_CASE("async: awaiting outside a task says how to fix it") {
  auto r = run_snippet("require('async').sleep(10)");
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("must be called inside a task") != std::string::npos);
}
