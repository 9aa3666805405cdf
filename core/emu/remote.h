// RemoteHost: clients that live outside the program, on another host of the virtual network — the playground's
// network client (like `nc`). Their sockets are in no fd table, so the fd limit does not count them and the
// program's fd list does not show them; the connection table does (ConnView::client_remote).
//
// A client is driven by the kernel itself, never by the caller's timing: whenever its socket changes (connected,
// data arrived, window opened, reset), a kernel action at that instant writes what the user queued (as the
// window allows) and, unless reading is off, reads everything that arrived. So the same calls at the same virtual
// times give the same bytes at the same times, however often the caller looks. With reading off, arrived bytes
// stay in the client's receive buffer and the program's writes meet back-pressure.
// Tests: tests/core/emu/test_emu_remote.cpp
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ls::emu {

class Kernel;
class Socket;

struct RemoteClientView {
  std::uint64_t id = 0;
  std::uint16_t port = 0;
  std::string state;        // connecting, connected, refused, closed, reset, ...
  bool connected = false;   // the handshake completed (and the client has not closed)
  bool reading = true;
  bool shut = false;        // the client sent its FIN (shutdown)
  bool eof = false;         // the program's side sent its FIN and every byte before it was read
  bool closed = false;      // the user closed the client
  std::string received;     // every byte the client read, in order
  std::size_t unsent = 0;   // bytes the user sent that have not left the client yet
  std::string error;        // the first error the client met: ECONNREFUSED, ECONNRESET, EPIPE, ...
  std::uint64_t conn_id = 0;  // the connection table row, 0 before the handshake
};

class RemoteHost {
 public:
  explicit RemoteHost(Kernel& k);
  ~RemoteHost();
  RemoteHost(const RemoteHost&) = delete;
  RemoteHost& operator=(const RemoteHost&) = delete;

  // A new client connecting to host:port (ids 1, 2, ...); how it went shows in view() after the handshake's
  // latency. -EINVAL for a host the network does not know.
  std::int64_t connect(std::string_view host, std::uint16_t port);
  // Queues bytes; they go out as the connection allows. -ENOENT: no such client; -EPIPE: shut down or closed.
  int send(std::uint64_t id, std::string_view bytes);
  int shutdown(std::uint64_t id);  // FIN after the queued bytes
  int close(std::uint64_t id);     // close(2): RST instead if arrived bytes were never read
  int set_reading(std::uint64_t id, bool on);
  std::uint64_t connection_id(std::uint64_t id) const;  // 0 if none (yet)

  std::vector<RemoteClientView> view() const;  // ascending id
  bool empty() const { return clients_.empty(); }
  bool has(std::uint64_t id) const { return find(id) != nullptr; }

 private:
  struct Client;
  Client* find(std::uint64_t id) const;
  void schedule(const std::shared_ptr<Client>& c);  // service c in a kernel action now
  void service(Client& c);

  Kernel& k_;
  std::map<std::uint64_t, std::shared_ptr<Client>> clients_;
  std::uint64_t next_id_ = 1;
};

}  // namespace ls::emu
