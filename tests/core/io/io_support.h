// Support for the I/O conformance suites (streams, pipes, fs, work): every test body runs once per backend,
// each in a doctest SUBCASE named after it ("epoll", "emulated"), so a failure names the backend. ctest runs each
// backend as its own entry by setting LOOPSCOPE_IO_BACKEND=<name> (tests/core/CMakeLists.txt): the other
// subcase is then not declared at all (doctest 2.4.9's --subcase filter loops forever when it filters out a
// subcase that follows the one it runs).
//  - epoll: the real kernel, monotonic clock, an unref'd 15 s watchdog timer so a lost event fails instead of
//    hanging; scratch files in a fresh directory under /tmp.
//  - emulated: the emulated kernel, virtual clock (everything deterministic), 50 us link latency; /tmp of the
//    in-memory fs. A run that could never progress stalls and returns instead of hanging.
// On wasm only the emulated subcase exists (there is no epoll under Emscripten): for_each_backend leaves the
// other out at compile time, so nothing is ever skipped at run time. A case one backend alone can produce
// (a real RLIMIT_NOFILE, an injected fault) uses only_epoll / only_emulated and says so in its name.
#pragma once

#include <doctest/doctest.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "core/loopscope.h"
#include "support.h"

#ifndef __EMSCRIPTEN__
#include <filesystem>

#include <stdlib.h>

#include "core/epoll/epoll_backend.h"
#endif

namespace iotest {

struct EnvOptions {
  uint64_t latency_ns = 50'000;  // emulated link latency
  size_t trace = 0;              // trace capacity (0 = off)
  ls::emu::Config kernel;        // the rest of the emulated kernel's configuration
};

struct Env {
  std::string name;
  std::unique_ptr<ls::Loop> loop;
  ls::emu::Kernel* kernel = nullptr;  // emulated only
  std::string tmp;                    // scratch directory of the backend's file system
  // Handles the test creates; destroyed after the loop closed them (declared after `loop`, so destroyed first).
  std::deque<std::unique_ptr<ls::Handle>> handles;
  ls::Timer* watchdog = nullptr;
  bool watchdog_fired = false;

  Env() = default;
  Env(const Env&) = delete;
  ~Env() {
#ifndef __EMSCRIPTEN__
    if (!kernel && !tmp.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(tmp, ec);
    }
#endif
  }

  bool emulated() const { return kernel != nullptr; }
  ls::Loop& l() { return *loop; }

  template <class H>
  H* make() {
    handles.push_back(std::make_unique<H>(*loop));
    return static_cast<H*>(handles.back().get());
  }
  ls::Tcp* tcp() { return make<ls::Tcp>(); }
  ls::Pipe* pipe() { return make<ls::Pipe>(); }

  // run(Default): returns what it returns. The watchdog turns a hang into a failure.
  int run() {
    int r = loop->run();
    check_watchdog();
    return r;
  }

  void check_watchdog() const {
    CHECK_MESSAGE(!watchdog_fired, "watchdog fired: the scenario never finished on " << name);
  }

