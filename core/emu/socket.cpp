// See socket.h.
#include "socket.h"

#include <algorithm>
#include <cerrno>

#include "connection.h"
#include "kernel.h"

namespace ls::emu {

Socket::Socket(Kernel& k, int family)
    : Object(k, family == kAfUnix ? Kind::Unix : Kind::Socket),
      family_(family),
      sndbuf_(k.config().send_buffer),
      rcvbuf_(k.config().recv_buffer) {}

Socket::Socket(Kernel& k, const Socket& listener, std::shared_ptr<Connection> conn)
    : Object(k, listener.kind()),
      family_(listener.family_),
      state_(State::Connected),
      local_(conn->end(Connection::kServer).local),
      peer_(conn->end(Connection::kServer).peer),
      conn_(std::move(conn)),
      side_(Connection::kServer),
      sndbuf_(listener.sndbuf_),
      rcvbuf_(listener.rcvbuf_),
      nodelay_(listener.nodelay_),
      keepalive_(listener.keepalive_),
      keepalive_delay_(listener.keepalive_delay_) {}

int Socket::bind_addr(SockAddr addr) {
  int r = k_.net().bind(this, addr);
  if (r < 0) return r;
  bound_ = addr;
  local_ = addr;
  state_ = State::Bound;
  return 0;
}

int Socket::bind_unix(std::string_view path) {
  if (path.empty()) return -EINVAL;
  if (path.size() >= 108) return -ENAMETOOLONG;  // sizeof(sockaddr_un.sun_path)
  std::shared_ptr<Inode> node;
  int r = k_.fs().make_socket(path, node);
  if (r < 0) return r;
  unix_ino_ = node->ino;
  k_.net().bind_unix(this, unix_ino_);
  bound_ = local_ = SockAddr{kAfUnix, std::string(path), 0};
  state_ = State::Bound;
  return 0;
}

int Socket::bind(std::string_view host, std::uint16_t port) {
  if (state_ != State::Fresh) return -EINVAL;  // already bound (Linux says EINVAL too)
  if (family_ == kAfUnix) return bind_unix(host);
  SockAddr a;
  int r = local_address(host, port, family_, a);
  return r < 0 ? r : bind_addr(a);
}

int Socket::listen(int backlog) {
  if (state_ == State::Fresh && family_ == kAfUnix) return -EINVAL;  // Linux: an unbound unix socket
  if (state_ == State::Fresh) {
    // Linux binds an unbound socket to the wildcard and an ephemeral port.
    int r = bind_addr(SockAddr{family_, wildcard_of(family_), 0});
    if (r < 0) return r;
  }
  if (state_ != State::Bound && state_ != State::Listening) return -EINVAL;
  // Linux admits backlog + 1 connections; we admit exactly `backlog` (at least 1), which is easier to teach.
  backlog_ = std::clamp(backlog, 1, kSoMaxConn);
  state_ = State::Listening;
  return 0;
}

int Socket::connect(std::string_view host, std::uint16_t port) {
  if (state_ == State::Connecting) return -EALREADY;
  if (state_ == State::Connected || state_ == State::Listening) return -EISCONN;
  if (family_ == kAfUnix) return connect_unix(host);
  SockAddr dst;
  int r = remote_address(host, port, family_, dst);
  if (r < 0) return r;
  if (state_ == State::Fresh || (state_ == State::Failed && bound_.family == 0)) {
    r = bind_addr(SockAddr{family_, dst.host, 0});  // implicit bind: source = the loopback address dialled
    if (r < 0) return r;
  }
  if (local_.wildcard()) local_.host = dst.host;
  err_ = 0;
  peer_ = dst;
  state_ = State::Connecting;
  std::uint64_t attempt = ++attempts_;
  std::weak_ptr<Socket> self = std::static_pointer_cast<Socket>(shared_from_this());
  k_.sched().at(k_.now() + k_.net().link_for(port).latency, [self, attempt] {
    if (auto s = self.lock()) s->syn_arrived(attempt);
  });
  return -EINPROGRESS;
}

// The handshake, modelled as one trip of `latency`: at its end the listener is looked up. Both sides become
// established at the same instant, so data sent right away cannot overtake the connection.
void Socket::syn_arrived(std::uint64_t attempt) {
  if (state_ != State::Connecting || attempt != attempts_) return;
  Socket* l = k_.net().find_listener(peer_);
  if (!l || k_.faults().refuses(peer_.port) || !l->has_room()) {
    err_ = -ECONNREFUSED;
    state_ = State::Failed;
    notify(0);
    return;
  }
  join(*l, peer_, k_.net().link_for(peer_.port), false);
  notify(0);
}

void Socket::join(Socket& l, const SockAddr& server_local, const LinkParams& link, bool local) {
  Endpoint client;
  client.local = local_;
  client.peer = peer_;
  client.sndbuf = sndbuf_;
  client.rcvbuf = rcvbuf_;
  client.fd = fd();
  client.gen = generation();
  client.outside = outside_watcher();
  Endpoint server;
  server.local = server_local;
  server.peer = local_;
  server.sndbuf = l.sndbuf_;
  server.rcvbuf = l.rcvbuf_;
  conn_ = k_.net().open_connection(link, std::move(client), std::move(server));
  if (local) conn_->set_local();
  side_ = Connection::kClient;
  state_ = State::Connected;
  l.enqueue(conn_);
}

int Socket::connect_unix(std::string_view path) {
  std::shared_ptr<Inode> node;
  int r = k_.fs().lookup(path, node);
  if (r < 0) return r;
  if ((node->mode & kSIfMt) != kSIfSock) return -ECONNREFUSED;
  Socket* l = k_.net().find_unix(node->ino);
  if (!l || !l->listening()) return -ECONNREFUSED;
  if (!l->has_room()) return -EAGAIN;
  if (local_.family == 0) local_ = SockAddr{kAfUnix, "", 0};
  peer_ = SockAddr{kAfUnix, std::string(path), 0};
  join(*l, l->local_, LinkParams{}, true);
  return 0;
}

void Socket::enqueue(std::shared_ptr<Connection> conn) {
  accept_q_.push_back(std::move(conn));
  notify(kEpollIn);
}

std::shared_ptr<Connection> Socket::dequeue() {
  if (accept_q_.empty()) return nullptr;
  auto c = std::move(accept_q_.front());
  accept_q_.pop_front();
  return c;
}

int Socket::shutdown(int how) {
  if (how != kShutRd && how != kShutWr && how != kShutRdWr) return -EINVAL;
  if (state_ != State::Connected) return -ENOTCONN;
  return conn_->shutdown(side_, how);
}

int Socket::take_error() {
  if (state_ == State::Connected) return conn_->take_error(side_);
  int e = err_;
  err_ = 0;
  return e;
}

int Socket::local_name(SockAddr& out) const {
  out = local_;
  if (out.family == 0) out = SockAddr{family_, family_ == kAfInet6 ? "::" : family_ == kAfUnix ? "" : "0.0.0.0", 0};
  return 0;
}

int Socket::peer_name(SockAddr& out) const {
  if (state_ != State::Connected) return -ENOTCONN;
  out = peer_;
  return 0;
}

int Socket::set_buffer(bool send, std::size_t bytes) {
  if (bytes == 0) return -EINVAL;
  (send ? sndbuf_ : rcvbuf_) = bytes;
  if (conn_) {
    Endpoint& e = conn_->end(side_);
    (send ? e.sndbuf : e.rcvbuf) = bytes;
    conn_->buffers_changed();
  }
  return 0;
}

std::size_t Socket::buffer(bool send) const { return send ? sndbuf_ : rcvbuf_; }

std::uint32_t Socket::poll() const {
  switch (state_) {
    case State::Fresh:
    case State::Bound: return kEpollOut | kEpollHup;
    case State::Listening: return accept_q_.empty() ? 0 : kEpollIn;
    case State::Connecting: return 0;
    case State::Connected: return conn_->poll(side_);
    case State::Failed: return kEpollIn | kEpollRdHup | kEpollHup | kEpollOut | (err_ ? kEpollErr : 0);
  }
  return 0;
}

std::int64_t Socket::read(void* buf, std::size_t len) {
  switch (state_) {
    case State::Connected: return conn_->read(side_, buf, len);
    case State::Connecting: return -EAGAIN;
    case State::Failed: return take_error();
    default: return -ENOTCONN;
  }
}

std::int64_t Socket::writev(const IoVec* iov, int iovcnt) {
  switch (state_) {
    case State::Connected: return conn_->writev(side_, iov, iovcnt);
    case State::Connecting: return -EAGAIN;
    case State::Failed: {
      int e = take_error();
      return e ? e : -EPIPE;
    }
    default: return -EPIPE;  // Linux: send() on a never-connected TCP socket is EPIPE
  }
}

void Socket::on_close() {
  if (state_ == State::Listening) {
    // Connections nobody accepted are reset, so their clients learn of it.
    for (auto& c : accept_q_) c->abort(Connection::kServer);
    accept_q_.clear();
  }
  if (conn_) {
    if (linger0_) {
      conn_->abort(side_);
    } else {
      conn_->close(side_);
    }
  }
  if (unix_ino_) {
    k_.net().unbind_unix(unix_ino_);
  } else if (bound_.family != 0) {
    k_.net().unbind(this, bound_);
  }
  ++attempts_;  // a handshake still on its way finds no matching attempt
}

void Socket::describe(FdView& v) const {
  switch (state_) {
    case State::Fresh: v.state = "fresh"; break;
    case State::Bound: v.state = "bound"; break;
    case State::Listening: v.state = "listening"; break;
    case State::Connecting: v.state = "connecting"; break;
    case State::Failed: v.state = err_ ? "failed " + errno_name(err_) : "failed"; break;
    case State::Connected: v.state = conn_->state_name(side_); break;
  }
  if (state_ != State::Fresh) v.local = local_.str();
  if (state_ == State::Connecting || state_ == State::Connected) v.peer = peer_.str();
  v.send_cap = sndbuf_;
  v.recv_cap = rcvbuf_;
  if (state_ == State::Listening) {
    v.recv_fill = accept_q_.size();
    v.recv_cap = static_cast<std::size_t>(backlog_);
  }
  if (conn_) {
    const Endpoint& e = conn_->end(side_);
    v.send_fill = conn_->send_queued(side_);
    v.send_cap = e.sndbuf;
    v.recv_fill = e.rx.size();
    v.recv_cap = e.rcvbuf;
    v.conn_id = conn_->id();
    if (e.rd_shut) v.flags += " rd-shut";
    if (e.wr_shut) v.flags += " wr-shut";
  }
  if (nodelay_) v.flags += " nodelay";
  if (keepalive_) v.flags += " keepalive=" + std::to_string(keepalive_delay_);
  if (linger0_) v.flags += " linger0";
  if (!v.flags.empty()) v.flags.erase(0, 1);
}

}  // namespace ls::emu
