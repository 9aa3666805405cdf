// Stream: lifecycle, readiness dispatch, reading, servers and connect completion. The write path (queue,
// shutdown, try_write) is in stream_write.cpp. See stream.h; libuv's src/unix/stream.c is the model.
#include "stream.h"

#include <cerrno>

#include "errors.h"
#include "inspect.h"
#include "loop.h"
#include "stream_reqs.h"

namespace ls {

Stream::Stream(Loop& loop, HandleType type)
    : Handle(loop, type),
      sys_(loop.backend().sys()),
      io_(&Stream::on_io, this),
      pending_(&Stream::on_pending, this, this, CallbackKind::Pending) {
  // uv__stream_init opens the EMFILE spare fd with the loop's first stream.
  if (sys_) sys_->ensure_spare_fd();
}

Stream::~Stream() {
  if (!needs_detach()) return;
  // Destroyed without close() (Handle's destructor asserts): release the fd and the loop's references at least.
  loop().io_set(io_, fd_, 0);
  loop().unfeed(pending_);
  if (sys_ && fd_ >= 0) sys_->close(fd_);
  if (sys_ && accepted_fd_ >= 0) sys_->close(accepted_fd_);
}

int Stream::fileno() const {
  if (is_closing()) return -EBADF;
  return fd_ >= 0 ? fd_ : -EBADF;
}

int Stream::open_fd(int fd, int directions) {
  if (fd_ >= 0 && fd_ != fd) return -EBUSY;
  fd_ = fd;
  readable_ = (directions & kReadable) != 0;
  writable_ = (directions & kWritable) != 0;
  on_opened();
  return 0;
}

// The backend is told only about real changes (Loop::io_set); the trace records each one, because the interest
// set is what epoll_ctl calls are made of.
int Stream::set_interest(int mask) { return loop().io_set_traced(io_, fd_, mask); }

void Stream::stop_if_idle() {
  if (reading_ || listening_ || !is_active()) return;
  deactivate();
  loop().trace_handle(TraceKind::HandleStop, *this);
}

// ---- readiness ----

void Stream::on_io(IoWatcher& w, int events) { static_cast<Stream*>(w.owner)->io_event(events); }

// A fed stream runs as if it had become writable (uv__io_feed + uv__run_pending call the watcher with POLLOUT).
void Stream::on_pending(PendingEntry& e) { static_cast<Stream*>(e.data)->io_event(kWritable); }

void Stream::io_event(int events) {
  if (io_step_ == IoStep::Idle) {  // a new event (not the rest of one a step paused in)
    io_events_ = events;
    reads_left_ = 32;  // bounded: data arriving as fast as it is read must not starve the loop
    read_partial_ = false;
    io_step_ = listening_              ? IoStep::Accept
               : connect_req_          ? IoStep::Connect
               : events & (kReadable | kError | kHangup) ? IoStep::Read  // a hang-up may still leave data
                                                         : IoStep::Hangup;
  }
  loop().run_batch([this] { return io_step_ != IoStep::Idle; }, [this] { io_advance(); });
}

void Stream::io_advance() {
  switch (io_step_) {
    case IoStep::Idle: return;
    case IoStep::Accept: accept_one(); return;
    case IoStep::Connect: finish_connect(); return;
    case IoStep::ConnectFailed:  // the writes queued behind a failed connect are cancelled
      if (!deliver_one_write()) io_step_ = IoStep::Idle;
      return;
    case IoStep::Read: read_one(); return;
    case IoStep::Hangup: hangup(); return;
    case IoStep::Write:
      if (fd_ < 0) {
        io_step_ = IoStep::Idle;
        return;
      }
      write_some();
      take_write_batch();
      io_step_ = IoStep::WriteCallbacks;
      return;
    case IoStep::WriteCallbacks:
      if (!deliver_one_write()) io_step_ = fd_ >= 0 && write_queue_.empty() ? IoStep::Drain : IoStep::Idle;
      return;
    case IoStep::Drain:
      io_step_ = IoStep::Idle;
      drain();
      return;
  }
}

// After the reads: a hang-up after a partial read means EOF without another read(2); then the write side.
void Stream::hangup() {
  io_step_ = fd_ < 0 ? IoStep::Idle : io_events_ & (kWritable | kError | kHangup) ? IoStep::Write : IoStep::Idle;
  if (fd_ < 0) return;  // a read callback closed the stream
  if ((io_events_ & kHangup) && reading_ && read_partial_ && !read_eof_) {
    eof();
    if (fd_ < 0) io_step_ = IoStep::Idle;
  }
}

// ---- reading ----

int Stream::replace_read_callback(ReadCallback cb) {
  if (!reading_ || !cb) return -EINVAL;
  loop().retire_if_running(*this, read_cb_);
  read_cb_ = std::move(cb);
  return 0;
}

int Stream::read_start(ReadCallback cb) {
  if (is_closing() || !cb) return -EINVAL;
  if (reading_) return -EALREADY;  // libuv >= 1.38: read_stop first to change the callback
  if (!sys_) return -ENOSYS;
  if (fd_ < 0 || !readable_) return -ENOTCONN;
  if (!read_buf_) alloc_read_buf(kReadBufferSize);
  int r = watch(kReadable);
  if (r < 0) return r;
  loop().retire_if_running(*this, read_cb_);
  read_cb_ = std::move(cb);
  reading_ = true;
  if (!is_active()) {
    activate();
    loop().trace_handle(TraceKind::HandleStart, *this, fd_, io_.interest);
  }
  return 0;
}

void Stream::alloc_read_buf(size_t size) {
  read_buf_.reset(static_cast<char*>(::operator new[](size, std::align_val_t{kReadBufferAlign})));
  read_buf_size_ = size;
}

// The callback is kept (not destroyed) so that read_stop() from inside it is safe.
int Stream::read_stop() {
  if (!reading_) return 0;
  reading_ = false;
  unwatch(kReadable);
  stop_if_idle();
  return 0;
}

void Stream::deliver_read(int64_t nread) {
  std::string_view data = nread > 0 ? std::string_view(read_buf_.get(), static_cast<size_t>(nread)) : std::string_view();
  loop().dispatch(this, CallbackKind::Io, [&] { read_cb_(*this, nread, data); });
}

void Stream::read_one() {
  if (!reading_ || reads_left_ == 0) {
    io_step_ = IoStep::Hangup;
    return;
  }
  --reads_left_;
  int64_t n = sys_->read(fd_, read_buf_.get(), read_buf_size_);
  if (n == -EAGAIN) {  // nothing after all; the interest stays
    io_step_ = IoStep::Hangup;
    return;
  }
  if (n < 0) {
    io_step_ = IoStep::Hangup;
    readable_ = writable_ = false;  // the connection is gone both ways; the user should close
    deliver_read(n);
    if (reading_) {
      reading_ = false;
      unwatch(kReadable);
      stop_if_idle();
    }
    return;
  }
  if (n == 0) {
    io_step_ = IoStep::Hangup;
    eof();
    return;
  }
  if (static_cast<size_t>(n) < read_buf_size_) {
    read_partial_ = true;
    io_step_ = IoStep::Hangup;
  }
  deliver_read(n);
  // Full: more is probably waiting. The bytes were only valid during the callback, so the buffer may go now.
  if (static_cast<size_t>(n) == read_buf_size_ && read_buf_size_ < read_buf_max_ && fd_ >= 0)
    alloc_read_buf(read_buf_max_);
}

void Stream::eof() {
  read_eof_ = true;
  reading_ = false;
  readable_ = false;
  unwatch(kReadable);
  stop_if_idle();
  deliver_read(kEOF);
}

// ---- servers ----

int Stream::start_listening(ConnectionCallback cb) {
  int r = watch(kReadable);
  if (r < 0) return r;
  loop().retire_if_running(*this, connection_cb_);
  connection_cb_ = std::move(cb);
  listening_ = true;
  if (!is_active()) {
    activate();
    loop().trace_handle(TraceKind::HandleStart, *this, fd_, io_.interest);
  }
  return 0;
}

void Stream::accept_one() {
  if (fd_ < 0 || !listening_) {  // the connection callback may close the server
    io_step_ = IoStep::Idle;
    return;
  }
  int r = sys_->accept(fd_);
  if (r == -ECONNABORTED) return;  // the client gave up while queued: nothing to report, try the next
  if (r == -EMFILE || r == -ENFILE) r = emfile_trick();
  if (r == -EAGAIN) {
    io_step_ = IoStep::Idle;
    return;
  }
  if (r < 0) {
    // libuv reports and keeps accepting; stopping here bounds the work per readiness event.
    io_step_ = IoStep::Idle;
    loop().dispatch(this, CallbackKind::Io, [&] { connection_cb_(*this, r); });
    return;
  }
  accepted_fd_ = r;
  loop().dispatch(this, CallbackKind::Io, [&] { connection_cb_(*this, 0); });
  if (accepted_fd_ >= 0) {
    // Not accepted in the callback: stop listening until accept() takes it.
    unwatch(kReadable);
    io_step_ = IoStep::Idle;
  }
}

// uv__emfile_trick: with no fd left, give up the spare one, accept and close every pending connection (their
// clients see the connection closed instead of hanging in the backlog), then take the spare back. The listener
// is no longer readable afterwards, so the loop does not spin on it.
int Stream::emfile_trick() {
  if (!sys_->release_spare_fd()) return -EMFILE;
  int r;
  do {
    r = sys_->accept(fd_);
    if (r >= 0) sys_->close(r);
  } while (r >= 0);
  sys_->reacquire_spare_fd();
  return r;
}

int Stream::accept(Stream& client) {
  if (accepted_fd_ < 0) return -EAGAIN;
  if (client.type() != type() || client.fd_ >= 0 || client.is_closing() || client.sys_ != sys_) return -EINVAL;
  int r = client.open_fd(accepted_fd_, kReadable | kWritable);
  if (r < 0) sys_->close(accepted_fd_);
  accepted_fd_ = -1;
  if (listening_) watch(kReadable);
  return r;
}

// ---- connecting ----

int64_t Stream::start_connect(int delayed_error, ConnectCallback cb) {
  auto req = std::make_unique<ConnectReq>(loop(), *this, std::move(cb));
  int64_t id = static_cast<int64_t>(req->id());
  connect_req_ = std::move(req);
  if (fd_ >= 0) watch(kWritable);
  if (delayed_error != 0) {
    delayed_error_ = delayed_error;
    loop().feed(pending_);
  }
  return id;
}

void Stream::finish_connect() {
  io_step_ = IoStep::Idle;
  int err = delayed_error_;
  if (err != 0) {
    delayed_error_ = 0;
  } else {
    err = sys_->socket_error(fd_);
  }
  if (err == -EINPROGRESS) return;
  std::unique_ptr<ConnectReq> req = std::move(connect_req_);
  if (err < 0 || write_queue_.empty()) unwatch(kWritable);
  req->finish(err);
  if (req->cb) loop().dispatch(this, CallbackKind::Request, [&] { req->cb(err); });
  if (fd_ < 0) return;  // closed by the callback: the close takes care of queued writes
  if (err < 0) {
    flush_queue(-ECANCELED);
    take_write_batch();
    io_step_ = IoStep::ConnectFailed;
  }
}

// ---- closing ----

// uv__stream_close: stop watching (events of this fd still queued in the batch are dropped), close the fd now.
void Stream::on_close() {
  set_interest(0);
  loop().unfeed(pending_);
  reading_ = listening_ = false;
  readable_ = writable_ = false;
  // libuv never closes stdio fds with their handle (uv__stream_close): later output still has somewhere to go.
  if (fd_ > 2 && sys_) {
    if (close_with_reset_) {
      sys_->close_reset(fd_);
    } else {
      sys_->close(fd_);
    }
  }
  fd_ = -1;
  if (accepted_fd_ >= 0 && sys_) sys_->close(accepted_fd_);
  accepted_fd_ = -1;
}

// uv__stream_destroy, in the closing phase before the close callback: what is still in flight is cancelled, in
// the order connect, writes (FIFO; finished ones keep their status), shutdown — one callback per call.
bool Stream::close_step() {
  if (connect_req_) {
    std::unique_ptr<ConnectReq> req = std::move(connect_req_);
    req->finish(-ECANCELED);
    if (req->cb) loop().dispatch(this, CallbackKind::Request, [&] { req->cb(-ECANCELED); });
    return true;
  }
  if (!close_flushed_) {
    close_flushed_ = true;
    flush_queue(-ECANCELED);
    take_write_batch();
  }
  if (deliver_one_write()) return true;
  if (shutdown_req_) {
    std::unique_ptr<ShutdownReq> req = std::move(shutdown_req_);
    req->finish(-ECANCELED);
    if (req->cb) loop().dispatch(this, CallbackKind::Request, [&] { req->cb(-ECANCELED); });
    return true;
  }
  // flush_queue fed the pending entry (complete_head), but its callbacks ran just now; left queued, it would
  // outlive the handle, which the close callback may delete.
  loop().unfeed(pending_);
  return false;
}

void Stream::describe(HandleInfo& info) const {
  info.fd = fd_;
  info.events = io_.interest;
  info.write_queue_size = write_queue_size_;
  std::string s;
  auto add = [&](bool on, const char* word) {
    if (!on) return;
    if (!s.empty()) s += ' ';
    s += word;
  };
  add(listening_, "listening");
  add(connect_req_ != nullptr, "connecting");
  add(reading_, "reading");
  add(readable_, "readable");
  add(writable_, "writable");
  add(read_eof_, "eof");
  add(shutting_, "shutting");
  add(shut_, "shut");
  info.state = std::move(s);
}

}  // namespace ls
