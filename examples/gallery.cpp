#include "examples/gallery.h"

#include <cstdlib>
#include <sstream>

namespace ls::examples {
namespace detail {
extern const RawSnippet kSnippets[];
extern const size_t kSnippetCount;
}  // namespace detail

namespace {

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

Snippet parse(const detail::RawSnippet& raw) {
  Snippet s{raw.name, raw.name, "", "", raw.code};
  std::istringstream in(s.code);
  std::string line;
  bool in_watch = false;
  while (std::getline(in, line) && line.rfind("--", 0) == 0) {
    std::string body = line.substr(2);
    if (body.rfind(" title:", 0) == 0) {
      s.title = trim(body.substr(7));
      in_watch = false;
    } else if (body.rfind(" watch:", 0) == 0) {
      s.watch = trim(body.substr(7));
      in_watch = true;
    } else if (body.rfind(" description:", 0) == 0) {
      s.description = trim(body.substr(13));
      in_watch = false;
    } else if (body.rfind(" serves:", 0) == 0) {
      s.serves = std::atoi(body.substr(8).c_str());
      in_watch = false;
    } else if (body.rfind(" peer: luv", 0) == 0) {
      s.luv_only = true;
      in_watch = false;
    } else if (in_watch && body.rfind("       ", 0) == 0) {
      s.watch += " " + trim(body);
    } else {
      in_watch = false;
    }
  }
  return s;
}

}  // namespace

const std::vector<Snippet>& all() {
  static const std::vector<Snippet> snippets = [] {
    std::vector<Snippet> v;
    for (size_t i = 0; i < detail::kSnippetCount; i++) v.push_back(parse(detail::kSnippets[i]));
    return v;
  }();
  return snippets;
}

const Snippet* find(const std::string& name) {
  for (const Snippet& s : all())
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace ls::examples
