// load_echo: our load generator for the echo server (examples/cpp/echo_server.h), on the core.
//   epoll:    starts examples' echo_server as a child process (real sockets on 127.0.0.1), raises RLIMIT_NOFILE
//             for both, opens --connections connections and sends --messages messages on each;
//   emulated: server and clients in one emulated process; its fd limit is the core's EmulatedOptions
//             (kernel.fd_limit), raised by --fd-limit (every connection costs two fds here).
// Connections open 1000 at a time (each completed handshake starts the next), all stay open until done.
// Every message is --size bytes of a pattern unique to its connection and position, at most --window messages in
// flight per connection; every byte that comes back is compared with what was sent. Each connection then shuts
// down, the server closes at EOF, and the client must read EOF after exactly connections x messages x size bytes.
// Fails (exit 1, saying why) on a byte lost, changed or extra, a connection refused, reset or never finished,
// the wall-clock --timeout, or a maximum RSS over --max-rss-mb; prints one line of figures either way.
//
//   load_echo --backend epoll --server PATH [--connections 1000 --messages 1000 ...]
//   load_echo --backend emulated --connections 10000 --fd-limit 20100 [...]
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "core/emu/emulated_backend.h"
#include "core/epoll/epoll_backend.h"
#include "core/loopscope.h"
#include "examples/cpp/echo_server.h"

