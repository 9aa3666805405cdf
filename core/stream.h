// Stream: the base of Tcp and Pipe (libuv's uv_stream_t, src/unix/stream.c), written once over Sys so it runs
// the same on the epoll backend and the emulated one.
//
// Reading: read_start(cb) reads into the stream's own buffer (64 KiB, 256 KiB once a read filled it; no alloc
// callback); cb(stream, nread, data) gets nread > 0 with the bytes (valid during the call only), kEOF at end of
// stream, or a negative errno (-ECONNRESET, ...). Up to 32 reads per readiness event, as libuv, so a fast peer cannot starve the loop. A read
// that finds nothing (EAGAIN) calls nothing (libuv would call cb with 0).
// Writing: write() queues a request; requests complete in FIFO order, each callback exactly once, with 0, the
// write error (-EPIPE, -ECONNRESET) or -ECANCELED when the stream closes first. If nothing was queued, the write
// is attempted at once; a completion found then is delivered through the pending queue (next pending phase), one
// found in the poll phase is delivered right there — both as libuv. One write syscall per attempt, as libuv; small
// requests queued behind the head join its writev (up to 1 MiB). write_queue_size() counts bytes not yet
// written. try_write() writes now or fails with -EAGAIN.
// shutdown(cb): after the queue drains, shut the write side (shutdown(SHUT_WR)) and call cb.
// Closing: the fd is closed at once; in the closing phase, before the close callback, a pending connect,
// every queued write and a pending shutdown get their callbacks with -ECANCELED (uv__stream_destroy).
// Servers: listen() (in Tcp / Pipe), then accept(client) from the connection callback; a connection not accepted
// there pauses the listener until it is. EMFILE on accept uses libuv's trick (a spare fd is closed, pending
// connections are accepted and closed, the spare is reopened), so a full fd table costs no busy loop.
// Write, connect and shutdown requests return their request id (> 0) or a negative errno; they keep the loop
// alive while in flight. A stream is active (keeps the loop alive) while reading or listening.
// Covered by tests/core/io/test_stream.cpp, test_stream_faults.cpp, test_pipe.cpp.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "backend.h"
#include "handle.h"
#include "io.h"
#include "request.h"
#include "sys.h"

namespace ls {

class Stream : public Handle {
 public:
  using ReadCallback = std::function<void(Stream&, int64_t nread, std::string_view data)>;
  using WriteCallback = std::function<void(int status)>;
  using ShutdownCallback = std::function<void(int status)>;
  using ConnectCallback = std::function<void(int status)>;
  using ConnectionCallback = std::function<void(Stream& server, int status)>;

  // Reads go into a 64 KiB buffer; one that fills it grows it to 256 KiB for the next reads (a bulk sender gets a
  // quarter of the read syscalls: uvloop's shape), so a stream of small messages never holds the big one.
  static constexpr size_t kReadBufferSize = 64 * 1024;
  static constexpr size_t kReadBufferMax = 256 * 1024;
  // Page-aligned: the kernel's copy into it (rep movsb) runs markedly slower into a misaligned buffer.
  static constexpr size_t kReadBufferAlign = 4096;
  // The most a full read grows the buffer to (kReadBufferSize ... kReadBufferMax). A host that copies every read
  // into a heap block of its own (the Lua runtime makes a string of it) may want reads no bigger than the first.
  void set_read_buffer_max(size_t bytes) { read_buf_max_ = bytes; }

  ~Stream() override;

  // uv_listen (per type: Tcp binds to an ephemeral port if unbound, Pipe needs bind()). cb(server, status).
  virtual int listen(int backlog, ConnectionCallback cb) = 0;
  // uv_accept: -EAGAIN if no connection is waiting, -EINVAL for a client of another type or already open.
  int accept(Stream& client);

  // -EINVAL if closing or cb is empty, -EALREADY if reading (libuv >= 1.38), -ENOTCONN if not readable.
  int read_start(ReadCallback cb);
  int read_stop();
  // While reading: the next reads go to cb (no epoll change; what a coroutine re-awaiting a read needs).
  // -EINVAL unless reading.
  int replace_read_callback(ReadCallback cb);

  // Owned data (moved in) or borrowed buffers (the caller keeps them alive until cb runs, libuv's contract).
  // Request id, or -EBADF (no fd), -EPIPE (not writable: shut down, or after a read error).
  int64_t write(std::string data, WriteCallback cb = {});
  int64_t write(std::vector<std::string> bufs, WriteCallback cb = {});
  int64_t write_borrowed(const ConstBuf* bufs, size_t count, WriteCallback cb = {});
  // Bytes written now, or -EAGAIN (would block, or writes are queued / a connect is pending), or the error.
  int64_t try_write(std::string_view data);
  int64_t try_write(const ConstBuf* bufs, size_t count);
  // Request id, or -ENOTCONN (not writable, already shut or shutting, closing).
  int64_t shutdown(ShutdownCallback cb = {});

