// Faults: the switches of fault injection, read by the parts of the kernel they affect. Plain data so the
// playground can show and edit them directly; Kernel offers the calls that need more than a field (fd limit,
// resetting one live connection now / at a time / after a byte count).
//  - refused_ports: connect() to such a port fails with ECONNREFUSED (after the link latency), listener or not.
//  - short_write_cap: every stream write (tcp, pipe, unix) accepts at most this many bytes; 0 = off.
//  - eintr_waits: the next N epoll_wait calls return -EINTR without looking at the ready list.
//  - reset_port_after: every connection accepted on that port is reset (RST both ways) once that many bytes
//    have been delivered over it, counting both directions.
// Tests: tests/core/emu/test_emu_faults.cpp
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>

namespace ls::emu {

struct Faults {
  std::set<std::uint16_t> refused_ports;
  bool refuse_all = false;  // every connect() is refused
  std::size_t short_write_cap = 0;
  int eintr_waits = 0;
  std::map<std::uint16_t, std::uint64_t> reset_port_after;

  void refuse_port(std::uint16_t port, bool on = true) {
    if (on) {
      refused_ports.insert(port);
    } else {
      refused_ports.erase(port);
    }
  }
  bool refuses(std::uint16_t port) const { return refuse_all || refused_ports.count(port) != 0; }
  void clear() { *this = Faults{}; }
};

}  // namespace ls::emu
