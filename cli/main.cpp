// loopscope: the native command line. `loopscope run FILE [ARGS...]` runs a snippet on the loop; `loopscope -`
// runs one from stdin with the full library, as `lua -` does.
// Exit status: 0 the snippet ran to the end, 1 the snippet failed (file:line: message on stderr), 2 usage error.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#ifndef __EMSCRIPTEN__
#include <unistd.h>
#endif

#include "core/emu/emulated_backend.h"
#include "core/emu/kernel.h"
#include "core/errors.h"
#include "core/loop.h"
#include "examples/gallery.h"
#include "lua/run_config.h"
#include "lua/runtime.h"

namespace {

#ifdef __EMSCRIPTEN__
constexpr const char* kDefaultBackend = "emulated";  // no epoll in WebAssembly
#else
constexpr const char* kDefaultBackend = "epoll";
#endif

struct RunArgs {
  std::string file;
  std::vector<std::string> args;
  std::string backend = kDefaultBackend;
  std::string clock;             // "" = the backend's default: real on epoll, virtual on emulated
  std::string order = "modern";
  std::string trace_file;
  std::string trace_format = "jsonl";
  uint64_t budget = 20'000'000;
  size_t memory_mb = ls::lua::Limits{}.memory_bytes >> 20;
  size_t output_kb = 1024;
  uint32_t seed = 1;
  bool unsafe = false;
  bool deterministic = false;
  unsigned timeout_s = 0;  // wall clock; 0 = none
  std::vector<std::string> copy_in;  // HOST[=PATH]: host files put into the emulated file system first
};

#ifndef __EMSCRIPTEN__
// Ctrl-C and --timeout end the run cleanly (the trace is still written): the handler asks the runtime to stop
// the snippet, stops the loop and wakes it if it is blocked in poll. All three are async-signal-safe.
ls::Loop* g_loop = nullptr;
ls::lua::Runtime* g_runtime = nullptr;
volatile std::sig_atomic_t g_signal = 0;

const char* stop_message(int sig) {
  if (sig == SIGALRM) return "timeout: the run took longer than --timeout allows";
  if (sig == SIGTERM) return "terminated: the run was stopped by SIGTERM";
  return "interrupted: the run was stopped by Ctrl-C";
}

void on_stop_signal(int sig) {
  g_signal = sig;
  if (!g_runtime) return;
  g_runtime->request_interrupt(stop_message(sig));
  g_loop->stop();
  g_loop->backend().wakeup();
}

void install_stop_signals(ls::Loop& loop, ls::lua::Runtime& rt, unsigned timeout_s) {
  g_loop = &loop;
  g_runtime = &rt;
  loop.backend().enable_interrupt();  // so the handler's wake-up ends a blocking poll
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGALRM, &sa, nullptr);
  if (timeout_s) alarm(timeout_s);
}
#endif

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
  if (path == "-") {  // the snippet on stdin
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    out = ss.str();
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

// --copy-in HOST[=PATH]: the emulated file system starts with no host file in it (a snippet cannot read the
// machine it runs on); a user who wants one there says so. PATH defaults to HOST as written (relative paths are
// taken from the emulated process's working directory, "/"); its missing directories are created.
bool copy_in_files(ls::Loop& loop, const std::vector<std::string>& specs) {
  if (specs.empty()) return true;
  ls::emu::Kernel* k = ls::emulated_kernel(loop);
  if (!k) {
    std::fprintf(stderr, "loopscope: --copy-in puts files into the emulated file system: use --backend emulated\n");
    return false;
  }
  for (const std::string& spec : specs) {
    size_t eq = spec.find('=');
    std::string host = spec.substr(0, eq), path = eq == std::string::npos ? host : spec.substr(eq + 1);
    std::string data;
    if (!read_file(host, data)) {
      std::fprintf(stderr, "loopscope: --copy-in: cannot read %s\n", host.c_str());
      return false;
    }
    for (size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1))
      k->mkdir(path.substr(0, slash), 0755);  // EEXIST for the ones already there
    int fd = k->open(path, ls::emu::kOCreat | ls::emu::kOWrOnly | ls::emu::kOTrunc, 0644);
    if (fd < 0 || k->write(fd, data.data(), data.size()) != static_cast<int64_t>(data.size())) {
      std::fprintf(stderr, "loopscope: --copy-in: cannot create %s in the emulated file system: %s\n",
                   path.c_str(), ls::strerror(fd < 0 ? fd : -EIO));
      return false;
    }
    k->close(fd);
  }
  return true;
}

