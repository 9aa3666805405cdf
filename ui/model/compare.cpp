#include "ui/model/compare.h"

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "examples/gallery.h"
#include "ui/model/session.h"

namespace ls::ui {

LoopShape loop_shape(const std::vector<TraceEvent>& events) {
  LoopShape shape;
  LoopIteration cur;  // iteration 0: what happens before the first iteration
  auto push = [&] {
    if (cur.number == 0 && cur.callbacks.empty() && cur.poll.empty()) return;
    if (shape.iterations.size() < LoopShape::kMaxIterations) shape.iterations.push_back(std::move(cur));
    else shape.truncated = true;
  };
  for (const TraceEvent& ev : events) {
    switch (ev.kind) {
      case TraceKind::IterationBegin:
        push();
        cur = LoopIteration{};
        cur.number = static_cast<uint64_t>(ev.a);
        cur.now_ms = ev.t_ns / 1000000;
        break;
      case TraceKind::PollTimeout:
        cur.poll = ev.text + (ev.a < 0 ? std::string(", no limit") : ", " + std::to_string(ev.a) + " ms");
        break;
      case TraceKind::CallbackBegin:
        cur.callbacks.push_back(LoopCallback{std::string(to_string(ev.phase)) + ": " + to_string(ev.htype) + " " +
                                                 to_string(ev.cb),
                                             ev.id, ev.line});
        break;
      default: break;
    }
  }
  push();
  return shape;
}

namespace {

// The poll's reason decides likeness; its timeout is shown but may differ by the runs' own costs.
std::string poll_reason(const std::string& poll) { return poll.substr(0, poll.find(',')); }

using Keys = std::vector<int>;

// Length table of the longest common subsequence of a and b (row-major, (|a|+1) x (|b|+1)).
std::vector<uint16_t> lcs_table(const Keys& a, const Keys& b) {
  size_t w = b.size() + 1;
  std::vector<uint16_t> t((a.size() + 1) * w, 0);
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j)
      t[i * w + j] = a[i - 1] == b[j - 1] ? t[(i - 1) * w + j - 1] + 1
                                          : std::max(t[(i - 1) * w + j], t[i * w + j - 1]);
  return t;
}

// How many callbacks two iterations share: exact for short lists, the common multiset for long ones (an upper
// bound of the subsequence that keeps the alignment O(n*m) in the iterations).
size_t shared(const Keys& a, const Keys& b) {
  if (a == b) return a.size();
  if (a.size() * b.size() <= 256) {
    auto t = lcs_table(a, b);
    return t.back();
  }
  Keys x = a, y = b;
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  size_t n = 0;
  for (size_t i = 0, j = 0; i < x.size() && j < y.size();) {
    if (x[i] == y[j]) ++n, ++i, ++j;
    else if (x[i] < y[j]) ++i;
    else ++j;
  }
  return n;
}

std::vector<AlignedCallback> align_callbacks(const Keys& a, const Keys& b) {
  std::vector<AlignedCallback> out;
  if (a.size() > 2000 || b.size() > 2000) {  // pathological: pair them in order
    for (size_t i = 0; i < std::max(a.size(), b.size()); ++i)
      out.push_back(AlignedCallback{i < a.size() ? static_cast<int>(i) : -1, i < b.size() ? static_cast<int>(i) : -1});
    return out;
  }
  auto t = lcs_table(a, b);
  size_t w = b.size() + 1, i = a.size(), j = b.size();
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && a[i - 1] == b[j - 1]) {
      out.push_back(AlignedCallback{static_cast<int>(i - 1), static_cast<int>(j - 1)});
      --i, --j;
    } else if (j > 0 && (i == 0 || t[i * w + j - 1] >= t[(i - 1) * w + j])) {
      out.push_back(AlignedCallback{-1, static_cast<int>(j - 1)});
      --j;
    } else {
      out.push_back(AlignedCallback{static_cast<int>(i - 1), -1});
      --i;
    }
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace

Comparison compare_shapes(LoopShape sa, LoopShape sb) {
  Comparison c;
  c.a = std::move(sa);
  c.b = std::move(sb);
  std::map<std::string, int> ids;
  auto keys = [&](const LoopIteration& it) {
    Keys k;
    for (const LoopCallback& cb : it.callbacks) k.push_back(ids.emplace(cb.key, static_cast<int>(ids.size())).first->second);
    return k;
  };
  std::vector<Keys> ka, kb;
  for (const LoopIteration& it : c.a.iterations) ka.push_back(keys(it));
  for (const LoopIteration& it : c.b.iterations) kb.push_back(keys(it));

  // Needleman-Wunsch without gap costs: pairing two iterations scores 1, plus 2 per shared callback, plus 1 for
  // the same poll reason; the best total pairs alike iterations and leaves extra ones unpaired.
  size_t n = ka.size(), m = kb.size(), w = m + 1;
  std::vector<int> score((n + 1) * w, 0);
  std::vector<uint8_t> move((n + 1) * w, 0);  // 0 pair, 1 skip a, 2 skip b
  for (size_t i = 0; i <= n; ++i) {
    for (size_t j = 0; j <= m; ++j) {
      if (i == 0 && j == 0) continue;
      int best = -1;
      uint8_t how = 0;
      if (i > 0 && j > 0) {
        const LoopIteration &x = c.a.iterations[i - 1], &y = c.b.iterations[j - 1];
        best = score[(i - 1) * w + j - 1] + 1 + 2 * static_cast<int>(shared(ka[i - 1], kb[j - 1])) +
               (poll_reason(x.poll) == poll_reason(y.poll) ? 1 : 0);
      }
      if (i > 0 && score[(i - 1) * w + j] > best) best = score[(i - 1) * w + j], how = 1;
      if (j > 0 && score[i * w + j - 1] > best) best = score[i * w + j - 1], how = 2;
      score[i * w + j] = best;
      move[i * w + j] = how;
    }
  }
  for (size_t i = n, j = m; i > 0 || j > 0;) {
    uint8_t how = i == 0 ? 2 : j == 0 ? 1 : move[i * w + j];
    AlignedIteration row;
    if (how == 0) {
      row.a = static_cast<int>(i - 1);
      row.b = static_cast<int>(j - 1);
      row.callbacks = align_callbacks(ka[i - 1], kb[j - 1]);
      row.same = ka[i - 1] == kb[j - 1] &&
                 poll_reason(c.a.iterations[i - 1].poll) == poll_reason(c.b.iterations[j - 1].poll);
      --i, --j;
    } else if (how == 1) {
      row.a = static_cast<int>(--i);
      for (size_t k = 0; k < ka[i].size(); ++k) row.callbacks.push_back(AlignedCallback{static_cast<int>(k), -1});
    } else {
      row.b = static_cast<int>(--j);
      for (size_t k = 0; k < kb[j].size(); ++k) row.callbacks.push_back(AlignedCallback{-1, static_cast<int>(k)});
    }
    c.rows.push_back(std::move(row));
  }
  std::reverse(c.rows.begin(), c.rows.end());
  for (const AlignedIteration& r : c.rows) {
    if (r.a < 0) ++c.only_b;
    else if (r.b < 0) ++c.only_a;
    else if (r.same) ++c.same;
    else ++c.differing;
  }
  c.summary = compare_summary(c, Lang::en);  // state()'s; the panel asks for the UI's language
  return c;
}

namespace {

// A run as the playground makes it, to its end or until the work bound: frames on a clock that moves a little
// with every reading, so each frame's budget ends after a bounded number of advances.
std::vector<TraceEvent> run_example(const examples::Snippet& s) {
  auto t = std::make_shared<double>(0);
  SessionOptions o;
  o.chunk_name = s.name + ".lua";
  Session session(s.code, o, [t] { return *t += 0.01; });
  session.play_instant();
  constexpr uint64_t kMaxEvents = 200000;
  for (int frame = 0; frame < 2000 && !session.ended() && session.loop().trace().last_seq() < kMaxEvents; ++frame)
    session.frame();
  return session.loop().trace().events();
}

}  // namespace

Comparison compare_examples(const std::string& a, const std::string& b) {
  const examples::Snippet* sa = examples::find(a);
  const examples::Snippet* sb = examples::find(b);
  if (!sa || !sb) {
    Comparison c;
    c.name_a = a;
    c.name_b = b;
    c.error = "no gallery example named '" + (sa ? b : a) + "'";
    return c;
  }
  Comparison c = compare_shapes(loop_shape(run_example(*sa)), loop_shape(run_example(*sb)));
  c.name_a = a;
  c.name_b = b;
  return c;
}

std::vector<std::pair<std::string, std::string>> example_pairs() {
  std::vector<std::pair<std::string, std::string>> out;
  const std::string tail = "_async";
  for (const examples::Snippet& s : examples::all()) {
    if (s.name.size() <= tail.size() || s.name.compare(s.name.size() - tail.size(), tail.size(), tail) != 0) continue;
    std::string stem = s.name.substr(0, s.name.size() - tail.size());
    if (examples::find(stem + "_callbacks")) out.emplace_back(stem + "_callbacks", s.name);
    else if (examples::find(stem)) out.emplace_back(stem, s.name);
  }
  return out;
}

std::string to_json(const Comparison& c) {
  using nlohmann::json;
  json j;
  j["a"] = c.name_a;
  j["b"] = c.name_b;
  if (!c.error.empty()) {
    j["error"] = c.error;
    return j.dump();
  }
  j["summary"] = c.summary;
  j["same"] = c.same;
  j["differing"] = c.differing;
  j["onlyA"] = c.only_a;
  j["onlyB"] = c.only_b;
  j["truncated"] = c.a.truncated || c.b.truncated;
  auto side = [](const LoopShape& s, int i) -> json {
    if (i < 0) return nullptr;
    const LoopIteration& it = s.iterations[static_cast<size_t>(i)];
    return {{"iteration", it.number}, {"now", it.now_ms}, {"poll", it.poll}};
  };
  json rows = json::array();
  for (const AlignedIteration& r : c.rows) {
    json cbs = json::array();
    for (const AlignedCallback& cb : r.callbacks) {
      json a = cb.a < 0 ? json(nullptr) : json(c.a.iterations[static_cast<size_t>(r.a)].callbacks[static_cast<size_t>(cb.a)].key);
      json b = cb.b < 0 ? json(nullptr) : json(c.b.iterations[static_cast<size_t>(r.b)].callbacks[static_cast<size_t>(cb.b)].key);
      cbs.push_back({{"a", a}, {"b", b}, {"same", cb.a >= 0 && cb.b >= 0}});
    }
    rows.push_back({{"a", side(c.a, r.a)}, {"b", side(c.b, r.b)}, {"same", r.same}, {"callbacks", cbs}});
  }
  j["rows"] = rows;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace ls::ui
