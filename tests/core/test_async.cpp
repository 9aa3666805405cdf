// Async handles on every backend (same-thread sends); the cross-thread case is in test_native.cpp.
#include "support.h"

TEST_SUITE("async") {

TEST_CASE_TEMPLATE("async sends coalesce into one callback", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  int calls = 0;
  ls::Async a(*loop, [&](ls::Async& self) {
    ++calls;
    if (calls == 2) self.close();
  });
  for (int i = 0; i < 5; ++i) CHECK(a.send() == 0);
  CHECK(calls == 0);  // never synchronous
  CHECK(loop->run(ls::RunMode::NoWait) == 1);
  CHECK(calls == 1);
  CHECK(loop->run(ls::RunMode::NoWait) == 1);
  CHECK(calls == 1);  // nothing was sent since
  a.send();
  CHECK(loop->run() == 0);  // the second callback closes it
  CHECK(calls == 2);
  CHECK(loop->close() == 0);
}

TEST_CASE_TEMPLATE("a send from the callback runs again in a later poll; closing drops a pending send", B,
                   LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  int calls = 0;
  std::vector<uint64_t> iters;
  ls::Async other(*loop, [](ls::Async&) { FAIL("closed async must not run"); });
  ls::Async a(*loop, [&](ls::Async& self) {
    iters.push_back(loop->iteration());
    if (++calls < 3) {
      self.send();
    } else {
      self.close();
    }
  });
  a.send();
  other.send();
  other.close();
  CHECK(loop->run() == 0);
  CHECK(calls == 3);
  CHECK(iters == std::vector<uint64_t>{1, 2, 3});
  CHECK(loop->close() == 0);
}

TEST_CASE_TEMPLATE("an unref'd async does not keep the loop alive", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Async a(*loop, [](ls::Async&) {});
  CHECK(loop->alive());
  a.unref();
  CHECK_FALSE(loop->alive());
  CHECK(loop->run() == 0);
  lstest::close_clean(*loop);
}

}  // TEST_SUITE
