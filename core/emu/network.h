// Network: the virtual loopback network's tables — which socket owns which (family, address, port) — TCP and
// UDP ports apart, as on Linux —, which sockets listen, the ephemeral port counter, the link parameters (default and per server port), and the
// connection table (ordered by id, so the network panel lists connections in the order they were made).
// Socket holds the per-socket logic; Connection the per-connection wire.
// Tests: tests/core/emu/test_emu_tcp.cpp
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "address.h"
#include "connection.h"

namespace ls::emu {

class DgramSocket;
class Kernel;
class Object;
class Socket;

class Network {
 public:
  Network(Kernel& k, std::uint16_t ephemeral_first, std::uint16_t ephemeral_last);

  LinkParams default_link;
  // Link used by connections to a server port (the connect handshake included), overriding default_link.
  void set_port_link(std::uint16_t port, const LinkParams& link) { port_links_[port] = link; }
  void clear_port_link(std::uint16_t port) { port_links_.erase(port); }
  LinkParams link_for(std::uint16_t port) const;

  // Reserves addr for owner; port 0 takes the next free ephemeral port (written back into addr). A wildcard
  // address conflicts with every address of its family on that port, as without SO_REUSEADDR.
  // -EADDRINUSE, or -EADDRNOTAVAIL when no ephemeral port is left.
  int bind(Socket* owner, SockAddr& addr);
  void unbind(Socket* owner, const SockAddr& addr);
  // The same for datagram sockets, in their own port space (dgram.h).
  int bind_udp(DgramSocket* owner, SockAddr& addr);
  void unbind_udp(DgramSocket* owner, const SockAddr& addr);
  // The datagram socket a datagram to dst reaches: one bound to dst's exact host first, else the wildcard.
  DgramSocket* find_udp(const SockAddr& dst) const;
  // The listening socket a SYN to dst reaches: one bound to dst's exact host first, else the wildcard.
  Socket* find_listener(const SockAddr& dst) const;

  // AF_UNIX: sockets bound to a path, keyed by the socket node's inode number (unlinking the path hides the
  // listener from connect, as on Linux; a new node at the same path is a different key).
  void bind_unix(Socket* owner, std::uint64_t ino) { unix_[ino] = owner; }
  void unbind_unix(std::uint64_t ino) { unix_.erase(ino); }
  Socket* find_unix(std::uint64_t ino) const;

  std::shared_ptr<Connection> open_connection(const LinkParams& link, Endpoint client, Endpoint server);
  Connection* find(std::uint64_t id) const;
  // Forgets connections whose both sides are done (closed and nothing left on the wire). Only connections with a
  // closed side can be done, so only those are looked at: reap() runs on every syscall.
  void reap();
  void side_closed(std::uint64_t id) { closing_.insert(id); }
  const std::map<std::uint64_t, std::shared_ptr<Connection>>& connections() const { return conns_; }

 private:
  struct Binding {
    std::string host;
    Object* owner;  // a Socket in ports_, a DgramSocket in udp_ports_
  };
  using PortKey = std::pair<int, std::uint16_t>;  // (family, port)
  using PortTable = std::map<PortKey, std::vector<Binding>>;
  int bind_in(PortTable& table, Object* owner, SockAddr& addr);
  static void unbind_in(PortTable& table, Object* owner, const SockAddr& addr);
  // The binding a packet to dst reaches in table (exact host, else wildcard) among those `accepts`.
  template <class Accepts>
  static Object* find_in(const PortTable& table, const SockAddr& dst, Accepts&& accepts);

  Kernel& k_;
  PortTable ports_, udp_ports_;
  std::map<std::uint64_t, Socket*> unix_;
  std::map<std::uint16_t, LinkParams> port_links_;
  std::map<std::uint64_t, std::shared_ptr<Connection>> conns_;
  std::set<std::uint64_t> closing_;  // connections with a closed side, the candidates of reap()
  std::uint64_t next_conn_id_ = 1;
  std::uint16_t eph_first_, eph_last_, eph_next_;
};

}  // namespace ls::emu
