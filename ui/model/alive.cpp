// "Why is the loop still running?": libuv's alive rule (uv__loop_alive) spelled out from a snapshot — active
// and ref'd handles, requests in flight, pending callbacks, handles waiting for their close callback. An
// unref'd handle never keeps the loop alive, so it is never listed.
#include <map>

#include "ui/model/view_model.h"

namespace ls::ui {

namespace {

std::string who(const HandleInfo& h, Lang lang) {
  std::string s = std::string(to_string(h.type)) + " #" + std::to_string(h.id);
  if (h.line > 0) s += fmt(lang, " (line {0})", {std::to_string(h.line)});
  return s;
}

}  // namespace

std::vector<std::string> alive_reasons(const Snapshot& snap, Lang lang) {
  std::vector<std::string> out;
  // Reasons past kMaxRows are counted, not spelled out (a limited snapshot lists only the first of them).
  for (const HandleInfo& h : snap.handles) {
    bool closing = h.closing, keeps = !h.closing && h.active && h.ref;
    if (!closing && !keeps) continue;
    if (out.size() >= kMaxRows) {
      break;
    } else if (closing) {
      out.push_back(fmt(lang, "{0} is closing: its close callback has not run yet", {who(h, lang)}));
    } else {
      out.push_back(fmt(lang, "{0} is active and ref'd", {who(h, lang)}));
    }
  }
  size_t more = snap.alive_handles_total - out.size();
  std::string n = std::to_string(more);
  if (more) out.push_back(more == 1 ? fmt(lang, "... and {0} more handle like them", {n})
                                    : fmt(lang, "... and {0} more handles like them", {n}));
  std::map<std::string, size_t> by_type;
  for (const RequestInfo& r : snap.requests) by_type[r.type]++;
  for (auto& [type, count] : by_type)
    out.push_back(count == 1 ? fmt(lang, "{0} {1} request in flight", {"1", type})
                             : fmt(lang, "{0} {1} requests in flight", {std::to_string(count), type}));
  n = std::to_string(snap.pending);
  if (snap.pending > 0)
    out.push_back(snap.pending == 1 ? fmt(lang, "{0} callback waits in the pending queue", {n})
                                    : fmt(lang, "{0} callbacks wait in the pending queue", {n}));
  return out;
}

}  // namespace ls::ui
