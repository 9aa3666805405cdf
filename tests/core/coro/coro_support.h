// Support for the ls::coro tests (doctest suite "coro"): virtual-clock loops on every backend of the build, each
// body in its own subcase named after the backend, and a clean-close epilogue that also checks no strand is left.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "core/coro/coro.h"
#include "core/emu/emulated_backend.h"
#include "core/loopscope.h"
#include "support.h"

namespace corotest {

inline std::unique_ptr<ls::Loop> emulated_vloop(size_t trace = 0) {
  return std::make_unique<ls::Loop>(
      lstest::options(ls::make_emulated_backend(), ls::ClockKind::Virtual, ls::Order::Modern, trace));
}

// Runs body(loop) on a fresh virtual-clock loop per backend: null, emulated, and natively epoll.
template <class F>
void each_vloop(F&& body, size_t trace = 0) {
  SUBCASE("null") {
    auto loop = lstest::vloop<lstest::NullCase>(ls::Order::Modern, trace);
    body(*loop);
  }
  SUBCASE("emulated") {
    auto loop = emulated_vloop(trace);
    body(*loop);
  }
#ifndef __EMSCRIPTEN__
  SUBCASE("epoll") {
    auto loop = lstest::vloop<lstest::EpollCase>(ls::Order::Modern, trace);
    body(*loop);
  }
#endif
}

// Every strand finished, every handle closed, the loop closes.
inline void finish(ls::Loop& loop) {
  CHECK(ls::coro::strands_of(loop).empty());
  lstest::close_clean(loop);
}

}  // namespace corotest
