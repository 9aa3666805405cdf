// See connection.h for the model. Sections: socket calls, the wire (pump/deliver), RST, faults, inspection.
#include "connection.h"

#include <algorithm>
#include <cerrno>

#include "kernel.h"

namespace ls::emu {

Connection::Connection(Kernel& k, std::uint64_t id, const LinkParams& link, Endpoint client, Endpoint server)
    : k_(k), id_(id), link_(link) {
  ep_[kClient] = std::move(client);
  ep_[kServer] = std::move(server);
}

void Connection::wake(int side, std::uint32_t mask) {
  const Endpoint& e = ep_[side];
  if (e.fd >= 0) {
    k_.notify(e.fd, e.gen, mask);
  } else if (e.outside && !e.closed) {
    e.outside();
  }
}

void Connection::attach(int side, int fd, std::uint32_t gen) {
  ep_[side].fd = fd;
  ep_[side].gen = gen;
}

// ---- socket calls ---------------------------------------------------------------------------------------------

std::int64_t Connection::read(int side, void* buf, std::size_t len) {
  Endpoint& e = ep_[side];
  if (len == 0) return 0;
  if (!e.rx.empty()) {
    std::size_t n = e.rx.pop(buf, len);
    pump(1 - side);  // the peer's window just opened
    return static_cast<std::int64_t>(n);
  }
  if (e.fin_rcvd) return 0;  // a FIN before the RST: EOF wins, as Linux's SOCK_DONE check
  if (e.err) return take_error(side);
  if (e.reset || e.rd_shut) return 0;
  return -EAGAIN;
}

std::int64_t Connection::writev(int side, const IoVec* iov, int iovcnt) {
  Endpoint& e = ep_[side];
  if (e.err) return take_error(side);
  if (e.reset || e.wr_shut || (local_ && ep_[1 - side].closed)) return -EPIPE;
  std::size_t total = iov_total(iov, iovcnt);
  if (total == 0) return 0;
  Flow& f = flow_[side];
  std::size_t used = f.sendq.size();
  std::size_t room = e.sndbuf > used ? e.sndbuf - used : 0;
  if (room == 0) return -EAGAIN;
  std::size_t n = std::min(total, room);
  if (std::size_t cap = k_.faults().short_write_cap) n = std::min(n, cap);
  f.sendq.push_iov(iov, iovcnt, n);
  pump(side);
  return static_cast<std::int64_t>(n);
}

int Connection::shutdown(int side, int how) {
  Endpoint& e = ep_[side];
  if (e.reset) return -ENOTCONN;
  if (how == kShutRd || how == kShutRdWr) e.rd_shut = true;
  if ((how == kShutWr || how == kShutRdWr) && !e.wr_shut) {
    e.wr_shut = true;
    pump(side);  // the FIN queues behind the unsent data
  }
  wake(side, 0);
  return 0;
}

void Connection::close(int side) {
  Endpoint& e = ep_[side];
  if (e.closed) return;
  if (!e.reset && !e.rx.empty()) {
    abort(side);  // data the application never read: RST, so the peer knows it was lost (RFC 2525)
    return;
  }
  e.closed = true;
  e.fd = -1;
  k_.net().side_closed(id_);
  if (e.reset) return;
  if (!e.wr_shut) {
    e.wr_shut = true;
    pump(side);
  }
}

int Connection::take_error(int side) {
  int err = ep_[side].err;
  ep_[side].err = 0;
  return err;
}

bool Connection::writable(int side) const {
  const Endpoint& e = ep_[side];
  if (e.reset || e.wr_shut) return true;
  std::size_t used = flow_[side].sendq.size();
  return used < e.sndbuf && e.sndbuf - used >= used / 2;
}

std::uint32_t Connection::poll(int side) const {
  const Endpoint& e = ep_[side];
  bool rcv_shut = e.fin_rcvd || e.rd_shut || e.reset;
  bool snd_shut = e.wr_shut || e.reset;
  std::uint32_t m = 0;
  if (rcv_shut && snd_shut) m |= kEpollHup;
  if (rcv_shut) m |= kEpollIn | kEpollRdHup;
  if (!e.rx.empty()) m |= kEpollIn;
  if (writable(side)) m |= kEpollOut;
  if (e.err) m |= kEpollErr;
  return m;
}

void Connection::buffers_changed() {
  pump(kClient);
  pump(kServer);
}

// ---- the wire -------------------------------------------------------------------------------------------------

void Connection::send_segment(int side, std::string bytes, bool fin, Nanos depart) {
  Flow& f = flow_[side];
  Nanos arrival = std::max(depart + link_.latency, f.last_arrival);
  f.last_arrival = arrival;
  f.inflight_bytes += bytes.size();
  f.inflight.push_back(Segment{arrival, std::move(bytes), fin});
  k_.sched().at(arrival, [w = weak_from_this(), side] {
    if (auto c = w.lock()) c->deliver(side);
  });
}

// Moves what the window allows from side's send buffer onto the wire; sends the FIN once the buffer is empty.
void Connection::pump(int side) {
  Endpoint& src = ep_[side];
  const Endpoint& dst = ep_[1 - side];
  Flow& f = flow_[side];
  if (src.reset) return;
  bool was_writable = writable(side);
  Nanos now = k_.now();
  while (!f.sendq.empty()) {
    // A dead or orphaned receiver takes anything (and answers data with RST).
    std::size_t held = dst.rx.size() + f.inflight_bytes;
    std::size_t window = (dst.closed || dst.reset) ? dst.rcvbuf : dst.rcvbuf > held ? dst.rcvbuf - held : 0;
    if (window == 0) break;  // the reader's next read() pumps again
    if (f.link_free_at > now) {
      if (!f.pump_scheduled) {
        f.pump_scheduled = true;
        k_.sched().at(f.link_free_at, [w = weak_from_this(), side] {
          if (auto c = w.lock()) {
            c->flow_[side].pump_scheduled = false;
            c->pump(side);
          }
        });
      }
      break;
    }
    std::size_t chunk = std::min(f.sendq.size(), window);
    Nanos wire = 0;
    if (link_.bandwidth) {
      chunk = std::min(chunk, std::max<std::size_t>(link_.mss, 1));
      wire = (static_cast<Nanos>(chunk) * 1000000000ull + link_.bandwidth - 1) / link_.bandwidth;
    }
    f.link_free_at = now + wire;
    send_segment(side, f.sendq.pop_string(chunk), false, now + wire);
  }
  if (f.sendq.empty() && src.wr_shut && !f.fin_sent) {
    f.fin_sent = true;
    send_segment(side, std::string(), true, std::max(now, f.link_free_at));
  }
  if (!was_writable && writable(side)) wake(side, kEpollOut);
}

// Segments of flow `side` whose arrival time has come reach side 1 - side.
void Connection::deliver(int side) {
  Flow& f = flow_[side];
  int to = 1 - side;
  Endpoint& dst = ep_[to];
  Nanos now = k_.now();
  while (!f.inflight.empty() && f.inflight.front().arrival <= now) {
    Segment seg = std::move(f.inflight.front());
    f.inflight.pop_front();
    f.inflight_bytes -= seg.bytes.size();
    if (dst.reset) continue;
    if (seg.fin) {
      dst.fin_rcvd = true;
      wake(to, 0);
      continue;
    }
    if (dst.closed) {
      abort(to);  // data for a closed socket: the receiving kernel answers with RST
      continue;
    }
    std::size_t n = seg.bytes.size();
    bool trip = false;
    if (reset_at_bytes_) {
      std::uint64_t total = flow_[0].delivered + flow_[1].delivered;
      if (total + n >= *reset_at_bytes_) {
        n = static_cast<std::size_t>(*reset_at_bytes_ - total);
        trip = true;
      }
    }
    dst.rx.push(seg.bytes.data(), n);
    f.delivered += n;
    if (n) wake(to, kEpollIn);
    if (trip) {
      reset_at_bytes_.reset();
      reset_now();
      return;
    }
  }
}

// ---- RST ------------------------------------------------------------------------------------------------------

void Connection::abort(int side) {
  Endpoint& e = ep_[side];
  e.closed = true;
  e.fd = -1;
  k_.net().side_closed(id_);
  if (e.reset) return;
  e.reset = true;
  e.rx.clear();
  Flow& f = flow_[side];
  f.sendq.clear();
  // The RST follows the segments already on the wire.
  Nanos arrival = std::max(k_.now() + link_.latency, f.last_arrival);
  f.last_arrival = arrival;
  ++rst_inflight_;
  k_.sched().at(arrival, [w = weak_from_this(), to = 1 - side] {
    if (auto c = w.lock()) {
      --c->rst_inflight_;
      c->rst_arrived(to);
    }
  });
}

void Connection::rst_arrived(int side) {
  Endpoint& e = ep_[side];
  if (e.reset) return;
  e.reset = true;
  Flow& f = flow_[side];  // Linux purges the write queue; what is in flight dies at the dead peer anyway
  f.sendq.clear();
  f.inflight.clear();
  f.inflight_bytes = 0;
  if (e.closed) return;  // an orphan simply ends
  e.err = (e.fin_rcvd && !e.wr_shut) ? -EPIPE : -ECONNRESET;
  wake(side, 0);
}

// ---- faults ---------------------------------------------------------------------------------------------------

void Connection::reset_now() {
  reset_at_bytes_.reset();
  reset_at_time_.reset();
  rst_arrived(kClient);
  rst_arrived(kServer);
}

void Connection::reset_after(std::uint64_t bytes) {
  reset_at_bytes_ = flow_[0].delivered + flow_[1].delivered + bytes;
}

void Connection::reset_at(Nanos t) {
  reset_at_time_ = t;
  k_.sched().at(t, [w = weak_from_this()] {
    if (auto c = w.lock()) c->reset_now();
  });
}

// ---- inspection -----------------------------------------------------------------------------------------------

bool Connection::finished() const {
  if (rst_inflight_ > 0) return false;
  for (int s = 0; s < 2; ++s) {
    const Endpoint& e = ep_[s];
    const Flow& f = flow_[s];
    if (!e.closed || !f.inflight.empty()) return false;
    if (!e.reset && (!f.sendq.empty() || !f.fin_sent)) return false;
  }
  return true;
}

std::string Connection::state_name(int side) const {
  const Endpoint& e = ep_[side];
  if (e.reset) return "RESET";
  if (e.wr_shut && e.fin_rcvd) return "CLOSED";
  if (e.wr_shut) return "FIN_WAIT";
  if (e.fin_rcvd) return "CLOSE_WAIT";
  return "ESTABLISHED";
}

ConnView Connection::view() const {
  ConnView v;
  v.id = id_;
  v.client = ep_[kClient].local.str();
  v.server = ep_[kServer].local.str();
  v.client_fd = ep_[kClient].fd;
  v.client_remote = static_cast<bool>(ep_[kClient].outside);
  v.server_fd = ep_[kServer].fd;
  v.client_state = state_name(kClient);
  v.server_state = state_name(kServer);
  v.c2s_queued = flow_[kClient].sendq.size();
  v.c2s_inflight = flow_[kClient].inflight_bytes;
  v.s2c_queued = flow_[kServer].sendq.size();
  v.s2c_inflight = flow_[kServer].inflight_bytes;
  v.c2s_delivered = flow_[kClient].delivered;
  v.s2c_delivered = flow_[kServer].delivered;
  v.latency = link_.latency;
  v.bandwidth = link_.bandwidth;
  if (reset_at_bytes_) {
    v.fault = "reset at " + std::to_string(*reset_at_bytes_) + " bytes";
  } else if (reset_at_time_) {
    v.fault = "reset at t=" + std::to_string(*reset_at_time_);
  }
  return v;
}

}  // namespace ls::emu
