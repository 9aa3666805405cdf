// Kernel::inspect() and the text dump. See inspect.h.
#include "inspect.h"

#include <sstream>

#include "kernel.h"
#include "socket.h"

namespace ls::emu {

KernelSnapshot Kernel::inspect() {
  sync();
  KernelSnapshot s;
  s.now = now_ns();
  s.next_event = next_event_time();
  for (int fd = 0; fd < fds_.end(); ++fd) {
    const Object* o = fds_.get(fd);
    if (!o) continue;
    FdView v;
    v.fd = fd;
    v.generation = fds_.generation(fd);
    v.kind = kind_name(o->kind());
    v.ready = o->poll();
    o->describe(v);
    s.fds.push_back(std::move(v));
    if (auto* sk = dynamic_cast<const Socket*>(o); sk && sk->listening()) {
      SockAddr a;
      sk->local_name(a);
      s.listeners.push_back(ListenerView{fd, a.str(), a.port, sk->backlog(), sk->queued()});
    }
  }
  for (const auto& [id, c] : net_.connections()) s.connections.push_back(c->view());
  for (const auto& [epfd, set] : epolls_) s.epolls.push_back(set->view());
  s.pool = pool_.view();
  s.faults.fd_limit = fds_.limit();
  s.faults.open_fds = fds_.open_count();
  s.faults.refuse_all = faults_.refuse_all;
  s.faults.refused_ports.assign(faults_.refused_ports.begin(), faults_.refused_ports.end());
  s.faults.short_write_cap = faults_.short_write_cap;
  s.faults.eintr_pending = faults_.eintr_waits;
  for (const auto& [port, n] : faults_.reset_port_after) {
    s.faults.port_resets.push_back("port " + std::to_string(port) + " after " + std::to_string(n) + " bytes");
  }
  return s;
}

namespace {
std::string opt_str(const std::string& s) { return s.empty() ? "-" : s; }
}  // namespace

std::string to_text(const KernelSnapshot& s) {
  std::ostringstream o;
  o << "time " << s.now << " next " << (s.next_event ? std::to_string(*s.next_event) : "none") << "\n";
  for (const FdView& f : s.fds) {
    o << "fd " << f.fd << " gen " << f.generation << " " << f.kind << " " << opt_str(f.state) << " local "
      << opt_str(f.local) << " peer " << opt_str(f.peer) << " snd " << f.send_fill << "/" << f.send_cap << " rcv "
      << f.recv_fill << "/" << f.recv_cap << " ready " << events_name(f.ready);
    if (f.conn_id) o << " conn " << f.conn_id;
    if (!f.flags.empty()) o << " [" << f.flags << "]";
    o << "\n";
  }
  for (const ListenerView& l : s.listeners) {
    o << "listener fd " << l.fd << " " << l.addr << " queue " << l.queued << "/" << l.backlog << "\n";
  }
  for (const ConnView& c : s.connections) {
    o << "conn " << c.id << " " << c.client << " (fd " << c.client_fd << " " << c.client_state << ") <-> "
      << c.server << " (fd " << c.server_fd << " " << c.server_state << ") c2s q" << c.c2s_queued << " f"
      << c.c2s_inflight << " d" << c.c2s_delivered << " s2c q" << c.s2c_queued << " f" << c.s2c_inflight << " d"
      << c.s2c_delivered << " lat " << c.latency << " bw " << c.bandwidth;
    if (!c.fault.empty()) o << " fault " << c.fault;
    o << "\n";
  }
  for (const EpollView& e : s.epolls) {
    o << "epoll " << e.epfd << "\n";
    for (const EpollEntryView& x : e.entries) {
      o << "  fd " << x.fd << " gen " << x.generation << " interest " << events_name(x.interest) << " ready "
        << events_name(x.ready) << " data " << x.data << (x.queued ? " queued" : "") << "\n";
    }
  }
  o << "pool workers " << s.pool.workers.size() << " queued " << s.pool.queue.size() << " completed "
    << s.pool.completed_waiting << "\n";
  for (const WorkerView& w : s.pool.workers) {
    if (w.busy) o << "  worker " << w.index << " job " << w.job << " " << w.started << ".." << w.finishes << "\n";
  }
  for (const JobView& j : s.pool.queue) {
    o << "  queued job " << j.job << " dur " << j.duration << " since " << j.submitted << "\n";
  }
  o << "faults fd_limit " << s.faults.fd_limit << " short_write " << s.faults.short_write_cap << " eintr "
    << s.faults.eintr_pending << " refused";
  for (auto p : s.faults.refused_ports) o << " " << p;
  for (const auto& r : s.faults.port_resets) o << "; reset " << r;
  o << "\n";
  return o.str();
}

}  // namespace ls::emu
