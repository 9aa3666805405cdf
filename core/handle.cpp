// Handle flags and the close protocol; the loop-side bookkeeping of handles (walk list, closing queue).
#include "handle.h"

#include <cassert>

#include "loop.h"

namespace ls {

Handle::Handle(Loop& loop, HandleType type) : loop_(&loop), id_(++loop.next_handle_id_), type_(type) {
  loop.handle_opened(*this);
}

Handle::~Handle() {
  if (closed() || !loop_) return;
  // The owner must close() a handle and wait for its close callback before destroying it. Release builds keep
  // the loop consistent anyway: derived destructors already left their queues; leave the rest here.
  assert(!"ls::Handle destroyed before its close callback ran");
  if (flags_ & kClosing) loop_->drop_closing(*this);
  deactivate();
  walk_node_.unlink();
}

int Handle::close(CloseCallback cb) {
  if (is_closing()) return -EINVAL;
  on_close();
  deactivate();
  flags_ |= kClosing;
  loop_->add_closing(*this, std::move(cb));
  return 0;
}

void Handle::set_source_line(int line) {
  source_line_ = line;
  loop_->trace().set_open_line(id_, line);
}

void Handle::activate() {
  if (flags_ & kActive) return;
  flags_ |= kActive;
  if ((flags_ & (kRef | kClosing)) == kRef) ++loop_->active_handles_;
}

void Handle::deactivate() {
  if (!(flags_ & kActive)) return;
  flags_ &= ~kActive;
  if ((flags_ & (kRef | kClosing)) == kRef) --loop_->active_handles_;
}

void Handle::ref() {
  if (flags_ & kRef) return;
  flags_ |= kRef;
  if ((flags_ & (kActive | kClosing)) == kActive) ++loop_->active_handles_;
  loop_->trace_handle(TraceKind::HandleRef, *this, 1);
}

void Handle::unref() {
  if (!(flags_ & kRef)) return;
  flags_ &= ~kRef;
  if ((flags_ & (kActive | kClosing)) == kActive) --loop_->active_handles_;
  loop_->trace_handle(TraceKind::HandleRef, *this, 0);
}

// --- loop side ---

void Loop::handle_opened(Handle& h) {
  handles_.push_back(h.walk_node_);
  trace_handle(TraceKind::HandleOpen, h);
}

void Loop::add_closing(Handle& h, Handle::CloseCallback cb) {
  closing_.push_back(Closing{&h, std::move(cb)});
  ++closing_count_;
  trace_handle(TraceKind::HandleClose, h);
}

void Loop::drop_closing(Handle& h) {
  for (auto* list : {&closing_, &closing_pass_})
    for (Closing& c : *list)
      if (c.handle == &h) {
        c.handle = nullptr;
        --closing_count_;
      }
}

// uv__finish_close: the handle leaves the walk list before its callback, so the callback may destroy it. The
// callbacks the handle still owes come first, one per call of close_step(); false = paused between them.
bool Loop::finish_close(Closing& c) {
  Handle* h = c.handle;
  if (!h) return true;
  h->flags_ |= Handle::kClosed;
  while (!(h->flags_ & Handle::kStepsDone)) {
    if (!h->close_step()) h->flags_ |= Handle::kStepsDone;
    if (paused()) return false;
  }
  h->walk_node_.unlink();
  --closing_count_;
  if (c.cb) {
    Handle::CloseCallback cb = std::move(c.cb);
    dispatch(h, CallbackKind::Close, [&] { cb(*h); });
  }
  return true;
}

void Loop::trace_handle(TraceKind kind, const Handle& h, int64_t a, int64_t b) {
  if (!tracing_) [[likely]] return;
  TraceEvent ev;
  ev.kind = kind;
  ev.id = h.id();
  ev.htype = h.type();
  ev.a = a;
  ev.b = b;
  emit(std::move(ev));
}

void Loop::emit_event(TraceKind kind, int64_t a, int64_t b, const char* text, Phase phase) {
  TraceEvent ev;
  ev.kind = kind;
  ev.phase = phase;
  ev.a = a;
  ev.b = b;
  if (text) ev.text = text;
  emit(std::move(ev));
}

void Loop::walk(const std::function<void(Handle&)>& fn) {
  // A snapshot, so fn may close handles (closing ones stay listed until their close callback, as in uv_walk).
  std::vector<Handle*> all;
  handles_.for_each([&](Handle& h) { all.push_back(&h); });
  for (Handle* h : all) fn(*h);
}

}  // namespace ls
