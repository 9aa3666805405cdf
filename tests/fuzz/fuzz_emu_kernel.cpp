// fuzz_emu_kernel: random operation sequences against the emulated kernel (core/emu), checked after every step
// against the invariants everything above it relies on:
//  - no byte lost, duplicated or reordered: every stream carries a known byte pattern, each read must return the
//    next bytes of it, and at the end every stream nobody damaged (reset, closed with data in flight towards the
//    closed side) delivers all it accepted, then EOF if its writer finished;
//  - readiness matches buffers: an fd epoll reports readable does not answer EAGAIN, one it leaves out does;
//    an fd reported writable accepts a byte;
//  - fds never leak: open_fds() always equals what the sequence holds, and is back to stdio when all is closed.
// The input is a byte program: each op takes a selector byte and a few argument bytes (FuzzedDataProvider).
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <vector>

#include "core/emu/kernel.h"
#include "fuzz_check.h"

namespace {

using namespace ls::emu;

constexpr std::uint16_t kPort = 7000;
constexpr std::uint16_t kRefusedPort = 7001;
constexpr int kFdLimit = 40;  // low, so sequences reach EMFILE
constexpr int kMaxOps = 1500;

std::uint8_t pattern_byte(int stream, int dir, std::uint64_t pos) {
  return static_cast<std::uint8_t>(pos * 7 + (pos >> 8) + stream * 31 + dir * 101);
}

// One direction of a stream: bytes the kernel accepted from the writer, bytes the reader got back.
struct Flow {
  std::uint64_t sent = 0, received = 0;
  bool writer_done = false;  // closed or shut down for writing: EOF follows the last byte
  bool eof_seen = false;
};

enum class Kind { Tcp, SocketPair, Pipe };

// A connected pair of fds. flow[i] runs from end i to end 1-i; a pipe has only flow[1] (fd[1] writes).
struct Stream {
  int id = 0;
  Kind kind = Kind::Tcp;
  int fd[2] = {-1, -1};
  Flow flow[2];
  bool damaged = false;  // an RST may discard bytes in flight: exact delivery is no longer owed
  bool can_read(int end) const { return fd[end] >= 0 && (kind != Kind::Pipe || end == 0); }
  bool can_write(int end) const { return fd[end] >= 0 && (kind != Kind::Pipe || end == 1); }
};

struct Run {
  Kernel k;
  FuzzedDataProvider& in;
  int listener = -1, epfd = -1;
  std::vector<Stream> streams;
  std::vector<int> connecting;  // tcp clients not accepted yet
  std::vector<int> other;       // sockets that failed to connect
  int next_id = 0;
  std::vector<std::uint8_t> buf = std::vector<std::uint8_t>(16384);

  Run(const Config& c, FuzzedDataProvider& p) : k(c), in(p) {}

  std::size_t held_fds() const {
    std::size_t n = connecting.size() + other.size() + (listener >= 0) + (epfd >= 0);
    for (const Stream& s : streams) n += (s.fd[0] >= 0) + (s.fd[1] >= 0);
    return n;
  }

  void watch(int fd) {
    if (epfd < 0) return;
    int r = k.epoll_ctl(epfd, kEpollCtlAdd, fd, kEpollIn | kEpollOut | kEpollRdHup, static_cast<std::uint64_t>(fd));
    FUZZ_CHECK(r == 0, "epoll_ctl ADD fd %d: %d", fd, r);
  }

  void add_stream(Kind kind, int a, int b, bool a_watched = false) {
    Stream s;
    s.id = next_id++;
    s.kind = kind;
    s.fd[0] = a;
    s.fd[1] = b;
    streams.push_back(s);
    if (!a_watched) watch(a);
    watch(b);
  }

  Stream* pick_stream() {
    if (streams.empty()) return nullptr;
    return &streams[in.ConsumeIntegralInRange<std::size_t>(0, streams.size() - 1)];
  }

  // ---- ops ----------------------------------------------------------------------------------------------------
  void connect() {
    int fd = k.socket(kAfInet);
    if (fd == -EMFILE) return;
    FUZZ_CHECK(fd >= 0, "socket: %d", fd);
    std::uint16_t port = in.ConsumeIntegralInRange<int>(0, 7) == 0 ? kRefusedPort : kPort;
    int r = k.connect(fd, "127.0.0.1", port);
    FUZZ_CHECK(r == -EINPROGRESS, "connect: %d", r);
    (port == kPort ? connecting : other).push_back(fd);
    watch(fd);
  }

