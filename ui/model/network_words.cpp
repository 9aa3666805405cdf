// The fds & network panel's values in the UI's language. The kernel and the remote host name an fd's state and
// a client's in English words ("listening", "peer closed", "failed ECONNREFUSED"); state() keeps those (tests and
// scripts compare them) and the panel draws these. TCP's state names (ESTABLISHED, CLOSE_WAIT ...), errno names,
// paths and handle names ("tcp #5") stay as they are.
#include "ui/model/network.h"

#include "core/backend.h"

namespace ls::ui {

std::string io_events_text(int bits, Lang lang) {
  if (lang == Lang::en) return io_events_words(bits);
  std::string out;
  auto add = [&out](const std::string& w) { out += (out.empty() ? "" : " ") + w; };
  if (bits & kReadable) add(tr(lang, "readable"));
  if (bits & kWritable) add(tr(lang, "writable"));
  if (std::string rest = io_events_words(bits & ~(kReadable | kWritable)); rest != "-") add(rest);
  return out.empty() ? "-" : out;
}

void translate_network(NetworkView& v, Lang lang) {
  for (FdRow& f : v.fds) {
    f.state_text = message_text(lang, f.state);
    f.owner_text = message_text(lang, f.owner);
  }
  for (ConnRow& c : v.connections) {
    c.client_state_text = message_text(lang, c.client_state);
    c.server_state_text = message_text(lang, c.server_state);
  }
  for (ClientRow& c : v.clients) c.state_text = message_text(lang, c.state);
}

}  // namespace ls::ui