int run_snippet(const RunArgs& a) {
  std::string code;
  if (!read_file(a.file, code)) {
    std::fprintf(stderr, "loopscope: cannot read %s\n", a.file.c_str());
    return 2;
  }
  ls::Order order = a.order == "legacy" ? ls::Order::Legacy : ls::Order::Modern;
  ls::LoopOptions lo;
  bool emulated = a.backend == "emulated";
  if (a.deterministic) {
    lo = ls::lua::deterministic_loop_options(order);  // what the playground runs, too
  } else {
    lo.clock = a.clock == "virtual" || (a.clock.empty() && emulated) ? ls::ClockKind::Virtual
                                                                     : ls::ClockKind::Monotonic;
    if (emulated) lo.backend = ls::make_emulated_backend();
    lo.order = order;
  }
  lo.trace_capacity = a.trace_file.empty() ? 0 : ls::lua::kTraceEvents;
  ls::Loop loop(std::move(lo));
  if (!copy_in_files(loop, a.copy_in)) return 2;
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
#ifndef __EMSCRIPTEN__
  install_stop_signals(loop, rt, a.timeout_s);
#endif
  bool ok = rt.load(code) && rt.run_to_completion();
#ifndef __EMSCRIPTEN__
  alarm(0);
  g_runtime = nullptr;
#endif
  std::fflush(stdout);
  if (!ok) std::fprintf(stderr, "%s\n", rt.error().c_str());
  if (ok && rt.stalled())
    std::fprintf(stderr, "loopscope: the run ended stalled: %s\n", loop.last_error().c_str());
  if (!ok && rt.failure() == ls::lua::Failure::Memory)
    std::fprintf(stderr, "loopscope: the memory cap is --memory %zu (MiB, Lua's heap and the handles); a larger "
                 "--memory allows more\n", a.memory_mb);
  if (!a.trace_file.empty() && !write_trace(loop, a)) return 2;
#ifndef __EMSCRIPTEN__
  if (g_signal == SIGINT || g_signal == SIGTERM) return 128 + g_signal;  // as a shell reports the signal
#endif
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
  // `loopscope - [ARGS...]` is the lua interpreter's form: the script on stdin, with the full library (`lua -`
  // is unsandboxed too). It is how luv-style programs run themselves as a child: spawn(uv.exepath(), {args={"-"}}).
  if (argc >= 2 && std::string(argv[1]) == "-") {
    RunArgs stdin_run;
    stdin_run.file = "-";
    stdin_run.unsafe = true;
    stdin_run.args.assign(argv + 2, argv + argc);
    return run_snippet(stdin_run);
  }
  CLI::App app{"Loopscope: a libuv-style event loop you can watch. Runs Lua snippets written for luv."};
  app.set_version_flag("--version", std::string("loopscope ") + LOOPSCOPE_VERSION);
  app.require_subcommand(1);

  RunArgs run;
  CLI::App* run_cmd = app.add_subcommand("run", "run a snippet: loopscope run FILE [ARGS...]");
  run_cmd->add_option("file", run.file, "the Lua snippet")->required();
  run_cmd->footer("Everything after FILE is passed to the snippet (its `arg` table), options included.");
  run_cmd->add_option("--backend", run.backend,
                      "epoll (real sockets and files) or emulated (in-memory sockets, pipes and files)")
#ifdef __EMSCRIPTEN__
      ->check(CLI::IsMember({"emulated"}))
#else
      ->check(CLI::IsMember({"epoll", "emulated"}))
#endif
      ->capture_default_str();
  run_cmd->add_option("--clock", run.clock, "real or virtual time (default: real on epoll, virtual on emulated)")
      ->check(CLI::IsMember({"real", "virtual"}));
  run_cmd->add_option("--order", run.order, "phase order: modern (libuv >= 1.45) or legacy (libuv 1.44.2)")
      ->check(CLI::IsMember({"modern", "legacy"}))
      ->capture_default_str();
  run_cmd->add_flag("--deterministic", run.deterministic,
                    "emulated backend, virtual clock, --seed 1: the same run every time");
  run_cmd->add_option("--trace", run.trace_file, "write the loop's trace to this file");
  run_cmd->add_option("--trace-format", run.trace_format, "jsonl or chrome (Chrome Trace Event JSON, opens in Perfetto)")
      ->check(CLI::IsMember({"jsonl", "chrome"}))
      ->capture_default_str();
  run_cmd->add_option("--output", run.output_kb, "output cap of the snippet in KiB")->capture_default_str();
  run_cmd->add_option("--timeout", run.timeout_s, "stop the run after this many seconds of wall-clock time");
  run_cmd->add_option("--budget", run.budget, "instructions per callback before the loop counts as blocked")
      ->capture_default_str();
  run_cmd->add_option("--memory", run.memory_mb, "memory cap of the snippet in MiB")->capture_default_str();
  run_cmd->add_option("--seed", run.seed, "math.random seed")->capture_default_str();
  run_cmd->add_flag("--unsafe", run.unsafe, "open the full Lua standard library (os.execute, io.open, ...)");
  run_cmd->add_option("--copy-in", run.copy_in,
                      "HOST[=PATH]: copy a host file into the emulated file system before the run (repeatable)");

  std::string example;
  CLI::App* examples_cmd = app.add_subcommand("examples", "list the gallery, or print one snippet: examples [NAME]");
  examples_cmd->add_option("name", example, "the example to print");

  // Everything after FILE belongs to the snippet, options included: CLI11 parses only what comes before it.
  int parsed_argc = argc;
  for (int i = 1; i < argc; i++) {
    if (std::string(argv[i]) != "run") continue;
    for (int j = i + 1; j < argc; j++) {
      std::string tok = argv[j];
      if (tok.rfind("-", 0) != 0) {
        parsed_argc = j + 1;
        run.args.assign(argv + j + 1, argv + argc);
        break;
      }
      CLI::Option* opt = run_cmd->get_option_no_throw(tok.substr(0, tok.find('=')));
      if (opt && opt->get_expected_min() > 0 && tok.find('=') == std::string::npos) j++;  // skip its value
    }
    break;
  }

  try {
    app.parse(parsed_argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (examples_cmd->parsed()) return show_examples(example);
  if (run_cmd->parsed()) {
    if (run.deterministic) {
      if (run.clock == "real" || (run_cmd->count("--backend") > 0 && run.backend == "epoll")) {
        std::fprintf(stderr, "loopscope: --deterministic means the emulated backend on the virtual clock\n");
        return 2;
      }
      run.backend = "emulated";
      run.seed = 1;
      if (run.clock.empty()) run.clock = "virtual";
    }
    return run_snippet(run);
  }
  return 2;
}