  void accept() {
    SockAddr peer;
    int fd = k.accept(listener, &peer);
    if (fd == -EAGAIN || fd == -EMFILE) return;
    FUZZ_CHECK(fd >= 0, "accept: %d", fd);
    // The client whose local port is the peer's port is the other end.
    for (std::size_t i = 0; i < connecting.size(); ++i) {
      SockAddr local;
      FUZZ_CHECK(k.getsockname(connecting[i], local) == 0, "getsockname");
      if (local.port == peer.port) {
        add_stream(Kind::Tcp, connecting[i], fd, true);
        connecting.erase(connecting.begin() + static_cast<long>(i));
        return;
      }
    }
    FUZZ_CHECK(false, "accepted a connection (peer port %u) no client made", peer.port);
  }

  void local_pair(Kind kind) {
    int fds[2];
    int r = kind == Kind::Pipe ? k.pipe(fds) : k.socketpair(fds);
    if (r == -EMFILE) return;
    FUZZ_CHECK(r == 0, "pipe/socketpair: %d", r);
    add_stream(kind, fds[0], fds[1]);
  }

  // A write of the next bytes of the pattern; returns the kernel's answer.
  std::int64_t write(Stream& s, int end, std::size_t len) {
    Flow& f = s.flow[end];
    for (std::size_t i = 0; i < len; ++i) buf[i] = pattern_byte(s.id, end, f.sent + i);
    std::int64_t n = k.write(s.fd[end], buf.data(), len);
    if (n >= 0) {
      FUZZ_CHECK(static_cast<std::size_t>(n) <= len, "write returned %lld of %zu", (long long)n, len);
      FUZZ_CHECK(!f.writer_done || len == 0, "a write after shutdown/close was accepted");
      f.sent += static_cast<std::uint64_t>(n);
      // Data reaching a closed tcp side answers with RST, which may discard what the closed side had not sent.
      if (n > 0 && s.kind == Kind::Tcp && s.fd[1 - end] < 0) s.damaged = true;
    } else {
      FUZZ_CHECK(n == -EAGAIN || n == -EPIPE || n == -ECONNRESET, "write: %lld", (long long)n);
      // After shutdown: EPIPE, unless an RST left an error pending, which Linux reports first.
      if (f.writer_done) FUZZ_CHECK(n == -EPIPE || (s.damaged && n == -ECONNRESET), "write after shutdown: %lld", (long long)n);
      if (n == -ECONNRESET) FUZZ_CHECK(s.damaged, "ECONNRESET on a stream nobody reset");
    }
    return n;
  }

  // A read, checked against the pattern; returns the kernel's answer.
  std::int64_t read(Stream& s, int end, std::size_t len) {
    Flow& f = s.flow[1 - end];
    std::int64_t n = k.read(s.fd[end], buf.data(), len);
    if (n > 0) {
      FUZZ_CHECK(f.received + static_cast<std::uint64_t>(n) <= f.sent, "read %lld bytes, only %llu outstanding",
                 (long long)n, (unsigned long long)(f.sent - f.received));
      FUZZ_CHECK(!f.eof_seen, "bytes after EOF");
      for (std::int64_t i = 0; i < n; ++i) {
        FUZZ_CHECK(buf[i] == pattern_byte(s.id, 1 - end, f.received + i), "byte %llu of stream %d is wrong",
                   (unsigned long long)(f.received + i), s.id);
      }
      f.received += static_cast<std::uint64_t>(n);
    } else if (n == 0) {
      FUZZ_CHECK(f.writer_done || s.damaged, "EOF on stream %d before its writer finished", s.id);
      FUZZ_CHECK(s.damaged || f.received == f.sent, "EOF with %llu bytes missing on stream %d",
                 (unsigned long long)(f.sent - f.received), s.id);
      f.eof_seen = true;
    } else {
      FUZZ_CHECK(n == -EAGAIN || n == -ECONNRESET || n == -EPIPE, "read: %lld", (long long)n);
      if (n != -EAGAIN) FUZZ_CHECK(s.damaged, "read error %lld on stream %d (kind %d, fds %d %d) nobody reset", (long long)n, s.id, static_cast<int>(s.kind), s.fd[0], s.fd[1]);
      if (n == -EAGAIN) FUZZ_CHECK(!f.eof_seen || s.damaged, "EAGAIN after EOF on stream %d", s.id);
    }
    return n;
  }

