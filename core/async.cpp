// Async handle: a coalescing, thread-safe wake-up (uv_async_t). The loop side is Loop::run_poll.
#include "async.h"

#include "loop.h"

namespace ls {

Async::Async(Loop& loop, Callback cb) : Handle(loop, HandleType::Async), cb_(std::move(cb)) {
  loop.asyncs_.push_back(node_);
  loop.async_added();
  activate();  // always active until closed (uv_async_init starts it)
}

Async::~Async() { node_.unlink(); }

int Async::send() {
  // Only the first send since the last dispatch wakes the loop; later ones coalesce into the same callback.
  if (!pending_.exchange(true, std::memory_order_acq_rel)) loop().backend().wakeup();
  return 0;
}

void Async::on_close() {
  node_.unlink();
  pending_.store(false, std::memory_order_relaxed);
  loop().trace_handle(TraceKind::HandleStop, *this);
}

void Loop::async_added() {
  if (wake_enabled_) return;
  wake_enabled_ = true;
  backend_->enable_wakeup();
}

}  // namespace ls