  bool is_readable() const { return readable_; }
  bool is_writable() const { return writable_; }
  bool is_reading() const { return reading_; }
  bool is_listening() const { return listening_; }
  size_t write_queue_size() const { return write_queue_size_; }
  int fileno() const override;

 protected:
  friend class Process;  // spawn() opens the parent's end of a stdio pipe with libuv's directions
  Stream(Loop& loop, HandleType type);

  Sys* sys() const { return sys_; }
  int fd() const { return fd_; }
  // uv__stream_open: fd becomes this stream's; directions are kReadable / kWritable bits. -EBUSY if it has one.
  int open_fd(int fd, int directions);
  void add_directions(int directions) {
    readable_ = readable_ || (directions & kReadable);
    writable_ = writable_ || (directions & kWritable);
  }
  // Called once an fd is installed (Tcp applies nodelay/keepalive asked for before the socket existed).
  virtual void on_opened() {}
  // After listen(2) succeeded: start accepting.
  int start_listening(ConnectionCallback cb);
  // Queues the connect request after connect(2) was issued; delayed_error != 0 reports that error through the
  // callback in the next pending phase (libuv's delayed_error) instead of waiting for writability.
  int64_t start_connect(int delayed_error, ConnectCallback cb);
  bool connecting() const { return connect_req_ != nullptr; }
  bool shutting() const { return shutting_; }

  void on_close() override;
  bool close_step() override;
  void describe(HandleInfo& info) const override;

  int delayed_error_ = 0;        // tcp: EADDRINUSE from bind, reported by listen/connect/getsockname
  bool close_with_reset_ = false;  // close with SO_LINGER 0 (Tcp::close_reset)

 private:
  struct WriteReq;
  struct ConnectReq;
  struct ShutdownReq;

  // One readiness event (or pending feed) is a short program, uv__stream_io's: accept | connect | read →
  // EOF on hang-up → write → write callbacks → drain. io_advance() runs at most one callback and leaves
  // io_step_ at what comes next, so a step by callback can stop between any two (Loop::continue_later).
  enum class IoStep : uint8_t { Idle, Accept, Connect, ConnectFailed, Read, Hangup, Write, WriteCallbacks, Drain };

  static void on_io(IoWatcher& w, int events);
  static void on_pending(PendingEntry& e);
  void io_event(int events);  // uv__stream_io
  void io_advance();
  void accept_one();          // uv__server_io, one connection
  int emfile_trick();
  void read_one();            // uv__read, one read of at most 32 per event
  void hangup();
  void deliver_read(int64_t nread);
  void eof();
  void finish_connect();      // uv__stream_connect
  int check_write() const;
  int64_t enqueue(std::unique_ptr<WriteReq> req);
  void write_some();          // uv__write (one syscall; small queued requests join the head's writev)
  void complete_head(int error);
  void flush_queue(int error);
  // uv__write_callbacks, one at a time: the batch is what had finished when it was taken.
  void take_write_batch();
  bool deliver_one_write();   // false when the batch is over
  void drain();               // uv__drain: the queue is empty; run a pending shutdown
  void stop_if_idle();
  int set_interest(int mask);
  int watch(int events) { return set_interest(io_.interest | events); }
  void unwatch(int events) { set_interest(io_.interest & ~events); }

  Sys* sys_;
  IoWatcher io_;
  PendingEntry pending_;
  int fd_ = -1;
  int accepted_fd_ = -1;
  bool readable_ = false, writable_ = false;
  bool reading_ = false, listening_ = false;
  bool read_eof_ = false, read_partial_ = false;
  bool shutting_ = false, shut_ = false;
  ReadCallback read_cb_;
  ConnectionCallback connection_cb_;
  struct AlignedFree {
    void operator()(char* p) const { ::operator delete[](p, std::align_val_t{kReadBufferAlign}); }
  };
  std::unique_ptr<char[], AlignedFree> read_buf_;
  size_t read_buf_size_ = 0;
  size_t read_buf_max_ = kReadBufferMax;
  void alloc_read_buf(size_t size);
  std::deque<std::unique_ptr<WriteReq>> write_queue_;  // not fully written yet, FIFO
  std::vector<std::unique_ptr<WriteReq>> write_done_;  // finished (or failed), callback not run yet
  std::vector<std::unique_ptr<WriteReq>> done_batch_;  // the batch being delivered (from done_pos_ on)
  size_t done_pos_ = 0;
  IoStep io_step_ = IoStep::Idle;
  int io_events_ = 0;   // the event io_step_ belongs to
  int reads_left_ = 0;  // of the 32 reads one event may make
  bool close_flushed_ = false;  // close_step(): queued writes have been cancelled
  size_t write_queue_size_ = 0;
  std::unique_ptr<ConnectReq> connect_req_;
  std::unique_ptr<ShutdownReq> shutdown_req_;
};

}  // namespace ls
