// NativeSys: datagram sockets as Linux system calls (libuv's src/unix/udp.c in spirit): SOCK_DGRAM sockets,
// sendmsg/recvmsg with the peer's address, MSG_TRUNC reported as `truncated`, the IP / IPv6 options chosen by the
// socket's own family (SO_DOMAIN), as libuv chooses them by UV_HANDLE_IPV6.
#ifndef __EMSCRIPTEN__

#include <cerrno>
#include <cstring>
#include <string>

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "native_sys.h"

namespace ls {

namespace {

int err() { return -errno; }

int domain_of(int fd) {
  int domain = 0;
  socklen_t len = sizeof domain;
  if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) != 0) return err();
  return domain;
}

int set_int(int fd, int level, int name, int value) {
  return setsockopt(fd, level, name, &value, sizeof value) == 0 ? 0 : err();
}

// An IPv6 interface text ("::1%lo") as its scope id, libuv's uv_ip6_addr + sin6_scope_id.
int scope_of(std::string_view iface, unsigned& scope) {
  scope = 0;
  if (iface.empty()) return 0;
  std::string text(iface);
  size_t pct = text.find('%');
  if (pct != std::string::npos) {
    scope = if_nametoindex(text.c_str() + pct + 1);
    text.resize(pct);
  }
  in6_addr a{};
  return inet_pton(AF_INET6, text.c_str(), &a) == 1 ? 0 : -EINVAL;
}

}  // namespace

int NativeSys::udp_socket(AddrFamily family) {
  int domain = family == AddrFamily::Inet6 ? AF_INET6 : AF_INET;
  int fd = ::socket(domain, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  return fd < 0 ? err() : fd;
}

int NativeSys::udp_bind(int fd, std::string_view host, uint16_t port, unsigned flags) {
  NativeAddr a;
  int r = make_inet(host, port, a);
  if (r < 0) return r;
  if ((flags & kUdpReuseAddr) && (r = set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1)) < 0) return r;
  if ((flags & kUdpIpv6Only) && (r = set_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1)) < 0) return r;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a.ss), a.len) == 0) return 0;
  return errno == EAFNOSUPPORT ? -EINVAL : err();  // libuv's mapping (what BSDs say for a family mismatch)
}

int NativeSys::udp_connect(int fd, std::string_view host, uint16_t port) {
  NativeAddr a;
  if (host.empty()) {
    a.ss.ss_family = AF_UNSPEC;  // uv__udp_disconnect
    a.len = sizeof(sockaddr);
  } else if (int r = make_inet(host, port, a); r < 0) {
    return r;
  }
  int r;
  do {
    r = ::connect(fd, reinterpret_cast<sockaddr*>(&a.ss), a.len);
  } while (r < 0 && errno == EINTR);
  return r == 0 ? 0 : err();
}

int64_t NativeSys::udp_send(int fd, const ConstBuf* bufs, int count, const SockName* to) {
  NativeAddr a;
  if (to) {
    if (int r = make_inet(to->host, to->port, a); r < 0) return r;
  }
  iovec iov[64];
  int n = count < 64 ? count : 64;
  for (int i = 0; i < n; ++i) iov[i] = iovec{const_cast<void*>(bufs[i].base), bufs[i].len};
  msghdr h{};
  h.msg_name = to ? &a.ss : nullptr;
  h.msg_namelen = to ? a.len : 0;
  h.msg_iov = iov;
  h.msg_iovlen = static_cast<size_t>(n);
  ssize_t r;
  do {
    r = ::sendmsg(fd, &h, 0);
  } while (r < 0 && errno == EINTR);
  if (r >= 0) return r;
  return errno == EWOULDBLOCK || errno == ENOBUFS ? -EAGAIN : err();
}

int64_t NativeSys::udp_recv(int fd, void* buf, size_t len, SockName& from, bool& truncated) {
  sockaddr_storage ss{};
  iovec iov{buf, len};
  msghdr h{};
  h.msg_name = &ss;
  h.msg_namelen = sizeof ss;
  h.msg_iov = &iov;
  h.msg_iovlen = 1;
  ssize_t r;
  do {
    r = ::recvmsg(fd, &h, 0);
  } while (r < 0 && errno == EINTR);
  if (r < 0) return errno == EWOULDBLOCK ? -EAGAIN : err();
  truncated = (h.msg_flags & MSG_TRUNC) != 0;
  from = SockName{};
  if (h.msg_namelen > 0) to_name(ss, h.msg_namelen, from);
  return r;
}