  void close_end(Stream& s, int end, bool reset) {
    int fd = s.fd[end];
    int r = reset ? k.close_reset(fd) : k.close(fd);
    FUZZ_CHECK(r == 0, "close: %d", r);
    s.fd[end] = -1;
    s.flow[end].writer_done = true;
    // Unread data at a closed side (or an explicit reset) is an RST for tcp and, as on Linux, ECONNRESET for the
    // peer of a socketpair; a pipe just drops it.
    if (s.kind != Kind::Pipe && (reset || s.flow[1 - end].received < s.flow[1 - end].sent)) s.damaged = true;
  }

  void shutdown(Stream& s, int end) {
    if (s.kind == Kind::Pipe) return;
    int r = k.shutdown(s.fd[end], kShutWr);
    FUZZ_CHECK(r == 0 || r == -ENOTCONN, "shutdown: %d", r);
    if (r == 0) s.flow[end].writer_done = true;
  }

  // Readiness against buffers, one fd per wait: a probe may change other fds (a read opens a window).
  void probe() {
    EpollEvent ev[128];
    int n = k.epoll_wait(epfd, ev, 128);
    if (n == -EINTR) return;
    FUZZ_CHECK(n >= 0 && n < 128, "epoll_wait: %d", n);
    Stream* s = pick_stream();
    if (!s) return;
    int end = in.ConsumeBool() ? 1 : 0;
    if (s->fd[end] < 0) return;
    std::uint32_t got = 0;
    for (int i = 0; i < n; ++i) {
      if (ev[i].fd == s->fd[end] && ev[i].generation == k.generation(s->fd[end])) got = ev[i].events;
    }
    if (in.ConsumeBool() && s->can_read(end)) {
      std::int64_t r = read(*s, end, 1);
      bool reported = got & (kEpollIn | kEpollRdHup | kEpollHup | kEpollErr);
      FUZZ_CHECK(reported == (r != -EAGAIN), "fd %d: epoll said 0x%x, read said %lld", s->fd[end], got, (long long)r);
    } else if (s->can_write(end) && (got & kEpollOut) && !s->flow[end].writer_done) {
      std::int64_t r = write(*s, end, 1);
      FUZZ_CHECK(r != -EAGAIN, "fd %d: epoll said writable, write said EAGAIN", s->fd[end]);
    }
  }

