// EchoServer: a quiet multi-connection echo server on the core — every connection gets back what it sends, until
// it ends (EOF: the server closes its side) or fails (counted, then closed). A connection whose peer reads slower
// than it writes stops being read while more than kHighWater bytes wait to be written, so the server's memory
// per connection stays bounded (the backpressure rule of B1 row 4). Used by echo_server.cpp and, in one loop with
// its clients, by the load test (tests/load/load_echo.cpp).
#pragma once

#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>

#include "core/loopscope.h"

namespace example {

class EchoServer {
 public:
  static constexpr std::size_t kHighWater = 1 << 20;

  explicit EchoServer(ls::Loop& loop) : loop_(loop), listener_(new ls::Tcp(loop)) {}

  // Listens on host:port (0 = an ephemeral port); returns the port, or a negative error.
  int start(const char* host, std::uint16_t port, int backlog) {
    if (int r = listener_->bind(host, port); r < 0) return r;
    if (int r = listener_->listen(backlog, [this](ls::Stream& s, int status) { on_connection(s, status); }); r < 0) {
      return r;
    }
    ls::SockName name;
    if (int r = listener_->getsockname(name); r < 0) return r;
    return name.port;
  }

  // Stops listening; open connections keep being served until their peers end them.
  void stop() {
    if (listener_) listener_->close([](ls::Handle& h) { delete &h; });
    listener_ = nullptr;
  }

  // stop(), and closes every open connection now.
  void close_all() {
    stop();
    for (ls::Tcp* c : std::set<ls::Tcp*>(clients_)) finish(*c);
  }

  std::uint64_t accepted() const { return accepted_; }
  std::uint64_t open() const { return open_; }
  std::uint64_t bytes_echoed() const { return bytes_; }
  std::uint64_t errors() const { return errors_; }

 private:
  void on_connection(ls::Stream& server, int status) {
    if (status < 0) {
      ++errors_;
      return;
    }
    auto* client = new ls::Tcp(loop_);
    if (server.accept(*client) < 0) {
      ++errors_;
      client->close([](ls::Handle& h) { delete &h; });
      return;
    }
    ++accepted_;
    ++open_;
    clients_.insert(client);
    client->read_start([this](ls::Stream& c, std::int64_t n, std::string_view data) { on_read(c, n, data); });
  }

  void on_read(ls::Stream& c, std::int64_t n, std::string_view data) {
    if (n > 0) {
      bytes_ += data.size();
      c.write(std::string(data), [this, &c](int status) { on_written(c, status); });
      if (c.write_queue_size() > kHighWater) c.read_stop();
      return;
    }
    if (n != ls::kEOF) ++errors_;
    finish(c);
  }

  void on_written(ls::Stream& c, int status) {
    if (status < 0) {
      if (status != -ECANCELED) ++errors_;
      return;
    }
    if (!c.is_closing() && !c.is_reading() && c.write_queue_size() < kHighWater / 2) {
      c.read_start([this](ls::Stream& s, std::int64_t n, std::string_view data) { on_read(s, n, data); });
    }
  }

  void finish(ls::Stream& c) {
    if (c.is_closing()) return;
    --open_;
    clients_.erase(static_cast<ls::Tcp*>(&c));
    c.close([](ls::Handle& h) { delete &h; });
  }

  ls::Loop& loop_;
  ls::Tcp* listener_;
  std::set<ls::Tcp*> clients_;
  std::uint64_t accepted_ = 0, open_ = 0, bytes_ = 0, errors_ = 0;
};

}  // namespace example
