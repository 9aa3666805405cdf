// The comparison's one-line summary in the UI's language: the panel draws it; state() and compare() keep the
// English (Comparison::summary).
#include "ui/model/compare.h"

namespace ls::ui {

std::string compare_summary(const Comparison& c, Lang lang) {
  auto n = [](size_t v) { return std::to_string(v); };
  std::string s = fmt(lang, "{0} and {1} iterations: {2} alike, {3} differ, {4} only in the first, {5} only in the second",
                      {n(c.a.iterations.size()), n(c.b.iterations.size()), n(c.same), n(c.differing), n(c.only_a),
                       n(c.only_b)});
  if (c.a.truncated || c.b.truncated) s += fmt(lang, " (cut after {0})", {n(LoopShape::kMaxIterations)});
  return s;
}

}  // namespace ls::ui