  // Checks the scenario ended on its own (the watchdog's close-all can pass for a close the test expects), then
  // closes everything and checks the loop closes clean (libuv's MAKE_VALGRIND_HAPPY).
  void finish() {
    check_watchdog();
    lstest::close_clean(*loop);
  }
};

inline void arm_watchdog(Env& env) {
  env.watchdog = env.make<ls::Timer>();
  env.watchdog->start(
      [&env](ls::Timer&) {
        env.watchdog_fired = true;
        env.loop->walk([](ls::Handle& h) {
          if (!h.is_closing()) h.close();
        });
      },
      15000, 0);
  env.watchdog->unref();
}

#ifndef __EMSCRIPTEN__
inline void make_epoll(Env& env, const EnvOptions& o) {
  env.name = "epoll";
  env.loop = std::make_unique<ls::Loop>(
      lstest::options(std::make_unique<ls::EpollBackend>(), ls::ClockKind::Monotonic, ls::Order::Modern, o.trace));
  char tmpl[] = "/tmp/loopscope-io-XXXXXX";
  REQUIRE(::mkdtemp(tmpl) != nullptr);
  env.tmp = tmpl;
  arm_watchdog(env);
}
#endif

inline void make_emulated(Env& env, const EnvOptions& o) {
  env.name = "emulated";
  ls::EmulatedOptions e;
  e.kernel = o.kernel;
  e.kernel.link.latency = o.latency_ns;
  env.loop = std::make_unique<ls::Loop>(
      lstest::options(ls::make_emulated_backend(e), ls::ClockKind::Virtual, ls::Order::Modern, o.trace));
  env.kernel = ls::emulated_kernel(*env.loop);
  env.tmp = "/tmp";
  arm_watchdog(env);
}

// Whether the backend `name` is selected (LOOPSCOPE_IO_BACKEND unset = every backend).
inline bool selected(const char* name) {
  const char* only = std::getenv("LOOPSCOPE_IO_BACKEND");
  return !only || !*only || std::string(only) == name;
}

// Runs body(env) on every backend of this build, each in its own subcase.
template <class F>
void for_each_backend(F&& body, const EnvOptions& o = {}) {
#ifndef __EMSCRIPTEN__
  if (selected("epoll")) {
    SUBCASE("epoll") {
      Env env;
      make_epoll(env, o);
      body(env);
    }
  }
#endif
  if (selected("emulated")) {
    SUBCASE("emulated") {
      Env env;
      make_emulated(env, o);
      body(env);
    }
  }
}

#ifndef __EMSCRIPTEN__
template <class F>
void only_epoll(F&& body, const EnvOptions& o = {}) {
  if (!selected("epoll")) return;
  SUBCASE("epoll") {
    Env env;
    make_epoll(env, o);
    body(env);
  }
}
#endif

template <class F>
void only_emulated(F&& body, const EnvOptions& o = {}) {
  if (!selected("emulated")) return;
  SUBCASE("emulated") {
    Env env;
    make_emulated(env, o);
    body(env);
  }
}

// A listening Tcp on 127.0.0.1 and an ephemeral port.
inline uint16_t listen_on_loopback(ls::Tcp& server, ls::Stream::ConnectionCallback cb, int backlog = 128) {
  REQUIRE(server.bind("127.0.0.1", 0) == 0);
  REQUIRE(server.listen(backlog, std::move(cb)) == 0);
  ls::SockName name;
  REQUIRE(server.getsockname(name) == 0);
  REQUIRE(name.port != 0);
  return name.port;
}

// An echo server: every connection echoes what it reads and closes at EOF (or on a read error).
struct EchoServer {
  Env& env;
  ls::Tcp* server;
  uint16_t port = 0;
  int accepted = 0;
  int closed = 0;

  explicit EchoServer(Env& e) : env(e), server(e.tcp()) {
    port = listen_on_loopback(*server, [this](ls::Stream& s, int status) {
      REQUIRE(status == 0);
      ls::Tcp* c = env.tcp();
      REQUIRE(s.accept(*c) == 0);
      ++accepted;
      REQUIRE(c->read_start([this](ls::Stream& st, int64_t n, std::string_view data) {
        if (n > 0) {
          CHECK(st.write(std::string(data)) > 0);
        } else {
          st.close([this](ls::Handle&) { ++closed; });
        }
      }) == 0);
    });
  }
};

// Deterministic test bytes: byte i of a stream is pattern(i).
inline char pattern(uint64_t i) { return static_cast<char>('a' + (i * 7 + i / 251) % 26); }
inline std::string pattern_block(uint64_t start, size_t len) {
  std::string s(len, '\0');
  for (size_t k = 0; k < len; ++k) s[k] = pattern(start + k);
  return s;
}

}  // namespace iotest
