// The handle protocol: close (LIFO, after check, never synchronous, twice is an error), ref/unref, is_active,
// walk, ids and type names. Modelled on libuv's test-close-order.c, test-ref.c, test-active.c,
// test-walk-handles.c, test-callback-stack.c.
#include "support.h"

using lstest::Log;

TEST_SUITE("handle") {

TEST_CASE_TEMPLATE("close_order: check runs before close callbacks, which run LIFO", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Check check(*loop);
  ls::Timer a(*loop), b(*loop), c(*loop);
  Log log;
  ls::Idle trigger(*loop);
  REQUIRE(trigger.start([&](ls::Idle& self) {
    log("idle");
    a.close([&](ls::Handle&) { log("close a"); });
    b.close([&](ls::Handle&) { log("close b"); });
    c.close([&](ls::Handle&) { log("close c"); });
    self.stop();
  }) == 0);
  REQUIRE(check.start([&](ls::Check& self) {
    log("check");
    self.stop();
  }) == 0);
  CHECK(loop->run(ls::RunMode::Once) == 0);  // all in one iteration: closed in idle, finished in closing
  CHECK(log.str() == "idle check close c close b close a");
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("close from a timer callback finishes in the next iteration (modern order)", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Timer t(*loop);
  uint64_t closed_in = 0, fired_in = 0;
  REQUIRE(t.start([&](ls::Timer& self) {
    fired_in = loop->iteration();
    self.close([&](ls::Handle&) { closed_in = loop->iteration(); });
  }, 5, 0) == 0);
  CHECK(loop->run() == 0);
  CHECK(fired_in == 1);
  CHECK(closed_in == 2);  // timers run after the closing phase now
  CHECK(loop->close() == 0);
}

TEST_CASE_TEMPLATE("close twice is an error; closing makes the handle inactive; callback exactly once", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Timer t(*loop);
  REQUIRE(t.start([](ls::Timer&) {}, 100, 0) == 0);
  CHECK(t.is_active());
  CHECK(loop->alive());
  int closes = 0;
  REQUIRE(t.close([&](ls::Handle& h) {
    ++closes;
    CHECK(&h == &t);
    CHECK(h.is_closing());
  }) == 0);
  CHECK(t.close() == -EINVAL);
  CHECK(t.is_closing());
  CHECK_FALSE(t.is_active());
  CHECK(closes == 0);  // never from inside close()
  CHECK(loop->alive());  // a closing handle keeps the loop alive until its callback ran
  CHECK(loop->run() == 0);
  CHECK(closes == 1);
  CHECK(t.is_closing());
  CHECK(t.close() == -EINVAL);
  CHECK(loop->close() == 0);
}

TEST_CASE_TEMPLATE("a handle may be destroyed inside its own close callback", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  auto* t = new ls::Timer(*loop);
  auto* idle = new ls::Idle(*loop);
  REQUIRE(t->start([](ls::Timer&) {}, 10, 0) == 0);
  REQUIRE(idle->start([](ls::Idle&) {}) == 0);
  int deleted = 0;
  t->close([&](ls::Handle& h) {
    delete &h;
    ++deleted;
  });
  idle->close([&](ls::Handle& h) {
    delete &h;
    ++deleted;
  });
  CHECK(loop->run() == 0);
  CHECK(deleted == 2);
  CHECK(loop->close() == 0);
}

TEST_CASE_TEMPLATE("callback_stack: callbacks never run synchronously from the API call", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Timer t(*loop);
  ls::Idle i(*loop);
  ls::Async a(*loop, [](ls::Async& self) { self.close(); });
  bool in_api = true;
  int calls = 0;
  REQUIRE(t.start([&](ls::Timer&) {
    CHECK_FALSE(in_api);
    ++calls;
  }, 0, 0) == 0);
  REQUIRE(i.start([&](ls::Idle& self) {
    CHECK_FALSE(in_api);
    ++calls;
    self.stop();
  }) == 0);
  REQUIRE(a.send() == 0);
  REQUIRE(t.close([&](ls::Handle&) { CHECK_FALSE(in_api); }) == 0);
  in_api = false;
  CHECK(loop->run() == 0);
  CHECK(calls == 1);  // the idle; the timer was closed before it could fire
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("ref/unref are flags, not counters; has_ref; alive follows active ref'd handles", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Timer t(*loop);
  CHECK(t.has_ref());
  CHECK_FALSE(loop->alive());  // not active yet
  REQUIRE(t.start([](ls::Timer&) { FAIL("unref'd timer must not keep the loop running"); }, 10, 0) == 0);
  CHECK(loop->alive());
  t.unref();
  t.unref();
  CHECK_FALSE(t.has_ref());
  CHECK_FALSE(loop->alive());
  t.ref();  // one ref undoes any number of unrefs
  CHECK(t.has_ref());
  CHECK(loop->alive());
  t.unref();
  CHECK(loop->run() == 0);  // returns at once: nothing ref'd
  CHECK(loop->now() == 0);
  // ref/unref while inactive take effect when the handle starts.
  ls::Idle idle(*loop);
  idle.unref();
  REQUIRE(idle.start([](ls::Idle&) {}) == 0);
  CHECK_FALSE(loop->alive());
  idle.ref();
  CHECK(loop->alive());
  idle.stop();
  CHECK_FALSE(loop->alive());
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("is_active per type (libuv test-active.c)", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Timer t(*loop);
  ls::Check c(*loop);
  CHECK_FALSE(t.is_active());
  CHECK_FALSE(c.is_active());
  ls::Async a(*loop, [](ls::Async&) {});
  CHECK(a.is_active());  // async handles are active from creation
  REQUIRE(c.start([](ls::Check&) {}) == 0);
  CHECK(c.is_active());
  c.stop();
  CHECK_FALSE(c.is_active());
  lstest::close_clean(*loop);
}

TEST_CASE_TEMPLATE("ids, type names, fileno, walk", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Timer t(*loop);
  ls::Idle i(*loop);
  ls::Prepare p(*loop);
  ls::Check c(*loop);
  ls::Async a(*loop, [](ls::Async&) {});
  ls::Signal s(*loop);
  CHECK(t.id() == 1);
  CHECK(s.id() == 6);
  CHECK(std::string(t.type_name()) == "timer");
  CHECK(std::string(i.type_name()) == "idle");
  CHECK(std::string(p.type_name()) == "prepare");
  CHECK(std::string(c.type_name()) == "check");
  CHECK(std::string(a.type_name()) == "async");
  CHECK(std::string(s.type_name()) == "signal");
  CHECK(t.fileno() == -EINVAL);
  CHECK(&t.loop() == loop.get());

  std::vector<uint64_t> seen;
  loop->walk([&](ls::Handle& h) { seen.push_back(h.id()); });
  CHECK(seen == std::vector<uint64_t>{1, 2, 3, 4, 5, 6});
  // walk may close handles; closing handles stay visible until their close callback ran.
  loop->walk([](ls::Handle& h) {
    if (h.type() == ls::HandleType::Timer) h.close();
  });
  seen.clear();
  loop->walk([&](ls::Handle& h) { seen.push_back(h.id()); });
  CHECK(seen.size() == 6);
  CHECK(loop->run(ls::RunMode::NoWait) == 1);  // the async still holds the loop
  seen.clear();
  loop->walk([&](ls::Handle& h) { seen.push_back(h.id()); });
  CHECK(seen == std::vector<uint64_t>{2, 3, 4, 5, 6});
  lstest::close_clean(*loop);
}

}  // TEST_SUITE
