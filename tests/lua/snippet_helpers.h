// Runs a snippet the way the CLI does and keeps what it printed and how it ended.
#pragma once
#include <string>

#include "core/loop.h"
#include "lua/runtime.h"

struct SnippetResult {
  bool ok = false;
  std::string out;
  std::string error;
};

inline SnippetResult run_snippet(const std::string& code, ls::lua::RuntimeOptions opts = {},
                                 ls::LoopOptions loop_opts = {}) {
  ls::Loop loop(std::move(loop_opts));
  SnippetResult r;
  if (opts.script_name == "snippet") opts.script_name = "test.lua";
  {
    ls::lua::Runtime rt(loop, opts, [&](std::string_view s) { r.out += s; });
    r.ok = rt.load(code) && rt.run_to_completion();
    r.error = rt.error();
  }
  return r;
}

inline ls::LoopOptions virtual_clock() {
  ls::LoopOptions o;
  o.clock = ls::ClockKind::Virtual;
  return o;
}
