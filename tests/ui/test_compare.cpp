// The compare view model: the gallery's callback/coroutine pairs, the alignment of two loop shapes (one extra
// iteration on one side shifts nothing after it), and the real pairs run and aligned.
#include <nlohmann/json.hpp>

#include "ui_support.h"
#include "ui/model/compare.h"

using ls::ui::Comparison;
using ls::ui::LoopCallback;
using ls::ui::LoopIteration;
using ls::ui::LoopShape;

namespace {

LoopIteration iteration(uint64_t n, std::vector<std::string> keys, std::string poll = "timer, 10 ms") {
  LoopIteration it;
  it.number = n;
  it.poll = std::move(poll);
  for (auto& k : keys) it.callbacks.push_back(LoopCallback{k});
  return it;
}

}  // namespace

TEST_CASE("the gallery's pairs: NAME_async with NAME_callbacks, or else with NAME") {
  auto pairs = ls::ui::example_pairs();
  auto has = [&](const std::string& a, const std::string& b) {
    for (auto& p : pairs)
      if (p.first == a && p.second == b) return true;
    return false;
  };
  CHECK(has("echo_callbacks", "echo_async"));
  CHECK(has("random_sleeps_callbacks", "random_sleeps_async"));
  CHECK(has("echo_server", "echo_server_async"));
  CHECK_FALSE(has("callback_hell_vs_async", "callback_hell_vs_async"));
  for (auto& p : pairs) CHECK(p.first != p.second);
}

TEST_CASE("alignment: an extra iteration on one side is marked, the ones after it still pair") {
  LoopShape a, b;
  a.iterations = {iteration(1, {"timers: timer timer"}), iteration(2, {"poll: tcp io", "poll: tcp io"}),
                  iteration(3, {"closing: tcp close"})};
  b.iterations = {iteration(1, {"timers: timer timer"}), iteration(2, {"check: check check"}, "idle, 0 ms"),
                  iteration(3, {"poll: tcp io", "poll: tcp io"}), iteration(4, {"closing: tcp close", "closing: timer close"})};
  Comparison c = ls::ui::compare_shapes(a, b);
  REQUIRE(c.rows.size() == 4);
  CHECK(c.rows[0].a == 0);
  CHECK(c.rows[0].b == 0);
  CHECK(c.rows[0].same);
  CHECK(c.rows[1].a == -1);  // only in b
  CHECK(c.rows[1].b == 1);
  CHECK(c.rows[2].a == 1);
  CHECK(c.rows[2].b == 2);
  CHECK(c.rows[2].same);
  CHECK(c.rows[3].a == 2);
  CHECK(c.rows[3].b == 3);
  CHECK_FALSE(c.rows[3].same);  // the timer's close callback is extra
  REQUIRE(c.rows[3].callbacks.size() == 2);
  CHECK(c.rows[3].callbacks[0].a == 0);
  CHECK(c.rows[3].callbacks[0].b == 0);
  CHECK(c.rows[3].callbacks[1].a == -1);
  CHECK(c.rows[3].callbacks[1].b == 1);
  CHECK(c.same == 2);
  CHECK(c.differing == 1);
  CHECK(c.only_a == 0);
  CHECK(c.only_b == 1);
}

TEST_CASE("a run compared with itself is alike everywhere") {
  Comparison c = ls::ui::compare_examples("threadpool_file_read", "threadpool_file_read");
  REQUIRE(c.error.empty());
  CHECK(c.rows.size() == c.a.iterations.size());
  CHECK(c.differing == 0);
  CHECK(c.only_a + c.only_b == 0);
  CHECK(c.same == c.rows.size());
  CHECK(c.rows.size() > 3);
}

TEST_CASE("random_sleeps: the callback and the async version make the same timer callbacks at the same times") {
  Comparison c = ls::ui::compare_examples("random_sleeps_callbacks", "random_sleeps_async");
  REQUIRE(c.error.empty());
  MESSAGE(c.summary);
  // Every timer callback of the callback version has its partner at the same loop time in the async version.
  int timer_rows = 0;
  for (const auto& r : c.rows) {
    if (r.a < 0) continue;
    const LoopIteration& ia = c.a.iterations[static_cast<size_t>(r.a)];
    for (const auto& cb : r.callbacks) {
      if (cb.a < 0 || ia.callbacks[static_cast<size_t>(cb.a)].key != "timers: timer timer") continue;
      ++timer_rows;
      REQUIRE(r.b >= 0);
      CHECK(cb.b >= 0);
      CHECK(c.b.iterations[static_cast<size_t>(r.b)].now_ms == ia.now_ms);
    }
  }
  CHECK(timer_rows == 3);
  auto j = nlohmann::json::parse(ls::ui::to_json(c));
  CHECK(j["a"] == "random_sleeps_callbacks");
  CHECK(j["rows"].size() == c.rows.size());
  CHECK(j["same"] == c.same);
  CHECK(j["rows"][0].contains("callbacks"));
}

TEST_CASE("servers that never exit are compared over a bounded run: both wait for a client, shaped alike") {
  Comparison c = ls::ui::compare_examples("echo_server", "echo_server_async");
  REQUIRE(c.error.empty());
  MESSAGE(c.summary);
  CHECK(!c.rows.empty());
  CHECK(c.only_a + c.only_b == 0);
}

TEST_CASE("compare names an unknown example instead of failing") {
  Comparison c = ls::ui::compare_examples("echo_callbacks", "no_such_example");
  CHECK(c.error == "no gallery example named 'no_such_example'");
  auto j = nlohmann::json::parse(ls::ui::to_json(c));
  CHECK(j["error"] == c.error);
}
