// Test support: the backends every loop test runs against, loop factories, and the clean-close epilogue that
// ends every test (libuv's MAKE_VALGRIND_HAPPY: walk + close all + run + loop.close() == 0).
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/loopscope.h"

#ifndef __EMSCRIPTEN__
#include "core/epoll/epoll_backend.h"
#endif

namespace lstest {

// Backend cases for TEST_CASE_TEMPLATE: every loop-level test runs on each (the fault matrix, tests/reliability,
// counts a B1 row as covered on a backend by these cases' names).
struct NullCase {
  static constexpr const char* name = "null";
  static std::unique_ptr<ls::Backend> make() { return ls::make_null_backend(); }
};
struct EmulatedCase {
  static constexpr const char* name = "emulated";
  static std::unique_ptr<ls::Backend> make() { return ls::make_emulated_backend(); }
};
#ifndef __EMSCRIPTEN__
struct EpollCase {
  static constexpr const char* name = "epoll";
  static std::unique_ptr<ls::Backend> make() { return std::make_unique<ls::EpollBackend>(); }
};
#define LS_BACKENDS lstest::NullCase, lstest::EmulatedCase, lstest::EpollCase
#else
#define LS_BACKENDS lstest::NullCase, lstest::EmulatedCase
#endif

inline ls::LoopOptions options(std::unique_ptr<ls::Backend> backend, ls::ClockKind clock = ls::ClockKind::Virtual,
                               ls::Order order = ls::Order::Modern, size_t trace = 0) {
  ls::LoopOptions o;
  o.clock = clock;
  o.order = order;
  o.trace_capacity = trace;
  o.backend = std::move(backend);
  return o;
}

// A virtual-clock loop on backend B.
template <class B>
std::unique_ptr<ls::Loop> vloop(ls::Order order = ls::Order::Modern, size_t trace = 0) {
  return std::make_unique<ls::Loop>(options(B::make(), ls::ClockKind::Virtual, order, trace));
}

// Closes every handle still open, runs the loop until the close callbacks ran, and checks the loop closes.
inline void close_clean(ls::Loop& loop) {
  loop.walk([](ls::Handle& h) {
    if (!h.is_closing()) h.close();
  });
  CHECK(loop.run() == 0);
  CHECK(loop.inspect().handles.empty());
  CHECK(loop.active_requests() == 0);
  CHECK(loop.close() == 0);
}

// Records callbacks as short strings ("t1", "idle", ...) for order assertions.
struct Log {
  std::vector<std::string> v;
  void operator()(std::string s) { v.push_back(std::move(s)); }
  std::string str() const {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
    return out;
  }
};

}  // namespace lstest

// Template test names end in the backend's name (e.g. "timer_order: ...<emulated>"), so a filter can pick one
// backend (the fault matrix does).
TYPE_TO_STRING_AS("null", lstest::NullCase);
TYPE_TO_STRING_AS("emulated", lstest::EmulatedCase);
#ifndef __EMSCRIPTEN__
TYPE_TO_STRING_AS("epoll", lstest::EpollCase);
#endif
