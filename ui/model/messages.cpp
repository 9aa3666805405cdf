// message_text(): the core and the session say what went wrong in English (they have no language and their
// callers compare the text); the UI shows it in its own. A message is a catalog text as it is, or one of these
// templates filled in — matched back to its arguments, which keep the user's text (a port, a client, a path).
#include <regex>
#include <utility>

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

// A template as an anchored pattern: its text literally, each {n} any text (captured, in order of appearance).
struct Pattern {
  const char* en;
  std::regex re;
  std::vector<int> slots;  // the placeholder number of each capture
};

const std::vector<Pattern>& patterns() {
  static const std::vector<Pattern> out = [] {
    std::vector<Pattern> v;
    for (const char* t : kTemplates) {
      std::string s = t, re = "^";
      std::vector<int> slots;
      for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '{' && i + 2 < s.size() && s[i + 2] == '}') {
          re += "(.+)";
          slots.push_back(s[i + 1] - '0');
          i += 2;
        } else {
          if (std::string("\\^$.|?*+()[]{}").find(s[i]) != std::string::npos) re += '\\';
          re += s[i];
        }
      }
      v.push_back(Pattern{t, std::regex(re + "$"), std::move(slots)});
    }
    return v;
  }();
  return out;
}

}  // namespace

std::string message_text(Lang lang, const std::string& en) {
  if (lang == Lang::en || en.empty()) return en;
  if (has_word(en)) return tr(lang, en.c_str());
  for (const Pattern& p : patterns()) {
    std::smatch m;
    if (!std::regex_match(en, m, p.re)) continue;
    std::vector<std::string> args(10);
    for (size_t i = 0; i < p.slots.size(); ++i) args[p.slots[i]] = m[i + 1].str();
    return fmt(lang, p.en, args);
  }
  return en;
}

}  // namespace ls::ui
