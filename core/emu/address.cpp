// See address.h.
#include "address.h"

#include <cerrno>

#include "types.h"

namespace ls::emu {

std::string SockAddr::str() const {
  if (family == 0) return "-";
  if (family == kAfUnix) return host.empty() ? "(unnamed)" : host;
  if (family == kAfInet6) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

std::string loopback_of(int family) { return family == kAfInet6 ? "::1" : "127.0.0.1"; }
std::string wildcard_of(int family) { return family == kAfInet6 ? "::" : "0.0.0.0"; }

int local_address(std::string_view host, std::uint16_t port, int family, SockAddr& out) {
  SockAddr a;
  int r = parse_host(host, a.family, a.host);
  if (r < 0) return r;
  if (a.family != family) return -EAFNOSUPPORT;
  a.port = port;
  out = std::move(a);
  return 0;
}

int remote_address(std::string_view host, std::uint16_t port, int family, SockAddr& out) {
  int r = local_address(host, port, family, out);
  if (r == -EADDRNOTAVAIL) return -ENETUNREACH;
  if (r < 0) return r;
  if (out.wildcard()) out.host = loopback_of(family);
  return 0;
}

namespace {

// Dotted quad with decimal parts 0..255; writes the normalised form (no leading zeros).
bool parse_ipv4(std::string_view s, int (&parts)[4]) {
  int idx = 0, val = -1;
  for (char c : s) {
    if (c == '.') {
      if (val < 0 || idx == 3) return false;
      parts[idx++] = val;
      val = -1;
    } else if (c >= '0' && c <= '9') {
      val = (val < 0 ? 0 : val * 10) + (c - '0');
      if (val > 255) return false;
    } else {
      return false;
    }
  }
  if (val < 0 || idx != 3) return false;
  parts[3] = val;
  return true;
}

bool looks_ipv6(std::string_view s) {
  if (s.find(':') == std::string_view::npos) return false;
  for (char c : s) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex && c != ':' && c != '.') return false;
  }
  return true;
}

}  // namespace

int parse_host(std::string_view text, int& family, std::string& canon) {
  if (text == "localhost") {
    family = kAfInet;
    canon = "127.0.0.1";
    return 0;
  }
  int p[4];
  if (parse_ipv4(text, p)) {
    family = kAfInet;
    canon = std::to_string(p[0]) + "." + std::to_string(p[1]) + "." + std::to_string(p[2]) + "." +
            std::to_string(p[3]);
    if (p[0] == 127 || canon == "0.0.0.0") return 0;
    return -EADDRNOTAVAIL;
  }
  if (looks_ipv6(text)) {
    family = kAfInet6;
    if (text == "::1" || text == "0:0:0:0:0:0:0:1") {
      canon = "::1";
      return 0;
    }
    if (text == "::" || text == "0:0:0:0:0:0:0:0") {
      canon = "::";
      return 0;
    }
    canon = std::string(text);
    return -EADDRNOTAVAIL;
  }
  return -EINVAL;
}

}  // namespace ls::emu
