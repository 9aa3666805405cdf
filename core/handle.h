// Handle: the base of every long-lived loop object (timer, idle, prepare, check, async, poll, signal, later tcp and
// pipe). It owns the flags libuv keeps in uv_handle_t (active, ref, closing, closed), the membership in the loop's
// walk list, and the close protocol: close() only marks the handle; its callback runs in the next closing phase,
// in LIFO order of the close() calls. Covered by tests/core/test_handle.cpp.
//
// Memory: the owner allocates handles and may destroy one only after its close callback ran (destroying it
// inside that callback is fine: the loop does not touch the handle after calling it). Destroying a handle that
// is not closed asserts in debug builds; release builds detach it from the loop as well as they can.
#pragma once

#include <cerrno>
#include <cstdint>
#include "list.h"
#include "small_function.h"
#include "types.h"

namespace ls {

class Loop;
struct HandleInfo;

class Handle {
 public:
  // One pointer of state stays inline (what bindings pass); see small_function.h.
  using CloseCallback = SmallFunction<void(Handle&)>;

  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  virtual ~Handle();

  // Marks the handle closing and stops it; `cb` runs in the next closing phase. -EINVAL if already closing.
  int close(CloseCallback cb = {});

  bool is_active() const { return flags_ & kActive; }
  bool is_closing() const { return flags_ & (kClosing | kClosed); }
  // ref/unref are flags, not counters (libuv): an unref'd active handle does not keep the loop alive.
  void ref();
  void unref();
  bool has_ref() const { return flags_ & kRef; }

  HandleType type() const { return type_; }
  const char* type_name() const { return to_string(type_); }
  // Stable small sequence number (1, 2, ... per loop), used in traces and inspection instead of addresses.
  uint64_t id() const { return id_; }
  Loop& loop() const { return *loop_; }
  // -EINVAL for handle types without a file descriptor; -EBADF when closing (as uv_fileno).
  virtual int fileno() const { return -EINVAL; }

  void* data = nullptr;  // for bindings

  // The source line of the host's program that created the handle (0 = unknown), for the trace's handle_open
  // and inspection: a binding that knows it (the Lua runtime) tells it right after creating the handle.
  void set_source_line(int line);
  int source_line() const { return source_line_; }

 protected:
  Handle(Loop& loop, HandleType type);

  // uv__handle_start / uv__handle_stop: keep the loop's count of active ref'd handles right.
  void activate();
  void deactivate();
  bool closed() const { return flags_ & kClosed; }
  // For destructors: false when the handle is already closed, or its loop is gone (destroyed first).
  bool needs_detach() const { return !(flags_ & kClosed) && loop_ != nullptr; }

  // Type-specific part of close(): stop, leave queues. Called once, before the handle is marked closing.
  virtual void on_close() = 0;
  // In the closing phase, right before the close callback: callbacks the handle still owes (a stream's requests
  // in flight get ECANCELED, libuv's uv__stream_destroy). Each call runs at most one of them and returns true
  // while more may follow, so a step by callback can stop between them. Default: none.
  virtual bool close_step() { return false; }
  // Type-specific fields of an inspection snapshot.
  virtual void describe(HandleInfo&) const {}

 private:
  friend class Loop;

  // kStepsDone: the closing phase has run every close_step(); the close callback is next.
  enum : uint8_t { kActive = 1, kRef = 2, kClosing = 4, kClosed = 8, kStepsDone = 16 };

  Loop* loop_;
  uint64_t id_;
  detail::Link<Handle> walk_node_{this};
  uint8_t flags_ = kRef;
  HandleType type_;
  int source_line_ = 0;
};

}  // namespace ls
