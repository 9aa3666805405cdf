// build_network: the fds & network panel and the network client, from the snapshot and the trace.
#include "ui/model/network.h"

#include <map>

#include "core/loop.h"
#include "ui/model/session.h"

namespace ls::ui {

std::string io_events_words(int bits) {
  static const std::pair<int, const char*> kNames[] = {{kReadable, "readable"},   {kWritable, "writable"},
                                                       {kDisconnect, "rdhup"},    {kPrioritized, "pri"},
                                                       {kError, "error"},         {kHangup, "hup"}};
  std::string out;
  for (const auto& [bit, name] : kNames) {
    if (!(bits & bit)) continue;
    if (!out.empty()) out += ' ';
    out += name;
  }
  return out.empty() ? "-" : out;
}

std::vector<FdRow> fd_rows(const Snapshot& snap) {
  std::map<int, const FdInfo*> watched;
  for (const FdInfo& f : snap.fds) watched[f.fd] = &f;
  std::map<int, const HandleInfo*> owner;
  for (const HandleInfo& h : snap.handles)
    if (h.fd >= 0 && !h.closing) owner[h.fd] = &h;
  std::vector<FdRow> rows;
  for (const KernelFdInfo& k : snap.kernel_fds) {
    FdRow r;
    r.fd = k.fd;
    r.kind = k.kind;
    r.state = k.state;
    r.ready = k.ready;
    r.send_fill = k.send_fill;
    r.send_cap = k.send_cap;
    r.recv_fill = k.recv_fill;
    r.recv_cap = k.recv_cap;
    r.local = k.local;
    r.peer = k.peer;
    auto w = watched.find(k.fd);
    if (w != watched.end()) {
      r.interest = w->second->interest;
      r.handle = w->second->handle_id;
    }
    auto h = owner.find(k.fd);
    if (r.handle == 0 && h != owner.end()) r.handle = h->second->id;
    if (r.handle) {
      r.owner = std::string(to_string(h != owner.end() ? h->second->type : HandleType::Unknown)) + " #" +
                std::to_string(r.handle);
    } else if (k.kind == "stdio") {
      r.owner = "stdio";
    } else if (w != watched.end() || k.kind == "epoll" || k.kind == "eventfd") {
      r.owner = "the loop";  // its readiness set, wake-up eventfd, signal pipe, thread pool's notifier
    } else if (k.kind == "file" && k.state == "/") {
      r.owner = "the loop (EMFILE spare)";  // libuv keeps "/" open to give up when accept() meets EMFILE
    } else {
      r.owner = k.kind == "file" ? "fs request" : "the loop";
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

namespace {

// What the newest poll reported ready (its poll_ready events), searched back to its poll_timeout: in English
// and in lang.
void last_ready(const Trace& trace, Lang lang, std::vector<std::string>& out, std::vector<std::string>& text) {
  for (uint64_t seq = trace.last_seq(), n = 0; seq > 0 && n < 4096; --seq, ++n) {
    const TraceEvent* ev = trace.event(seq);
    if (!ev || ev->kind == TraceKind::PollTimeout || ev->kind == TraceKind::RunBegin) break;
    if (ev->kind != TraceKind::PollReady) continue;
    const char* wake = N_("wake-up (async send or thread-pool completion)");
    std::string fd = std::to_string(ev->a);
    out.insert(out.begin(), ev->a == -2 ? std::string(wake) : "fd " + fd + ": " + io_events_words((int)ev->b));
    text.insert(text.begin(), ev->a == -2 ? std::string(tr(lang, wake))
                                          : fmt(lang, "fd {0}: {1}", {fd, io_events_text((int)ev->b, lang)}));
  }
}

bool same_fd(const FdRow& a, const FdRow& b) {
  return a.kind == b.kind && a.state == b.state && a.interest == b.interest && a.ready == b.ready &&
         a.send_fill == b.send_fill && a.recv_fill == b.recv_fill && a.handle == b.handle;
}

}  // namespace

NetworkView build_network(const Session& s, const Snapshot& snap, Lang lang) {
  NetworkView v;
  v.emulated = snap.backend == "emulated";
  v.fds = fd_rows(snap);
  if (s.last_was_step()) {
    std::map<int, const FdRow*> before;
    for (const FdRow& r : s.fds_before_step()) before[r.fd] = &r;
    for (FdRow& r : v.fds) {
      auto b = before.find(r.fd);
      r.changed = b == before.end() || !same_fd(*b->second, r);
    }
  }
  std::map<int, uint64_t> handle_of;
  for (const FdRow& r : v.fds) handle_of[r.fd] = r.handle;
  for (const ListenerInfo& l : snap.listeners)
    v.listening.push_back(ListenerRow{l.fd, l.port, handle_of[l.fd], l.addr, l.queued, l.backlog});
  std::map<uint64_t, uint64_t> client_of_conn;
  for (const RemoteClientInfo& c : snap.remote_clients) {
    if (c.conn_id) client_of_conn[c.conn_id] = c.id;
    v.clients.push_back(ClientRow{c.id, c.port, c.state, "", c.connected, c.reading, c.shut, c.eof, c.closed,
                                  c.received, c.unsent, c.error});
  }
  for (const ConnectionInfo& c : snap.connections) {
    ConnRow r;
    r.id = c.id;
    r.client = c.client;
    r.server = c.server;
    r.client_remote = c.client_remote;
    r.remote_client = client_of_conn.count(c.id) ? client_of_conn[c.id] : 0;
    r.client_fd = c.client_fd;
    r.server_fd = c.server_fd;
    r.client_state = c.client_state;
    r.server_state = c.server_state;
    r.c2s_queued = c.c2s_queued;
    r.c2s_inflight = c.c2s_inflight;
    r.s2c_queued = c.s2c_queued;
    r.s2c_inflight = c.s2c_inflight;
    r.latency_ms = c.latency_ns / 1000000;
    v.connections.push_back(std::move(r));
  }
  last_ready(s.loop().trace(), lang, v.last_ready, v.last_ready_text);
  translate_network(v, lang);
  v.fd_limit = snap.faults.fd_limit;
  v.open_fds = snap.faults.open_fds;
  v.refuse_all = snap.faults.refuse_all;
  v.refused_ports = snap.faults.refused_ports;
  return v;
}

}  // namespace ls::ui
