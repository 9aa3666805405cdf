// Runs a snippet the way the CLI does and keeps what it printed and how it ended.
#pragma once
#include <string>
#include <vector>

#include "core/emu/emulated_backend.h"
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

// The emulated backend on the virtual clock: what --deterministic and the browser run.
inline ls::LoopOptions emulated() {
  ls::LoopOptions o = virtual_clock();
  o.backend = ls::make_emulated_backend(ls::EmulatedOptions{});
  return o;
}

// The backends a behaviour is checked on: epoll with real sockets and threads natively, and the emulated one
// (the only one in WebAssembly).
struct Backend {
  const char* name;
  ls::LoopOptions (*make)();
};
inline std::vector<Backend> backends() {
#ifdef __EMSCRIPTEN__
  return {{"emulated", emulated}};
#else
  return {{"epoll", [] { return ls::LoopOptions{}; }}, {"emulated", emulated}};
#endif
}
