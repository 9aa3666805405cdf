// See network.h.
#include "network.h"

#include <cerrno>

#include "dgram.h"
#include "kernel.h"
#include "socket.h"

namespace ls::emu {

Network::Network(Kernel& k, std::uint16_t ephemeral_first, std::uint16_t ephemeral_last)
    : k_(k), eph_first_(ephemeral_first), eph_last_(ephemeral_last), eph_next_(ephemeral_first) {}

LinkParams Network::link_for(std::uint16_t port) const {
  auto it = port_links_.find(port);
  return it == port_links_.end() ? default_link : it->second;
}

int Network::bind(Socket* owner, SockAddr& addr) { return bind_in(ports_, owner, addr); }
void Network::unbind(Socket* owner, const SockAddr& addr) { unbind_in(ports_, owner, addr); }
int Network::bind_udp(DgramSocket* owner, SockAddr& addr) { return bind_in(udp_ports_, owner, addr); }
void Network::unbind_udp(DgramSocket* owner, const SockAddr& addr) { unbind_in(udp_ports_, owner, addr); }

int Network::bind_in(PortTable& table, Object* owner, SockAddr& addr) {
  if (addr.port == 0) {
    // Next free ephemeral port, round-robin like Linux's port hint, and deterministic.
    int span = eph_last_ - eph_first_ + 1;
    for (int i = 0; i < span; ++i) {
      std::uint16_t p = eph_next_;
      eph_next_ = p == eph_last_ ? eph_first_ : static_cast<std::uint16_t>(p + 1);
      auto it = table.find({addr.family, p});
      if (it == table.end() || it->second.empty()) {
        addr.port = p;
        break;
      }
    }
    if (addr.port == 0) return -EADDRNOTAVAIL;
  }
  std::vector<Binding>& v = table[{addr.family, addr.port}];
  for (const Binding& b : v) {
    if (b.host == addr.host || addr.wildcard() || b.host == "0.0.0.0" || b.host == "::") return -EADDRINUSE;
  }
  v.push_back(Binding{addr.host, owner});
  return 0;
}

void Network::unbind_in(PortTable& table, Object* owner, const SockAddr& addr) {
  auto it = table.find({addr.family, addr.port});
  if (it == table.end()) return;
  auto& v = it->second;
  for (auto b = v.begin(); b != v.end(); ++b) {
    if (b->owner == owner) {
      v.erase(b);
      break;
    }
  }
  if (v.empty()) table.erase(it);
}

template <class Accepts>
Object* Network::find_in(const PortTable& table, const SockAddr& dst, Accepts&& accepts) {
  auto it = table.find({dst.family, dst.port});
  if (it == table.end()) return nullptr;
  Object* wildcard = nullptr;
  for (const Binding& b : it->second) {
    if (!accepts(b.owner)) continue;
    if (b.host == dst.host) return b.owner;
    if (b.host == "0.0.0.0" || b.host == "::") wildcard = b.owner;
  }
  return wildcard;
}

Socket* Network::find_listener(const SockAddr& dst) const {
  return static_cast<Socket*>(find_in(ports_, dst, [](Object* o) { return static_cast<Socket*>(o)->listening(); }));
}

DgramSocket* Network::find_udp(const SockAddr& dst) const {
  return static_cast<DgramSocket*>(find_in(udp_ports_, dst, [](Object*) { return true; }));
}

Socket* Network::find_unix(std::uint64_t ino) const {
  auto it = unix_.find(ino);
  return it == unix_.end() ? nullptr : it->second;
}

std::shared_ptr<Connection> Network::open_connection(const LinkParams& link, Endpoint client, Endpoint server) {
  std::uint16_t port = server.local.port;
  auto c = std::make_shared<Connection>(k_, next_conn_id_++, link, std::move(client), std::move(server));
  auto rule = k_.faults().reset_port_after.find(port);
  if (rule != k_.faults().reset_port_after.end()) c->reset_after(rule->second);
  conns_[c->id()] = c;
  return c;
}

Connection* Network::find(std::uint64_t id) const {
  auto it = conns_.find(id);
  return it == conns_.end() ? nullptr : it->second.get();
}

void Network::reap() {
  for (auto it = closing_.begin(); it != closing_.end();) {
    auto c = conns_.find(*it);
    if (c != conns_.end() && !c->second->finished()) {
      ++it;
      continue;
    }
    if (c != conns_.end()) conns_.erase(c);
    it = closing_.erase(it);
  }
}

}  // namespace ls::emu
