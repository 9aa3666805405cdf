// The pending queue and active requests — the hooks issue 4's write/connect/shutdown/fs/work requests build on.
//
// PendingEntry is libuv's uv__io_feed: an I/O completion deferred to the next pending phase (a finished write's
// callback, a delayed connect error). Feeding an entry that is already queued does nothing. Closing the owning
// handle must unfeed its entries (Loop::unfeed). Active requests (Loop::req_register/req_unregister) keep the
// loop alive, as uv__req_register does.
#pragma once

#include "list.h"
#include "types.h"

namespace ls {

class Handle;

struct PendingEntry {
  using Run = void (*)(PendingEntry&);

  PendingEntry(Run run, Handle* handle, void* data = nullptr, CallbackKind kind = CallbackKind::Pending)
      : run(run), handle(handle), data(data), kind(kind) {}
  PendingEntry(const PendingEntry&) = delete;
  PendingEntry& operator=(const PendingEntry&) = delete;

  bool queued() const { return node.linked(); }

  Run run;         // called once per feed, from the pending phase, traced as a callback of `handle`
  Handle* handle;  // may be nullptr for loop-internal work
  void* data;      // the owner (a request, a stream): what `run` works on
  CallbackKind kind;
  detail::Link<PendingEntry> node{this};
};

}  // namespace ls