int NativeSys::udp_set_option(int fd, UdpOption option, int value) {
  int domain = domain_of(fd);
  if (domain < 0) return domain;
  bool v6 = domain == AF_INET6;
  switch (option) {
    case UdpOption::Broadcast: return set_int(fd, SOL_SOCKET, SO_BROADCAST, value);
    case UdpOption::Ttl:
      return v6 ? set_int(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, value) : set_int(fd, IPPROTO_IP, IP_TTL, value);
    case UdpOption::MulticastTtl:
      return v6 ? set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, value)
                : set_int(fd, IPPROTO_IP, IP_MULTICAST_TTL, value);
    case UdpOption::MulticastLoop:
      return v6 ? set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, value)
                : set_int(fd, IPPROTO_IP, IP_MULTICAST_LOOP, value);
  }
  return -EINVAL;
}

int NativeSys::udp_set_membership(int fd, std::string_view group, std::string_view iface, bool join) {
  std::string g(group);
  in_addr g4{};
  if (inet_pton(AF_INET, g.c_str(), &g4) == 1) {
    ip_mreq m{};
    m.imr_multiaddr = g4;
    m.imr_interface.s_addr = htonl(INADDR_ANY);
    if (!iface.empty() && inet_pton(AF_INET, std::string(iface).c_str(), &m.imr_interface) != 1) return -EINVAL;
    int name = join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP;
    return setsockopt(fd, IPPROTO_IP, name, &m, sizeof m) == 0 ? 0 : err();
  }
  ipv6_mreq m{};
  if (inet_pton(AF_INET6, g.c_str(), &m.ipv6mr_multiaddr) != 1) return -EINVAL;
  unsigned scope = 0;
  if (scope_of(iface, scope) < 0) return -EINVAL;
  m.ipv6mr_interface = scope;
  int name = join ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP;
  return setsockopt(fd, IPPROTO_IPV6, name, &m, sizeof m) == 0 ? 0 : err();
}

// libuv 1.44's uv__udp_set_source_membership4/6: IP_ADD_SOURCE_MEMBERSHIP with an ip_mreq_source for IPv4,
// MCAST_JOIN_SOURCE_GROUP with a group_source_req (the interface as its scope id) for IPv6.
int NativeSys::udp_set_source_membership(int fd, std::string_view group, std::string_view iface,
                                         std::string_view source, bool join) {
  std::string g(group), s(source);
  in_addr g4{};
  if (inet_pton(AF_INET, g.c_str(), &g4) == 1) {
    ip_mreq_source m{};
    m.imr_multiaddr = g4;
    if (inet_pton(AF_INET, s.c_str(), &m.imr_sourceaddr) != 1) return -EINVAL;
    m.imr_interface.s_addr = htonl(INADDR_ANY);
    if (!iface.empty() && inet_pton(AF_INET, std::string(iface).c_str(), &m.imr_interface) != 1) return -EINVAL;
    int name = join ? IP_ADD_SOURCE_MEMBERSHIP : IP_DROP_SOURCE_MEMBERSHIP;
    return setsockopt(fd, IPPROTO_IP, name, &m, sizeof m) == 0 ? 0 : err();
  }
  sockaddr_in6 g6{}, s6{};
  g6.sin6_family = s6.sin6_family = AF_INET6;
  if (inet_pton(AF_INET6, g.c_str(), &g6.sin6_addr) != 1) return -EINVAL;
  if (inet_pton(AF_INET6, s.c_str(), &s6.sin6_addr) != 1) return -EINVAL;
  group_source_req m{};
  unsigned scope = 0;
  if (scope_of(iface, scope) < 0) return -EINVAL;
  m.gsr_interface = scope;
  std::memcpy(&m.gsr_group, &g6, sizeof g6);
  std::memcpy(&m.gsr_source, &s6, sizeof s6);
  int name = join ? MCAST_JOIN_SOURCE_GROUP : MCAST_LEAVE_SOURCE_GROUP;
  return setsockopt(fd, IPPROTO_IPV6, name, &m, sizeof m) == 0 ? 0 : err();
}

int NativeSys::udp_set_multicast_interface(int fd, std::string_view iface) {
  int domain = domain_of(fd);
  if (domain < 0) return domain;
  in_addr a4{};
  a4.s_addr = htonl(INADDR_ANY);
  unsigned scope = 0;
  bool v6 = domain == AF_INET6;
  if (!iface.empty()) {
    std::string text(iface);
    if (inet_pton(AF_INET, text.c_str(), &a4) == 1) {
      v6 = false;
    } else if (scope_of(iface, scope) == 0) {
      v6 = true;
    } else {
      return -EINVAL;
    }
  }
  if (v6) return setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &scope, sizeof scope) == 0 ? 0 : err();
  return setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &a4, sizeof a4) == 0 ? 0 : err();
}

}  // namespace ls

#endif  // __EMSCRIPTEN__
