// What the loopscope examples share: the loop they run on, picked by `--backend emulated|epoll` (and the clock
// that goes with it), so each example body stays a top-to-bottom read.
//   emulated: the in-memory kernel on the virtual clock — deterministic, nothing ever sleeps for real;
//   epoll:    real sockets and the real kernel; the clock is the one the example asks for.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "core/emu/emulated_backend.h"
#include "core/epoll/epoll_backend.h"
#include "core/loopscope.h"

namespace example {

struct Options {
  std::string backend;
  std::string style;  // --style, for the examples that show the same thing two ways ("" = both)
};

inline Options parse(int argc, char** argv, const char* default_backend) {
  Options o{default_backend, ""};
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--backend") == 0) o.backend = argv[i + 1];
    if (std::strcmp(argv[i], "--style") == 0) o.style = argv[i + 1];
  }
  if (o.backend != "emulated" && o.backend != "epoll") {
    std::fprintf(stderr, "usage: %s [--backend emulated|epoll] [--style ...]\n", argv[0]);
    std::exit(2);
  }
  return o;
}

// The emulated backend always runs on the virtual clock; epoll on `epoll_clock`.
inline std::unique_ptr<ls::Loop> make_loop(const Options& o, ls::ClockKind epoll_clock = ls::ClockKind::Monotonic) {
  ls::LoopOptions lo;
  if (o.backend == "emulated") {
    lo.backend = ls::make_emulated_backend();
    lo.clock = ls::ClockKind::Virtual;
  } else {
    lo.backend = std::make_unique<ls::EpollBackend>();
    lo.clock = epoll_clock;
  }
  return std::make_unique<ls::Loop>(std::move(lo));
}

}  // namespace example
