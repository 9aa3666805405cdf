// The UI's own words in English and Korean: menus, tooltips, narration, status. gettext style: a text is looked
// up by its English wording, so call sites stay readable (tr(lang, "Run")); sentences whose word order differs
// are templates with numbered placeholders (fmt(lang, "{0}: ran {1}'s {2}", {...})). The language is the
// caller's (App::settings.lang), never a global. libuv's own identifiers (timers, poll, idle, uv.run ...) stay
// as they are inside the Korean text. tests/ui/test_words.cpp checks every tr()/fmt() literal in ui/ is here.
#pragma once
#include <initializer_list>
#include <string>
#include <vector>

namespace ls::ui {

enum class Lang { en, ko };
const char* to_string(Lang lang);                     // "en" | "ko"
bool parse_lang(const std::string& name, Lang& out);  // "en" | "ko" (false for anything else)

struct Word {
  const char* en;
  const char* ko;
};
const std::vector<Word>& words();  // the catalog (words.cpp)
std::vector<Word> words_views();     // its part for the views' values: hover text, states, owners (words_views.cpp)
std::vector<Word> words_messages();  // its part for errors and notices (words_messages.cpp)

// The text in `lang`: the catalog's Korean, or `en` itself (English, or a text the catalog lacks).
const char* tr(Lang lang, const char* en);
bool has_word(const std::string& en);
// tr() of a template, then {0}, {1} ... replaced by args.
std::string fmt(Lang lang, const char* en, const std::vector<std::string>& args);
inline std::string fmt(Lang lang, const char* en, std::initializer_list<std::string> args) {
  return fmt(lang, en, std::vector<std::string>(args));
}
// A message made in English where the language is not known (the core's input errors, the session's, a handle's
// state): its catalog text, or the known template it fills (messages.cpp) filled in `lang`, else itself.
std::string message_text(Lang lang, const std::string& en);
// Marks a catalog text that is translated later, where it is used (gettext's N_): the literal check sees it.
constexpr const char* N_(const char* en) { return en; }
// An ImGui label whose text follows the language and whose ID does not: "실행###run".
std::string label(Lang lang, const char* en, const char* id);
// The placeholders a template uses, sorted ("{0}{1}"): a pair's must match.
std::string placeholders(const std::string& text);

}  // namespace ls::ui
