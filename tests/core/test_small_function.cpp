// SmallFunction: std::function's behaviour (empty states, copies, moves, results) in 16 bytes, with callables of
// one pointer inline and larger ones boxed. The size is the point of the type: the test pins it.
#include <memory>
#include <string>

#include "core/small_function.h"
#include "support.h"

TEST_SUITE("small_function") {

TEST_CASE("16 bytes; one-pointer captures inline, larger ones boxed, both called with their arguments") {
  static_assert(sizeof(ls::SmallFunction<void(int&)>) == 2 * sizeof(void*));
  int hits = 0;
  ls::SmallFunction<int(int)> by_ref = [&hits](int x) { return hits += x; };  // one reference: inline
  CHECK(by_ref(2) == 2);
  CHECK(by_ref(3) == 5);
  std::string a = "left", b = "right";
  ls::SmallFunction<std::string(const std::string&)> big = [a, b](const std::string& mid) { return a + mid + b; };
  CHECK(big("-") == "left-right");
  ls::SmallFunction<int(int)> plain = +[](int x) { return x * 10; };  // a function pointer
  CHECK(plain(4) == 40);
}

TEST_CASE("empty: default, nullptr, a null function pointer, an empty std::function, moved-from") {
  CHECK(!ls::SmallFunction<void()>());
  CHECK(!ls::SmallFunction<void()>(nullptr));
  void (*none)() = nullptr;
  CHECK(!ls::SmallFunction<void()>(none));
  CHECK(!ls::SmallFunction<void()>(std::function<void()>()));
  ls::SmallFunction<void()> f = [] {};
  CHECK(static_cast<bool>(f));
  ls::SmallFunction<void()> g = std::move(f);
  CHECK(!f);
  CHECK(static_cast<bool>(g));
  g = nullptr;
  CHECK(!g);
}

TEST_CASE("copies of a boxed callable own their state; destroying them frees it once") {
  auto state = std::make_shared<int>(0);
  {
    ls::SmallFunction<int()> f = [state] { return ++*state; };  // a shared_ptr is not trivially copyable: boxed
    CHECK(state.use_count() == 2);
    ls::SmallFunction<int()> copy = f;
    CHECK(state.use_count() == 3);
    CHECK(f() == 1);
    CHECK(copy() == 2);
    ls::SmallFunction<int()> moved = std::move(copy);
    CHECK(state.use_count() == 3);
    CHECK(moved() == 3);
    f = moved;  // copy-assign over a boxed one: the old box is freed
    CHECK(state.use_count() == 3);
  }
  CHECK(state.use_count() == 1);
}

TEST_CASE("a mutable inline callable keeps its state between calls, as in std::function") {
  ls::SmallFunction<int()> counter = [n = 0]() mutable { return ++n; };
  CHECK(counter() == 1);
  CHECK(counter() == 2);
  ls::SmallFunction<int()> copy = counter;  // the copy starts from the state at the time of copying
  CHECK(copy() == 3);
  CHECK(counter() == 3);
}

}  // TEST_SUITE
