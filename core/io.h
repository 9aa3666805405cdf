// IoWatcher: the loop's per-fd interest record (libuv's uv__io_t). Poll handles and the loop's own signal pipe
// use one; later streams will too. The loop keeps a table fd -> watcher, changes backend interest only when the
// mask really changes, and when a watcher stops or closes it invalidates that fd's remaining events of the
// current poll batch, so a stale event is never delivered to a new watcher of a reused fd.
#pragma once

namespace ls {

class Handle;

struct IoWatcher {
  using Callback = void (*)(IoWatcher&, int events);

  IoWatcher(Callback cb, Handle* owner) : cb(cb), owner(owner) {}
  IoWatcher(const IoWatcher&) = delete;
  IoWatcher& operator=(const IoWatcher&) = delete;

  int fd = -1;
  int interest = 0;  // IoEvent bits the backend watches for fd (0 = fd not watched)
  Callback cb;
  Handle* owner;  // for tracing; nullptr for the loop's internal watchers
};

}  // namespace ls
