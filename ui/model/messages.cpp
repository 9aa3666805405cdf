// message_text(): the core and the session say what went wrong in English (they have no language and their
// callers compare the text); the UI shows it in its own. A message is a catalog text as it is, or one of these
// templates filled in — matched back to its arguments, which keep the user's text (a port, a client, a path).
#include <algorithm>
#include <string_view>
#include <vector>

#include "ui/model/words.h"

namespace ls::ui {

namespace {

// The templates of messages made outside ui/ with arguments in them.
const char* const kTemplates[] = {
    // core/emu/inputs.cpp: the network client's actions and the faults
    N_("no client {0}"), N_("client {0} has shut down or closed"), N_("client {0} has no connection to reset"),
    N_("client {0} has no connection"),
    // ui/model/input_spec.cpp: fault(spec)
    N_("fault: '{0}' must be a number"), N_("fault: '{0}' must be a whole number from {1} to {2}"),
    // wasm/main.cpp
    N_("unknown client action {0}"),
    // ui/model/compare.cpp
    N_("no gallery example named '{0}'"),
    // core/fs_event.cpp, core/fs_poll.cpp: a watching handle's state
    N_("watching {0}"), N_("polling {0} every {1} ms"),
    // core/emu: an fd's state in the kernel's table
    N_("failed {0}"), N_("count {0}"), N_("{0} watched"), N_("{0} watches, {1} events queued"),
};

// Whether `s` is template `t` filled in: its text literally, each {n} at least one character of a line (the longest
// that lets the rest match, so a path that contains " every " still ends at the last one), kept in args[n].
// A plain backtracking walk: the templates are short, and a message that is none of them fails on its first
// characters, which matters because every handle row of every frame asks.
bool fills(std::string_view t, std::string_view s, std::vector<std::string>& args) {
  if (t.empty()) return s.empty();
  if (t.size() >= 3 && t[0] == '{' && t[1] >= '0' && t[1] <= '9' && t[2] == '}') {
    size_t line = std::min(s.find_first_of("\r\n"), s.size());
    for (size_t n = line; n >= 1; --n) {
      if (fills(t.substr(3), s.substr(n), args)) {
        args[static_cast<size_t>(t[1] - '0')] = std::string(s.substr(0, n));
        return true;
      }
    }
    return false;
  }
  return !s.empty() && s[0] == t[0] && fills(t.substr(1), s.substr(1), args);
}

}  // namespace

std::string message_text(Lang lang, const std::string& en) {
  if (lang == Lang::en || en.empty()) return en;
  if (has_word(en)) return tr(lang, en.c_str());
  std::vector<std::string> args(10);
  for (const char* t : kTemplates)
    if (fills(t, en, args)) return fmt(lang, t, args);
  return en;
}

}  // namespace ls::ui
