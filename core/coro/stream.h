// Stream awaitables: each one a thin adapter over one Stream call and its callback (stream.h, tcp.h, pipe.h).
// Covered by tests/core/coro/test_stream.cpp (on epoll and on the emulated backend).
//
//   ls::coro::listen(server);                          // uv_listen; connections wait for accept()
//   co_await ls::coro::accept(server, client);         // the next connection, into `client`
//   std::string data = co_await ls::coro::read(client); // the next chunk read; "" at end of stream
//   co_await ls::coro::write(client, data);            // resumes when the write request completed
//   co_await ls::coro::shutdown(client);               // after queued writes, shut the write side
//   co_await ls::coro::connect(tcp, "127.0.0.1", port); // or connect(pipe, path)
//
// Errors are thrown as error{-ECONNRESET}, error{-EPIPE}, ... at the co_await. Cancellation: closing the stream
// cancels a pending write, connect and shutdown (the core completes them with ECANCELED); a pending read or
// accept is resumed with ECANCELED when the stream is closed through ls::coro::close().
//
// write() first tries to write at once (Stream::try_write): when the kernel takes every byte, the data is where a
// completed write request would have put it, so the coroutine goes on without suspending — no request, no trip
// through the pending phase. Only what the kernel did not take becomes a write request that the coroutine
// awaits. (The callback API must defer even an immediate completion to a later callback; an await need not.)
//
// read() keeps the stream reading only while someone awaits: its callback resumes the reader, and if the reader
// did not await read() on the same stream again before suspending, the callback stops reading (read_stop), so
// unread data waits in the kernel (back-pressure) and an idle stream does not keep the loop alive — as a
// callback program that stops reading when it has no use for data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "../stream.h"
#include "strand.h"

namespace ls {
class Tcp;
class Pipe;
}  // namespace ls

namespace ls::coro {

// uv_listen for coroutine code: connections are handed to accept() awaiters. 0 or a negative errno.
int listen(Stream& server, int backlog = 128);

class [[nodiscard]] read_awaiter {
 public:
  read_awaiter(Stream& s, where at) noexcept : s_(&s), wait_(s.loop(), at) {}
  bool await_ready() const noexcept { return false; }
  template <class P>
  bool await_suspend(stdco::coroutine_handle<P> h) {
    return wait_.suspend_if_started(h, start(), s_);
  }
  std::string await_resume() {
    wait_.throw_if_failed();
    return std::move(data_);
  }
  ~read_awaiter();

 private:
  int start();
  void on_read(Stream& s, int64_t nread, std::string_view data);
  Stream* s_;
  detail::waiter wait_;
  std::string data_;
};

// The awaitables whose callback is a plain `void(int status)`: shutdown, connect. `Start` issues the
// request and returns its id or a negative errno.
class [[nodiscard]] request_awaiter {
 public:
  using Callback = std::function<void(int)>;
  using Start = std::function<int64_t(Callback)>;
  request_awaiter(Loop& loop, Start start, where at) : wait_(loop, at), start_(std::move(start)) {}
  bool await_ready() const noexcept { return false; }
  template <class P>
  bool await_suspend(stdco::coroutine_handle<P> h) {
    // The core completes (or cancels) the request itself.
    return wait_.suspend_if_started(h, start_([this](int status) { wait_.resume(status); }), nullptr);
  }
  void await_resume() const { wait_.throw_if_failed(); }

 private:
  detail::waiter wait_;
  Start start_;
};

class [[nodiscard]] write_awaiter {
 public:
  write_awaiter(Stream& s, std::string data, where at) : s_(&s), wait_(s.loop(), at), data_(std::move(data)) {}
  bool await_ready();
  template <class P>
  bool await_suspend(stdco::coroutine_handle<P> h) {
    return wait_.suspend_if_started(h, start(), nullptr);  // a request: the core completes (or cancels) it itself
  }
  void await_resume() const { wait_.throw_if_failed(); }

 private:
  int64_t start();
  Stream* s_;
  detail::waiter wait_;
  std::string data_;
};

class [[nodiscard]] accept_awaiter : private detail::waiter {
 public:
  accept_awaiter(Stream& server, Stream& client, where at) noexcept
      : detail::waiter(server.loop(), at), server_(&server), client_(&client) {}
  bool await_ready();
  template <class P>
  bool await_suspend(stdco::coroutine_handle<P> h) {
    notify = &accept_awaiter::on_connection;
    suspend(h, server_);
    return true;
  }
  void await_resume() const { throw_if_failed(); }

 private:
  static void on_connection(detail::waiter& w, int status);
  Stream* server_;
  Stream* client_;
};

inline read_awaiter read(Stream& s, where at = where::here()) { return read_awaiter(s, at); }
inline write_awaiter write(Stream& s, std::string data, where at = where::here()) {
  return write_awaiter(s, std::move(data), at);
}
request_awaiter shutdown(Stream& s, where at = where::here());
request_awaiter connect(Tcp& tcp, std::string host, uint16_t port, where at = where::here());
request_awaiter connect(Pipe& pipe, std::string path, where at = where::here());
inline accept_awaiter accept(Stream& server, Stream& client, where at = where::here()) {
  return accept_awaiter(server, client, at);
}

}  // namespace ls::coro
