// Helpers shared by the emulated-kernel tests (tests/core/emu/): time steps, a listener, a connected pair, and
// read/write loops. Everything drives virtual time by hand, as the loop's virtual clock will.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <string>

#include "core/emu/kernel.h"

namespace emu_test {

using namespace ls::emu;

constexpr Nanos kUs = 1000;
constexpr Nanos kMs = 1000 * kUs;

inline Config with_latency(Nanos latency) {
  Config c;
  c.link.latency = latency;
  return c;
}

inline void step(Kernel& k, Nanos dt) { REQUIRE(k.advance_to(k.now_ns() + dt) == 0); }

// What a virtual-clock loop does when its poll would block: jump to the next scheduled event.
inline bool jump(Kernel& k) {
  auto t = k.next_event_time();
  if (!t) return false;
  REQUIRE(k.advance_to(std::max(*t, k.now_ns())) == 0);
  return true;
}

inline int listener(Kernel& k, std::uint16_t port, int backlog = 128, const char* host = "127.0.0.1") {
  int fd = k.socket(std::string(host).find(':') != std::string::npos ? kAfInet6 : kAfInet);
  REQUIRE(fd >= 0);
  REQUIRE(k.bind(fd, host, port) == 0);
  REQUIRE(k.listen(fd, backlog) == 0);
  return fd;
}

struct Pair {
  int client = -1, server = -1;
};

// Connects a new client to port and accepts it on lfd, moving time as far as the handshake needs.
inline Pair connect_pair(Kernel& k, int lfd, std::uint16_t port) {
  Pair p;
  p.client = k.socket();
  REQUIRE(p.client >= 0);
  REQUIRE(k.connect(p.client, "127.0.0.1", port) == -EINPROGRESS);
  for (int i = 0; i < 100 && (p.server = k.accept(lfd)) == -EAGAIN; ++i) jump(k);
  REQUIRE(p.server >= 0);
  REQUIRE(k.getsockopt_error(p.client) == 0);
  return p;
}

// Reads until the fd has nothing more right now; returns what was read. `last` gets the final result.
inline std::string read_available(Kernel& k, int fd, std::int64_t* last = nullptr) {
  std::string out;
  char buf[4096];
  std::int64_t n;
  while ((n = k.read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  if (last) *last = n;
  return out;
}

// Deterministic test bytes (not all equal, so reordering would show).
inline std::string pattern(std::size_t n, unsigned seed = 1) {
  std::string s(n, '\0');
  std::uint32_t x = seed * 2654435761u + 1;
  for (auto& c : s) {
    x = x * 1664525u + 1013904223u;
    c = static_cast<char>(x >> 24);
  }
  return s;
}

// The inspection row of one fd (looked up by number: the snapshot lists open fds only, so a vector index is not
// an fd once one was closed).
inline FdView fd_view(Kernel& k, int fd) {
  for (const FdView& v : k.inspect().fds) {
    if (v.fd == fd) return v;
  }
  FAIL("fd " << fd << " is not open");
  return FdView{};
}

inline std::int64_t write_str(Kernel& k, int fd, const std::string& s) { return k.write(fd, s.data(), s.size()); }

}  // namespace emu_test
