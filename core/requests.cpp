// Request registration and its trace events. See requests.h.
#include "requests.h"

#include "handle.h"
#include "loop.h"
#include "sys.h"

namespace ls {

Req::Req(Loop& loop, const char* type, const Handle* owner)
    : loop_(&loop), id_(loop.next_request_id()), type_(type), handle_id_(owner ? owner->id() : 0) {
  loop.req_register();
  if (Sys* sys = loop.backend().sys()) sys->requests_.push_back(node_);
  if (loop.trace().enabled()) [[unlikely]] {
    TraceEvent ev;
    ev.kind = TraceKind::RequestSubmit;
    ev.id = id_;
    ev.text = type_;
    ev.b = static_cast<int64_t>(handle_id_);
    loop.trace().emit(std::move(ev));
  }
}

Req::~Req() {
  // Dropped without completing (its handle was destroyed unclosed): at least keep the alive rule right.
  if (active_) loop_->req_unregister();
  node_.unlink();
}

void Req::finish(int status) {
  if (!active_) return;
  active_ = false;
  node_.unlink();
  loop_->req_unregister();
  if (loop_->trace().enabled()) [[unlikely]] {
    TraceEvent ev;
    ev.kind = TraceKind::RequestComplete;
    ev.id = id_;
    ev.a = status;
    ev.text = type_;
    loop_->trace().emit(std::move(ev));
  }
}

}  // namespace ls
