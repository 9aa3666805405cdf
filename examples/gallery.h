// The examples gallery: every snippet under examples/snippets/, with the title and "what to watch" from its
// header comment (`-- title:`, `-- watch:` and its continuation lines).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace ls::examples {

struct Snippet {
  std::string name;   // file name without .lua, e.g. "timer0_vs_check" (used in share links: #example=NAME)
  std::string title;
  std::string watch;
  std::string description;  // `-- description:`: one sentence for the examples menu
  std::string code;
  bool luv_only = false;  // tagged "-- peer: luv": runs unchanged on luv/libuv
  int serves = 0;         // tagged "-- serves: PORT": a server that never exits; connect to PORT with the client
};

const std::vector<Snippet>& all();
const Snippet* find(const std::string& name);

namespace detail {
struct RawSnippet {
  const char* name;
  const char* code;
};
}  // namespace detail

}  // namespace ls::examples