  void advance() {
    if (in.ConsumeBool()) {
      auto t = k.next_event_time();
      if (t) FUZZ_CHECK(k.advance_to(std::max(*t, k.now_ns())) == 0, "advance");
    } else {
      FUZZ_CHECK(k.advance_to(k.now_ns() + in.ConsumeIntegralInRange<Nanos>(0, 200'000)) == 0, "advance");
    }
  }

  void step() {
    switch (in.ConsumeIntegralInRange<int>(0, 13)) {
      case 0: connect(); break;
      case 1: accept(); break;
      case 2: local_pair(Kind::SocketPair); break;
      case 3: local_pair(Kind::Pipe); break;
      case 4: case 5: {
        Stream* s = pick_stream();
        int end = in.ConsumeBool() ? 1 : 0;
        if (s && s->can_write(end)) write(*s, end, in.ConsumeIntegralInRange<std::size_t>(0, buf.size()));
        break;
      }
      case 6: case 7: {
        Stream* s = pick_stream();
        int end = in.ConsumeBool() ? 1 : 0;
        if (s && s->can_read(end)) read(*s, end, in.ConsumeIntegralInRange<std::size_t>(1, buf.size()));
        break;
      }
      case 8: {
        Stream* s = pick_stream();
        int end = in.ConsumeBool() ? 1 : 0;
        if (s && s->fd[end] >= 0) close_end(*s, end, s->kind == Kind::Tcp && in.ConsumeIntegralInRange<int>(0, 3) == 0);
        break;
      }
      case 9: {
        Stream* s = pick_stream();
        int end = in.ConsumeBool() ? 1 : 0;
        if (s && s->fd[end] >= 0 && !s->flow[end].writer_done) shutdown(*s, end);
        break;
      }
      case 10: advance(); break;
      case 11: probe(); break;
      case 12: {
        Stream* s = pick_stream();
        if (s && s->kind == Kind::Tcp && s->fd[0] >= 0) {
          std::uint64_t id = k.connection_id(s->fd[0]);
          if (id != 0 && k.reset_connection(id) == 0) s->damaged = true;
        }
        break;
      }
      case 13: {  // faults and buffer sizes: short writes, EINTR, small buffers (back-pressure)
        int what = in.ConsumeIntegralInRange<int>(0, 3);
        if (what == 0) k.faults().short_write_cap = in.ConsumeIntegralInRange<std::size_t>(0, 7);
        if (what == 1) k.faults().eintr_waits = in.ConsumeIntegralInRange<int>(0, 2);
        Stream* s = pick_stream();
        if (what >= 2 && s && s->kind == Kind::Tcp && s->fd[0] >= 0) {
          std::size_t bytes = in.ConsumeIntegralInRange<std::size_t>(1, 65536);
          int r = what == 2 ? k.set_send_buffer(s->fd[0], bytes) : k.set_recv_buffer(s->fd[0], bytes);
          FUZZ_CHECK(r == 0, "set buffer: %d", r);
        }
        break;
      }
    }
    FUZZ_CHECK(k.open_fds() == 3 + held_fds(), "open_fds %zu, the sequence holds %zu (+3 stdio)", k.open_fds(), held_fds());
  }

  // Every undamaged stream delivers everything it accepted, then EOF if its writer finished.
  void drain() {
    k.faults().short_write_cap = 0;
    // Bounded by progress, not by a round count: a 1-byte receive buffer delivers one byte per round.
    for (int round = 0; round < 10'000'000; ++round) {
      bool moved = false;
      for (Stream& s : streams) {
        for (int end = 0; end < 2; ++end) {
          if (!s.can_read(end)) continue;
          while (read(s, end, buf.size()) > 0) moved = true;
        }
      }
      auto t = k.next_event_time();
      if (!moved && !t) break;
      if (t) FUZZ_CHECK(k.advance_to(std::max(*t, k.now_ns())) == 0, "advance");
    }
    for (Stream& s : streams) {
      for (int end = 0; end < 2; ++end) {
        if (!s.can_read(end) || s.damaged) continue;
        const Flow& f = s.flow[1 - end];
        FUZZ_CHECK(f.received == f.sent, "stream %d lost %llu bytes", s.id, (unsigned long long)(f.sent - f.received));
        if (f.writer_done) FUZZ_CHECK(f.eof_seen, "stream %d: no EOF after its writer finished", s.id);
      }
    }
  }

  void close_all() {
    auto close = [this](int fd) { FUZZ_CHECK(k.close(fd) == 0, "close %d", fd); };
    for (Stream& s : streams) {
      for (int& fd : s.fd) {
        if (fd >= 0) close(fd), fd = -1;
      }
    }
    for (int fd : connecting) close(fd);
    for (int fd : other) close(fd);
    connecting.clear();
    other.clear();
    close(listener);
    close(epfd);
    listener = epfd = -1;
    FUZZ_CHECK(k.open_fds() == 3, "%zu fds open after closing everything", k.open_fds());
    for (int i = 0; i < 10000 && k.next_event_time(); ++i) k.advance_to(std::max(*k.next_event_time(), k.now_ns()));
    FUZZ_CHECK(k.inspect().connections.empty(), "%zu connections outlive every fd", k.inspect().connections.size());
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  Config c;
  c.fd_limit = kFdLimit;
  c.link.latency = in.ConsumeIntegralInRange<Nanos>(0, 3) * 20'000;
  Run run(c, in);
  run.listener = run.k.socket(kAfInet);
  FUZZ_CHECK(run.k.bind(run.listener, "127.0.0.1", kPort) == 0, "bind");
  FUZZ_CHECK(run.k.listen(run.listener, in.ConsumeIntegralInRange<int>(1, 8)) == 0, "listen");
  run.k.faults().refuse_port(kRefusedPort);
  run.epfd = run.k.epoll_create();
  FUZZ_CHECK(run.epfd >= 0, "epoll_create");
  for (int i = 0; i < kMaxOps && in.remaining_bytes() > 0; ++i) run.step();
  run.drain();
  run.close_all();
  return 0;
}
