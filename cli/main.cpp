// loopscope: the native command line. `loopscope run FILE [ARGS...]` runs a snippet on the loop.
// Exit status: 0 the snippet ran to the end, 1 the snippet failed (file:line: message on stderr), 2 usage error.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/loop.h"
#include "examples/gallery.h"
#include "lua/runtime.h"

namespace {

struct RunArgs {
  std::string file;
  std::vector<std::string> args;
  std::string clock;             // "" = the backend's default (real on epoll)
  std::string order = "modern";
  std::string trace_file;
  std::string trace_format = "jsonl";
  uint64_t budget = 20'000'000;
  size_t memory_mb = 256;
  size_t output_kb = 1024;
  uint32_t seed = 1;
  bool unsafe = false;
  bool deterministic = false;
};

constexpr size_t kTraceEvents = 1u << 20;  // the ring keeps the last million events of a run

bool write_trace(const ls::Loop& loop, const RunArgs& a) {
  std::ofstream out(a.trace_file, std::ios::binary);
  if (!out) {
    std::fprintf(stderr, "loopscope: cannot write the trace to %s\n", a.trace_file.c_str());
    return false;
  }
  if (a.trace_format == "chrome")
    loop.trace().write_chrome(out);
  else
    loop.trace().write_jsonl(out);
  if (loop.trace().dropped() > 0)
    std::fprintf(stderr, "loopscope: the trace kept the last %zu events (%llu earlier ones were dropped)\n",
                 loop.trace().size(), (unsigned long long)loop.trace().dropped());
  return true;
}

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

int run_snippet(const RunArgs& a) {
  std::string code;
  if (!read_file(a.file, code)) {
    std::fprintf(stderr, "loopscope: cannot read %s\n", a.file.c_str());
    return 2;
  }
  ls::LoopOptions lo;
  lo.clock = a.clock == "virtual" || (a.clock.empty() && a.deterministic) ? ls::ClockKind::Virtual
                                                                          : ls::ClockKind::Monotonic;
  lo.order = a.order == "legacy" ? ls::Order::Legacy : ls::Order::Modern;
  lo.trace_capacity = a.trace_file.empty() ? 0 : kTraceEvents;
  ls::Loop loop(std::move(lo));
  ls::lua::RuntimeOptions opts;
  opts.script_name = a.file;
  opts.args = a.args;
  opts.seed = a.seed;
  opts.unsafe = a.unsafe;
  opts.limits.instructions_per_entry = a.budget;
  opts.limits.memory_bytes = a.memory_mb << 20;
  opts.limits.output_bytes = a.output_kb << 10;
  ls::lua::Runtime rt(loop, opts, [](std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  });
  bool ok = rt.load(code) && rt.run_to_completion();
  std::fflush(stdout);
  if (!ok) std::fprintf(stderr, "%s\n", rt.error().c_str());
  if (!a.trace_file.empty() && !write_trace(loop, a)) return 2;
  return ok ? 0 : 1;
}

// `loopscope examples` lists the gallery; `loopscope examples NAME` prints one snippet (to save and run).
int show_examples(const std::string& name) {
  namespace ex = ls::examples;
  if (name.empty()) {
    for (const ex::Snippet& s : ex::all()) std::printf("%-26s %s\n", s.name.c_str(), s.title.c_str());
    return 0;
  }
  const ex::Snippet* s = ex::find(name);
  if (!s) {
    std::fprintf(stderr, "loopscope: no example named '%s' (loopscope examples lists them)\n", name.c_str());
    return 2;
  }
  std::fwrite(s->code.data(), 1, s->code.size(), stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Loopscope: a libuv-style event loop you can watch. Runs Lua snippets written for luv."};
  app.set_version_flag("--version", std::string("loopscope ") + LOOPSCOPE_VERSION);
  app.require_subcommand(1);

  RunArgs run;
  CLI::App* run_cmd = app.add_subcommand("run", "run a snippet: loopscope run FILE [ARGS...]");
  run_cmd->add_option("file", run.file, "the Lua snippet")->required();
  run_cmd->add_option("args", run.args, "arguments for the snippet (its `arg` table)");
  run_cmd->add_option("--clock", run.clock, "real or virtual time (default: real; virtual with --deterministic)")
      ->check(CLI::IsMember({"real", "virtual"}));
  run_cmd->add_option("--order", run.order, "phase order: modern (libuv >= 1.45) or legacy (libuv 1.44.2)")
      ->check(CLI::IsMember({"modern", "legacy"}))
      ->capture_default_str();
  run_cmd->add_flag("--deterministic", run.deterministic, "virtual clock and --seed 1: the same run every time");
  run_cmd->add_option("--trace", run.trace_file, "write the loop's trace to this file");
  run_cmd->add_option("--trace-format", run.trace_format, "jsonl or chrome (Chrome Trace Event JSON, opens in Perfetto)")
      ->check(CLI::IsMember({"jsonl", "chrome"}))
      ->capture_default_str();
  run_cmd->add_option("--output", run.output_kb, "output cap of the snippet in KiB")->capture_default_str();
  run_cmd->add_option("--budget", run.budget, "instructions per callback before the loop counts as blocked")
      ->capture_default_str();
  run_cmd->add_option("--memory", run.memory_mb, "memory cap of the snippet in MiB")->capture_default_str();
  run_cmd->add_option("--seed", run.seed, "math.random seed")->capture_default_str();
  run_cmd->add_flag("--unsafe", run.unsafe, "open the full Lua standard library (os.execute, io.open, ...)");
  // Everything after FILE belongs to the snippet, options included.
  run_cmd->positionals_at_end();
  run_cmd->prefix_command();

  std::string example;
  CLI::App* examples_cmd = app.add_subcommand("examples", "list the gallery, or print one snippet: examples [NAME]");
  examples_cmd->add_option("name", example, "the example to print");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (examples_cmd->parsed()) return show_examples(example);
  if (run_cmd->parsed()) {
    std::vector<std::string> rest = run_cmd->remaining();
    if (run.file.empty() && !rest.empty()) {
      run.file = rest.front();
      rest.erase(rest.begin());
    }
    run.args.insert(run.args.end(), rest.begin(), rest.end());
    if (run.deterministic) run.seed = 1;
    return run_snippet(run);
  }
  return 2;
}
