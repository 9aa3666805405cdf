// "Why is the loop still running?": libuv's alive rule (uv__loop_alive) spelled out from a snapshot — active
// and ref'd handles, requests in flight, pending callbacks, handles waiting for their close callback. An
// unref'd handle never keeps the loop alive, so it is never listed.
#include <map>

#include "ui/model/view_model.h"

namespace ls::ui {

namespace {

std::string who(const HandleInfo& h) {
  std::string s = std::string(to_string(h.type)) + " #" + std::to_string(h.id);
  if (h.line > 0) s += " (line " + std::to_string(h.line) + ")";
  return s;
}

std::string plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::vector<std::string> alive_reasons(const Snapshot& snap) {
  std::vector<std::string> out;
  size_t more = 0;  // reasons past kMaxRows are counted, not spelled out
  for (const HandleInfo& h : snap.handles) {
    bool closing = h.closing, keeps = !h.closing && h.active && h.ref;
    if (!closing && !keeps) continue;
    if (out.size() >= kMaxRows) {
      ++more;
    } else if (closing) {
      out.push_back(who(h) + " is closing: its close callback has not run yet");
    } else {
      out.push_back(who(h) + " is active and ref'd");
    }
  }
  if (more) out.push_back("... and " + plural(more, "more handle", "more handles") + " like them");
  std::map<std::string, size_t> by_type;
  for (const RequestInfo& r : snap.requests) by_type[r.type]++;
  for (auto& [type, n] : by_type) out.push_back(plural(n, (type + " request in flight").c_str(),
                                                       (type + " requests in flight").c_str()));
  if (snap.pending > 0)
    out.push_back(plural(snap.pending, "callback waits", "callbacks wait") + " in the pending queue");
  return out;
}

}  // namespace ls::ui
