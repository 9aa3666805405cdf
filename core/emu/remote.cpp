// See remote.h.
#include "remote.h"

#include <cerrno>

#include "connection.h"
#include "kernel.h"
#include "socket.h"

namespace ls::emu {

struct RemoteHost::Client {
  std::uint64_t id = 0;
  std::uint16_t port = 0;
  std::shared_ptr<Socket> sock;
  std::string received;
  std::string outbox;          // sent by the user, not yet accepted by the socket
  bool reading = true;
  bool want_shutdown = false;  // the FIN goes once the outbox is empty
  bool shut = false;
  bool eof = false;
  bool closed = false;
  bool was_connected = false;
  bool service_scheduled = false;
  std::string error;
};

RemoteHost::RemoteHost(Kernel& k) : k_(k) {}

RemoteHost::~RemoteHost() {
  for (auto& [id, c] : clients_)
    if (!c->closed) c->sock->on_close();
}

RemoteHost::Client* RemoteHost::find(std::uint64_t id) const {
  auto it = clients_.find(id);
  return it == clients_.end() ? nullptr : it->second.get();
}

std::int64_t RemoteHost::connect(std::string_view host, std::uint16_t port) {
  k_.sched().run_due();  // as every system call does: what is due now happens first
  int family = 0;
  std::string canon;
  if (parse_host(host, family, canon) < 0) return -EINVAL;
  auto c = std::make_shared<Client>();
  c->id = next_id_++;
  c->port = port;
  c->sock = std::make_shared<Socket>(k_, family);
  std::weak_ptr<Client> weak = c;
  c->sock->set_outside_watcher([this, weak] {
    if (auto locked = weak.lock()) schedule(locked);
  });
  int r = c->sock->connect(host, port);
  if (r != -EINPROGRESS) c->error = errno_name(r);
  clients_[c->id] = c;
  return static_cast<std::int64_t>(c->id);
}

int RemoteHost::send(std::uint64_t id, std::string_view bytes) {
  k_.sched().run_due();
  Client* c = find(id);
  if (!c) return -ENOENT;
  if (c->closed || c->want_shutdown) return -EPIPE;
  c->outbox.append(bytes);
  service(*c);
  return 0;
}

int RemoteHost::shutdown(std::uint64_t id) {
  k_.sched().run_due();
  Client* c = find(id);
  if (!c) return -ENOENT;
  if (c->closed) return -EPIPE;
  c->want_shutdown = true;
  service(*c);
  return 0;
}

int RemoteHost::close(std::uint64_t id) {
  k_.sched().run_due();
  Client* c = find(id);
  if (!c) return -ENOENT;
  if (c->closed) return 0;
  service(*c);  // take what already arrived, as a reader would before closing
  c->closed = true;
  c->sock->on_close();
  k_.net().reap();
  return 0;
}

int RemoteHost::set_reading(std::uint64_t id, bool on) {
  k_.sched().run_due();
  Client* c = find(id);
  if (!c) return -ENOENT;
  c->reading = on;
  service(*c);
  return 0;
}

std::uint64_t RemoteHost::connection_id(std::uint64_t id) const {
  Client* c = find(id);
  return c && c->sock->connection() ? c->sock->connection()->id() : 0;
}

void RemoteHost::schedule(const std::shared_ptr<Client>& c) {
  if (c->service_scheduled || c->closed) return;
  c->service_scheduled = true;
  std::weak_ptr<Client> weak = c;
  k_.sched().at(k_.now(), [this, weak] {
    if (auto locked = weak.lock()) {
      locked->service_scheduled = false;
      service(*locked);
    }
  });
}

// Writes what the window takes, sends the FIN when asked and the outbox is empty, reads what arrived.
void RemoteHost::service(Client& c) {
  if (c.closed) return;
  Socket& s = *c.sock;
  if (s.state() == Socket::State::Failed) {
    int e = s.take_error();
    if (e && c.error.empty()) c.error = errno_name(e);
    return;
  }
  if (s.state() != Socket::State::Connected) return;
  c.was_connected = true;
  auto note = [&c](std::int64_t r) {
    if (r < 0 && r != -EAGAIN && c.error.empty()) c.error = errno_name(static_cast<int>(r));
  };
  while (!c.outbox.empty()) {
    IoVec v{c.outbox.data(), c.outbox.size()};
    std::int64_t r = s.writev(&v, 1);
    if (r <= 0) {
      note(r);
      break;
    }
    c.outbox.erase(0, static_cast<std::size_t>(r));
  }
  if (c.want_shutdown && c.outbox.empty() && !c.shut) {
    c.shut = true;
    note(s.shutdown(kShutWr));
  }
  while (c.reading && !c.eof) {
    char buf[16384];
    std::int64_t r = s.read(buf, sizeof buf);
    if (r > 0) {
      c.received.append(buf, static_cast<std::size_t>(r));
    } else if (r == 0) {
      c.eof = true;
    } else {
      note(r);
      break;
    }
  }
}

std::vector<RemoteClientView> RemoteHost::view() const {
  std::vector<RemoteClientView> out;
  for (const auto& [id, c] : clients_) {
    RemoteClientView v;
    v.id = id;
    v.port = c->port;
    v.reading = c->reading;
    v.shut = c->shut;
    v.eof = c->eof;
    v.closed = c->closed;
    v.received = c->received;
    v.unsent = c->outbox.size();
    v.error = c->error;
    v.conn_id = c->sock->connection() ? c->sock->connection()->id() : 0;
    Socket::State st = c->sock->state();
    v.connected = st == Socket::State::Connected && !c->closed;
    if (c->closed) {
      v.state = "closed";
    } else if (st == Socket::State::Connecting) {
      v.state = "connecting";
    } else if (st == Socket::State::Failed || (!c->was_connected && !c->error.empty())) {
      v.state = c->error == "ECONNREFUSED" ? "refused" : "failed";
    } else if (c->error == "ECONNRESET" || c->error == "EPIPE") {
      v.state = "reset";
    } else if (c->eof && c->shut) {
      v.state = "finished";
    } else if (c->eof) {
      v.state = "peer closed";
    } else {
      v.state = "connected";
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace ls::emu
