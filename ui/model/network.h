// The fds & network panel's view model and the network client's: the program's fd table as the emulated kernel
// sees it (kind, owning handle, interest and readiness as the trace's event bits, buffer fill), the listening
// sockets, the connection table (both ends, bytes in flight, latency), the playground's remote clients, what
// the last poll reported ready, the fault switches, and which fd rows changed in the last step.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/inspect.h"
#include "core/trace.h"
#include "ui/model/words.h"

namespace ls::ui {

class Session;

struct FdRow {
  int fd = -1;
  std::string kind;    // tcp, pipe, file, eventfd, epoll, stdio, unix
  std::string state;   // listening, ESTABLISHED, CLOSE_WAIT, read-end, ...
  uint64_t handle = 0; // the owning handle; 0 for the loop's own fds and for fds no handle owns
  std::string owner;   // "tcp #5", "the loop", "stdio", "-"
  std::string state_text, owner_text;  // the two in the UI's language: what the panel draws (identifiers stay)
  int interest = 0;    // IoEvent bits the loop watches (0 = not watched)
  int ready = 0;       // IoEvent bits the fd is ready for now
  size_t send_fill = 0, send_cap = 0, recv_fill = 0, recv_cap = 0;
  std::string local, peer;
  bool changed = false;  // differs from before the last step (new, or interest / readiness / buffers moved)
};

struct ListenerRow {
  int fd = -1;
  uint16_t port = 0;
  uint64_t handle = 0;
  std::string addr;
  size_t queued = 0;
  int backlog = 0;
};

struct ConnRow {
  uint64_t id = 0;
  std::string client, server;  // addresses
  bool client_remote = false;  // the client is the playground's network client
  uint64_t remote_client = 0;  // ... its id
  int client_fd = -1, server_fd = -1;
  std::string client_state, server_state;
  std::string client_state_text, server_state_text;  // in the UI's language (TCP's state names stay)
  size_t c2s_queued = 0, c2s_inflight = 0, s2c_queued = 0, s2c_inflight = 0;
  uint64_t latency_ms = 0;
};

struct ClientRow {
  uint64_t id = 0;
  uint16_t port = 0;
  std::string state;
  std::string state_text;  // in the UI's language
  bool connected = false, reading = true, shut = false, eof = false, closed = false;
  std::string received;
  size_t unsent = 0;
  std::string error;
};

struct NetworkView {
  bool emulated = false;  // the page's backend: the kernel's tables exist
  std::vector<FdRow> fds;
  std::vector<ListenerRow> listening;
  std::vector<ConnRow> connections;
  std::vector<ClientRow> clients;
  std::vector<std::string> last_ready;  // what the last poll reported: "fd 6: readable", "wake-up"
  std::vector<std::string> last_ready_text;  // the same in the UI's language
  int fd_limit = 0;
  size_t open_fds = 0;
  bool refuse_all = false;
  std::vector<uint16_t> refused_ports;
};

// "readable writable" for IoEvent bits ("-" for none).
std::string io_events_words(int bits);
// The same in lang ("읽기 쓰기"; the rarer bits keep epoll's names).
std::string io_events_text(int bits, Lang lang);
// The fd rows of a snapshot: the kernel's fd table joined with the loop's watchers and the handles' fds.
std::vector<FdRow> fd_rows(const Snapshot& snap);
NetworkView build_network(const Session& s, const Snapshot& snap, Lang lang = Lang::en);
// The display fields of a built view in lang (network_words.cpp): its identifiers are not touched.
void translate_network(NetworkView& v, Lang lang);

}  // namespace ls::ui
