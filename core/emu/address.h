// Socket addresses of the virtual loopback network. The only machine is this one: IPv4 127.0.0.0/8 (every
// address in it is local, as on Linux), IPv6 ::1, and the wildcards 0.0.0.0 and ::. Anything else parses but is
// not reachable: -EADDRNOTAVAIL for bind, -ENETUNREACH for connect. Hosts are kept as canonical strings
// ("127.0.0.1", "::1") because the UI shows them and ordering by string is deterministic.
// Tests: tests/core/emu/test_emu_tcp.cpp (bind/connect errors, IPv6, wildcard)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ls::emu {

struct SockAddr {
  int family = 0;    // kAfInet, kAfInet6, kAfUnix; 0 = unset (an unbound socket)
  std::string host;  // AF_UNIX: the path ("" = unnamed)
  std::uint16_t port = 0;

  bool wildcard() const { return host == "0.0.0.0" || host == "::"; }
  std::string str() const;  // "127.0.0.1:8000", "[::1]:8000"; "-" when unset
  friend bool operator==(const SockAddr&, const SockAddr&) = default;
};

// Parses "localhost", dotted IPv4, or an IPv6 loopback/wildcard. Returns 0 with family and canonical host set,
// -EINVAL for text that is no address, -EADDRNOTAVAIL for an address outside this machine.
int parse_host(std::string_view text, int& family, std::string& canon);

// "127.0.0.1" or "::1"; the wildcard: "0.0.0.0" or "::".
std::string loopback_of(int family);
std::string wildcard_of(int family);

// The address a socket of `family` binds to (TCP and UDP alike): parse_host's errors, -EAFNOSUPPORT for an
// address of the other family.
int local_address(std::string_view host, std::uint16_t port, int family, SockAddr& out);
// The address a socket of `family` connects or sends to: as local_address, but an address outside this machine is
// -ENETUNREACH (no route beyond loopback) and the wildcard means this host (its loopback address), as on Linux.
int remote_address(std::string_view host, std::uint16_t port, int family, SockAddr& out);

}  // namespace ls::emu
