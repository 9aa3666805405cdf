// Stream awaitables (see stream.h): read with its keep-reading rule, the request-shaped ones, listen/accept.
#include "stream.h"

#include "../errors.h"
#include "../loop.h"
#include "../pipe.h"
#include "../tcp.h"

namespace ls::coro {

namespace {

// Set by read() when it arms a stream; read's callback clears it before resuming the reader and looks at it
// afterwards: the same stream means "the reader awaits read() again: keep reading".
Stream*& rearmed() {
  thread_local Stream* s = nullptr;
  return s;
}

// The core refuses an operation on a closing handle (EINVAL, EBADF, ...); for a waiter that is a cancellation.
int64_t closed_is_cancelled(const Handle& h, int64_t r) { return r < 0 && h.is_closing() ? -ECANCELED : r; }

}  // namespace

// ---- read ----

int read_awaiter::start() {
  rearmed() = s_;
  auto cb = [this](Stream& s, int64_t n, std::string_view d) { on_read(s, n, d); };
  // Awaited again from inside the previous read's resumption: the stream is still reading.
  int r = s_->is_reading() ? s_->replace_read_callback(cb) : s_->read_start(cb);
  return static_cast<int>(closed_is_cancelled(*s_, r));
}

void read_awaiter::on_read(Stream& s, int64_t nread, std::string_view d) {
  int status = 0;
  if (nread > 0) {
    data_.assign(d);
  } else if (nread != kEOF) {
    status = static_cast<int>(nread);
  }
  Stream*& slot = rearmed();
  Stream* outer = slot;
  slot = nullptr;
  wait_.resume(status);  // *this is gone after this
  bool again = slot == &s;
  slot = outer;
  if (!again && s.is_reading()) s.read_stop();
}

// Destroyed while suspended (its frame destroyed by the owner): the stream must not call into it later.
read_awaiter::~read_awaiter() {
  if (wait_.suspended()) s_->read_stop();
}

// ---- write: at once if the kernel takes it all, else a request ----

bool write_awaiter::await_ready() {
  int64_t n = s_->try_write(data_);
  if (n == static_cast<int64_t>(data_.size())) return true;  // written: nothing to wait for
  if (n == -EAGAIN) return false;                             // nothing written (or writes queued): request
  if (n < 0) {
    wait_.fail(static_cast<int>(closed_is_cancelled(*s_, n)));
    return true;
  }
  data_.erase(0, static_cast<size_t>(n));  // a partial write: the rest goes through the queue
  return false;
}

int64_t write_awaiter::start() {
  return closed_is_cancelled(*s_, s_->write(std::move(data_), [this](int status) { wait_.resume(status); }));
}

// ---- requests: shutdown, connect ----

request_awaiter shutdown(Stream& s, where at) {
  return request_awaiter(
      s.loop(), [&s](request_awaiter::Callback cb) { return s.shutdown(std::move(cb)); }, at);
}

request_awaiter connect(Tcp& tcp, std::string host, uint16_t port, where at) {
  return request_awaiter(
      tcp.loop(),
      [&tcp, host = std::move(host), port](request_awaiter::Callback cb) {
        return tcp.connect(host, port, std::move(cb));
      },
      at);
}

request_awaiter connect(Pipe& pipe, std::string path, where at) {
  return request_awaiter(
      pipe.loop(), [&pipe, path = std::move(path)](request_awaiter::Callback cb) { return pipe.connect(path, std::move(cb)); },
      at);
}

// ---- listen / accept ----

// The connection callback finds the strand awaiting accept() on this server; with none, the connection waits
// (the stream stops watching the listener until accept() takes it), so nothing is lost or spun on.
int listen(Stream& server, int backlog) {
  return server.listen(backlog, [](Stream& s, int status) {
    auto waiting = detail::waiters_on(s.loop(), s);
    for (detail::waiter* w : waiting) {
      if (w->notify) {
        w->notify(*w, status);
        return;
      }
    }
  });
}

// A connection already waiting is taken without suspending.
bool accept_awaiter::await_ready() {
  if (!server_->is_listening()) {
    fail(server_->is_closing() ? -ECANCELED : -EINVAL);
    return true;
  }
  int r = server_->accept(*client_);
  if (r == -EAGAIN) return false;
  fail(r);  // 0 (accepted) or the error
  return true;
}

void accept_awaiter::on_connection(detail::waiter& w, int status) {
  auto& self = static_cast<accept_awaiter&>(w);
  if (status == 0) status = self.server_->accept(*self.client_);
  self.resume(status);
}

}  // namespace ls::coro