namespace {

struct Options {
  std::string backend = "epoll", server;
  int connections = 1000, messages = 1000, size = 64, window = 8, fd_limit = 0;
  double timeout_s = 300, max_rss_mb = 0;
};

std::uint8_t pattern(int conn, std::uint64_t pos) {
  return static_cast<std::uint8_t>(conn * 131 + pos * 7 + (pos >> 9));
}

// VmHWM (peak resident set) of a process in KiB, 0 if unknown.
long peak_rss_kb(pid_t pid) {
  std::ifstream in("/proc/" + (pid ? std::to_string(pid) : std::string("self")) + "/status");
  std::string key;
  long value = 0;
  while (in >> key) {
    if (key == "VmHWM:") return in >> value ? value : 0;
    in.ignore(1 << 12, '\n');
  }
  return 0;
}

void raise_fd_limit(rlim_t want) {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return;
  rlim_t target = std::min(want, lim.rlim_max);
  if (lim.rlim_cur < target) {
    lim.rlim_cur = target;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

// Starts the echo server, returns its pid and port (read from its first line).
pid_t start_server(const std::string& path, int backlog, int& port) {
  int out[2];
  if (pipe(out) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    close(out[0]);
    close(out[1]);
    std::string b = std::to_string(backlog);
    execl(path.c_str(), path.c_str(), "--backlog", b.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string line;
  char c;
  while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
  close(out[0]);
  if (std::sscanf(line.c_str(), "listening on 127.0.0.1:%d", &port) != 1) {
    std::fprintf(stderr, "load_echo: the server said \"%s\", not its port\n", line.c_str());
    return -1;
  }
  return pid;
}

struct Client {
  int id = 0;
  ls::Tcp* tcp = nullptr;
  int sent = 0;                // messages written
  std::uint64_t received = 0;  // bytes echoed back and checked
  bool eof = false;
};

struct Load {
  Options o;
  ls::Loop& loop;
  std::vector<Client> clients;
  std::uint64_t total = 0;  // bytes each connection must get back
  int finished = 0, failed = 0;
  std::string first_failure;

  Load(const Options& opts, ls::Loop& l) : o(opts), loop(l), clients(static_cast<std::size_t>(opts.connections)) {
    total = static_cast<std::uint64_t>(o.messages) * static_cast<std::uint64_t>(o.size);
  }

  void fail(Client& c, const std::string& why) {
    ++failed;
    if (first_failure.empty()) first_failure = "connection " + std::to_string(c.id) + ": " + why;
    if (c.tcp && !c.tcp->is_closing()) c.tcp->close([](ls::Handle& h) { delete &h; });
  }

  void send_more(Client& c) {
    std::uint64_t in_flight = static_cast<std::uint64_t>(c.sent) * o.size - c.received;
    while (c.sent < o.messages && in_flight < static_cast<std::uint64_t>(o.window) * o.size) {
      std::string msg(static_cast<std::size_t>(o.size), '\0');
      std::uint64_t base = static_cast<std::uint64_t>(c.sent) * o.size;
      for (int j = 0; j < o.size; ++j) msg[j] = static_cast<char>(pattern(c.id, base + j));
      c.tcp->write(std::move(msg), [this, &c](int status) {
        if (status < 0 && status != -ECANCELED) fail(c, std::string("write: ") + ls::err_name(status));
      });
      ++c.sent;
      in_flight += o.size;
    }
    if (c.sent == o.messages && c.received == total) c.tcp->shutdown();
  }

  void on_read(Client& c, std::int64_t n, std::string_view data) {
    if (n == ls::kEOF) {
      if (c.received != total) return fail(c, "EOF after " + std::to_string(c.received) + " bytes");
      c.eof = true;
      ++finished;
      c.tcp->close([](ls::Handle& h) { delete &h; });
      return;
    }
    if (n < 0) return fail(c, std::string("read: ") + ls::err_name(static_cast<int>(n)));
    if (c.received + data.size() > static_cast<std::uint64_t>(c.sent) * o.size) return fail(c, "more bytes than sent");
    for (std::size_t i = 0; i < data.size(); ++i) {
      if (static_cast<std::uint8_t>(data[i]) != pattern(c.id, c.received + i)) {
        return fail(c, "byte " + std::to_string(c.received + i) + " changed");
      }
    }
    c.received += data.size();
    send_more(c);
  }

  // At most kConnecting handshakes at once: a burst larger than the server's accept queue is refused (the
  // emulated kernel's queue stops at 4096, as SOMAXCONN does), which would measure the burst, not the server.
  static constexpr int kConnecting = 1000;
  int port = 0, next = 0;

  void start(int server_port) {
    port = server_port;
    for (int i = 0; i < kConnecting; ++i) connect_next();
  }

  void connect_next() {
    if (next >= o.connections) return;
    Client& c = clients[static_cast<std::size_t>(next)];
    c.id = next++;
    c.tcp = new ls::Tcp(loop);
    std::int64_t r = c.tcp->connect("127.0.0.1", static_cast<std::uint16_t>(port), [this, &c](int status) {
      connect_next();
      if (status < 0) return fail(c, std::string("connect: ") + ls::err_name(status));
      c.tcp->read_start([this, &c](ls::Stream&, std::int64_t n, std::string_view d) { on_read(c, n, d); });
      send_more(c);
    });
    if (r < 0) {
      fail(c, std::string("connect: ") + ls::err_name(static_cast<int>(r)));
      connect_next();
    }
  }
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--backend") o.backend = v;
    else if (k == "--server") o.server = v;
    else if (k == "--connections") o.connections = std::atoi(v.c_str());
    else if (k == "--messages") o.messages = std::atoi(v.c_str());
    else if (k == "--size") o.size = std::atoi(v.c_str());
    else if (k == "--window") o.window = std::atoi(v.c_str());
    else if (k == "--fd-limit") o.fd_limit = std::atoi(v.c_str());
    else if (k == "--timeout") o.timeout_s = std::atof(v.c_str());
    else if (k == "--max-rss-mb") o.max_rss_mb = std::atof(v.c_str());
    else o.backend = "?";
  }
  if ((o.backend != "epoll" && o.backend != "emulated") || (o.backend == "epoll" && o.server.empty()) ||
      o.connections < 1 || o.messages < 1 || o.size < 1 || o.window < 1) {
    std::fprintf(stderr,
                 "usage: %s --backend epoll --server PATH | --backend emulated [--fd-limit N]\n"
                 "       [--connections N] [--messages N] [--size BYTES] [--window N] [--timeout S] [--max-rss-mb MB]\n",
                 argv[0]);
    std::exit(2);
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse(argc, argv);
  signal(SIGPIPE, SIG_IGN);
  bool emulated = o.backend == "emulated";
  ls::LoopOptions lo;
  if (emulated) {
    ls::EmulatedOptions e;
    e.kernel.fd_limit = o.fd_limit > 0 ? o.fd_limit : e.kernel.fd_limit;
    lo.backend = ls::make_emulated_backend(e);
    lo.clock = ls::ClockKind::Virtual;
  } else {
    raise_fd_limit(static_cast<rlim_t>(o.connections) + 64);  // before the fork: the server inherits it
    lo.backend = std::make_unique<ls::EpollBackend>();
    lo.clock = ls::ClockKind::Monotonic;
  }
  ls::Loop loop(std::move(lo));
  auto t0 = std::chrono::steady_clock::now();

  std::unique_ptr<example::EchoServer> in_process;
  pid_t server_pid = 0;
  int port = 0;
  if (emulated) {
    in_process = std::make_unique<example::EchoServer>(loop);
    port = in_process->start("127.0.0.1", 7000, o.connections);
    if (port < 0) {
      std::fprintf(stderr, "load_echo: listen: %s\n", ls::strerror(port));
      return 1;
    }
  } else {
    server_pid = start_server(o.server, o.connections, port);
    if (server_pid < 0) return 1;
  }

  Load load(o, loop);
  load.start(port);
  // The wall-clock bound, checked once per iteration (the emulated loop's time is virtual).
  bool timed_out = false;
  ls::Check deadline(loop);
  deadline.start([&](ls::Check& self) {
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (load.finished + load.failed == o.connections) {
      self.close();
      if (in_process) in_process->close_all();
    } else if (s > o.timeout_s) {
      timed_out = true;
      self.close();
      for (Client& c : load.clients) {
        if (!c.eof && c.tcp && !c.tcp->is_closing()) c.tcp->close([](ls::Handle& h) { delete &h; });
      }
      if (in_process) in_process->close_all();
    }
  });
  loop.run();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  long server_kb = 0;
  int server_status = 0;
  if (server_pid > 0) {
    server_kb = peak_rss_kb(server_pid);
    kill(server_pid, SIGTERM);
    waitpid(server_pid, &server_status, 0);
  }
  long self_kb = peak_rss_kb(0);
  std::uint64_t verified = 0;
  for (const Client& c : load.clients) verified += c.received;
  std::printf("load_echo %s: %d connections x %d messages x %d B: %d finished, %d failed, %llu bytes verified, "
              "%.1f s wall%s, max RSS %s%.1f MB (load generator%s %.1f MB)\n",
              o.backend.c_str(), o.connections, o.messages, o.size, load.finished, load.failed,
              static_cast<unsigned long long>(verified), wall,
              emulated ? (" (virtual " + std::to_string(loop.now() / 1000.0) + " s)").c_str() : "",
              emulated ? "" : "server ", (emulated ? self_kb : server_kb) / 1024.0, emulated ? " and server," : "",
              self_kb / 1024.0);
  bool ok = true;
  if (timed_out) ok = false, std::fprintf(stderr, "load_echo: not finished after %.0f s\n", o.timeout_s);
  if (load.failed) ok = false, std::fprintf(stderr, "load_echo: %s\n", load.first_failure.c_str());
  if (load.finished != o.connections) ok = false;
  if (server_pid > 0 && !(WIFEXITED(server_status) && WEXITSTATUS(server_status) == 0)) {
    ok = false, std::fprintf(stderr, "load_echo: the server did not exit cleanly (status %d)\n", server_status);
  }
  if (in_process && in_process->errors()) ok = false, std::fprintf(stderr, "load_echo: the server counted errors\n");
  double rss_mb = (emulated ? self_kb : server_kb) / 1024.0;
  if (o.max_rss_mb > 0 && rss_mb > o.max_rss_mb) {
    ok = false, std::fprintf(stderr, "load_echo: max RSS %.1f MB over the bound %.1f MB\n", rss_mb, o.max_rss_mb);
  }
  if (!deadline.is_closing()) deadline.close();
  loop.run();
  return ok ? 0 : 1;
}
