// Req: the base of every request in flight (write, connect, shutdown, fs, work) — libuv's uv_req_t. Creating
// one registers it with the loop (an active request keeps the loop alive, uv__req_register), records a
// request_submit trace event and lists it for inspection; finish(status) undoes the registration and records
// request_complete just before the owner runs the request's callback (uv__req_unregister, then the callback).
// Requests are owned by what queued them (a stream's write queue, the loop's work queue); callers see only their
// ids, which is what the trace and the inspection show too.
#pragma once

#include <cstdint>

#include "list.h"

namespace ls {

class Handle;
class Loop;

class Req {
 public:
  // type: "write", "connect", "shutdown", "work", "fs_open", ... (the trace's request type); owner may be null.
  Req(Loop& loop, const char* type, const Handle* owner);
  virtual ~Req();
  Req(const Req&) = delete;
  Req& operator=(const Req&) = delete;

  uint64_t id() const { return id_; }
  const char* type() const { return type_; }
  uint64_t handle_id() const { return handle_id_; }
  bool active() const { return active_; }
  Loop& loop() const { return *loop_; }

  // No longer keeps the loop alive; traced as completed with `status` (0 or a negative errno). Call right before
  // the callback. Idempotent.
  void finish(int status);
  // Forgets the request without completing it or touching the loop (which is being destroyed).
  void abandon() {
    active_ = false;
    node_.unlink();
  }

 private:
  friend class Sys;
  Loop* loop_;
  uint64_t id_;
  const char* type_;
  uint64_t handle_id_;
  bool active_ = true;
  detail::Link<Req> node_{this};
};

}  // namespace ls
