// Looking words up in the catalog (words.cpp) and filling templates' placeholders.
#include <string_view>
#include <unordered_map>

#include "ui/model/words.h"

namespace ls::ui {

namespace {

// Built once from the constant catalog: English text -> Korean text.
const std::unordered_map<std::string_view, const char*>& index() {
  static const std::unordered_map<std::string_view, const char*> map = [] {
    std::unordered_map<std::string_view, const char*> m;
    for (const Word& w : words()) m.emplace(w.en, w.ko);
    return m;
  }();
  return map;
}

}  // namespace

const char* to_string(Lang lang) { return lang == Lang::ko ? "ko" : "en"; }

bool parse_lang(const std::string& name, Lang& out) {
  if (name != "en" && name != "ko") return false;
  out = name == "ko" ? Lang::ko : Lang::en;
  return true;
}

const char* tr(Lang lang, const char* en) {
  if (lang == Lang::en) return en;
  auto it = index().find(en);
  return it == index().end() ? en : it->second;
}

bool has_word(const std::string& en) { return index().count(en) > 0; }

std::string fmt(Lang lang, const char* en, const std::vector<std::string>& args) {
  std::string_view t = tr(lang, en);
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '{' && i + 2 < t.size() && t[i + 1] >= '0' && t[i + 1] <= '9' && t[i + 2] == '}') {
      size_t n = static_cast<size_t>(t[i + 1] - '0');
      if (n < args.size()) out += args[n];
      i += 2;
    } else {
      out += t[i];
    }
  }
  return out;
}

std::string label(Lang lang, const char* en, const char* id) { return std::string(tr(lang, en)) + "###" + id; }

std::string placeholders(const std::string& text) {
  std::string out;
  for (char d = '0'; d <= '9'; ++d)
    if (text.find(std::string("{") + d + "}") != std::string::npos) out += std::string("{") + d + "}";
  return out;
}

}  // namespace ls::ui
