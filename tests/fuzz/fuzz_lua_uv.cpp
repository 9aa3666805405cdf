// fuzz_lua_uv: the Lua `uv` API driven by generated call sequences (the generator is fuzz_lua_uv.lua, compiled
// in), on the emulated backend and the virtual clock, so no call reaches the host's network or files. Checks: no
// crash, hang or sanitizer report whatever the calls; every failure a luv-style triple (the generator prints
// FUZZ-VIOLATION otherwise); the run ends, as done or as a clear error.
#include <cstdint>
#include <string>

#include "core/emu/emulated_backend.h"
#include "core/loop.h"
#include "fuzz_check.h"
#include "lua/runtime.h"

namespace {

#include "fuzz_lua_uv_generator.inc"

// The input as a Lua string literal: every byte as a decimal escape, so any bytes are valid source.
std::string lua_literal(const std::uint8_t* data, std::size_t size) {
  std::string out = "\"";
  for (std::size_t i = 0; i < size; ++i) out += "\\" + std::to_string(data[i]);
  return out + "\"";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;  // longer programs only repeat what short ones reach, slower
  ls::LoopOptions o;
  o.clock = ls::ClockKind::Virtual;
  o.backend = ls::make_emulated_backend();
  ls::Loop loop(std::move(o));
  ls::lua::RuntimeOptions opts;
  opts.limits.instructions_per_entry = 2'000'000;
  opts.limits.memory_bytes = 32u << 20;
  opts.limits.output_bytes = 64u << 10;
  opts.script_name = "fuzz_lua_uv.lua";
  std::string out;
  {
    ls::lua::Runtime rt(loop, opts, [&](std::string_view s) { out += s; });
    std::string code = "local data = " + lua_literal(data, size) + "\n" + kGenerator;
    FUZZ_CHECK(rt.load(code), "the generator does not compile: %s", rt.error().c_str());
    rt.run_to_completion();
    FUZZ_CHECK(rt.state() == ls::lua::RunState::Done || rt.state() == ls::lua::RunState::Failed, "run ended as %s",
               ls::lua::to_string(rt.state()));
    FUZZ_CHECK(rt.state() == ls::lua::RunState::Done || !rt.error().empty(), "a failed run without a message");
  }
  std::size_t at = out.find("FUZZ-VIOLATION");
  FUZZ_CHECK(at == std::string::npos, "%.400s", out.c_str() + (at == std::string::npos ? 0 : at));
  return 0;
}
