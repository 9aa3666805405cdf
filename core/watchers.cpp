// Idle/prepare/check start and stop (libuv's loop-watcher.c). The pass itself is Loop::run_watchers.
#include "watchers.h"

#include "loop.h"

namespace ls {

int LoopWatcherBase::start_base() {
  Loop& l = loop();
  Loop::WatcherQueue& q = type() == HandleType::Idle ? l.idle_ : type() == HandleType::Prepare ? l.prepare_ : l.check_;
  q.queue.push_front(node_);  // libuv inserts at the head: the most recently started runs first
  activate();
  l.trace_handle(TraceKind::HandleStart, *this);
  return 0;
}

int LoopWatcherBase::stop() {
  if (!is_active()) return 0;
  node_.unlink();  // from the queue, or from the pass in progress: then it does not run in this pass
  deactivate();
  loop().trace_handle(TraceKind::HandleStop, *this);
  return 0;
}

LoopWatcherBase::~LoopWatcherBase() { node_.unlink(); }

}  // namespace ls
