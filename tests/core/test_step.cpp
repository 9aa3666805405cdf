// Stepping: step(callback | phase | iteration) runs the same phase code as run(). For several scenarios under
// the virtual clock, every granularity must produce a byte-identical trace (same callbacks, same order, same
// times, same phases) as run().
#include <memory>

#include "support.h"

namespace {

// A scenario owns its handles; build() starts them on a fresh loop.
struct Scenario {
  std::vector<std::unique_ptr<ls::Handle>> handles;
  int counter = 0;
  std::unique_ptr<ls::PendingEntry> pending;
  int pending_left = 3;
  std::string seen;  // every callback: who, in which phase, at what time (observable with tracing off too)

  void note(ls::Handle& h, const char* who) {
    ls::Loop& l = h.loop();
    seen += std::string(who) + " " + ls::to_string(l.phase()) + " " + std::to_string(l.iteration()) + " " +
            std::to_string(l.now()) + " " + std::to_string(l.hrtime()) + "\n";
  }

  template <class H, class... A>
  H& make(ls::Loop& loop, A&&... a) {
    auto h = std::make_unique<H>(loop, std::forward<A>(a)...);
    H& ref = *h;
    handles.push_back(std::move(h));
    return ref;
  }
};

void build_mixed(ls::Loop& loop, Scenario& s) {
  auto& t1 = s.make<ls::Timer>(loop);
  auto& t2 = s.make<ls::Timer>(loop);
  auto& t3 = s.make<ls::Timer>(loop);
  auto& t4 = s.make<ls::Timer>(loop);
  auto& idle = s.make<ls::Idle>(loop);
  auto& prep = s.make<ls::Prepare>(loop);
  auto& check = s.make<ls::Check>(loop);
  auto& async = s.make<ls::Async>(loop, [&s](ls::Async& a) {
    s.note(a, "async");
    a.close();
  });
  s.pending = std::make_unique<ls::PendingEntry>(
      [](ls::PendingEntry& e) {
        auto* sc = static_cast<Scenario*>(e.data);
        sc->note(*e.handle, "pending");
        if (--sc->pending_left > 0) e.handle->loop().feed(e);
      },
      &t1, &s);
  t1.start([&s, &loop](ls::Timer& t) {
    s.note(t, "t1");
    loop.feed(*s.pending);  // feeds the pending queue: pending + re-drain passes
    t.close([&s](ls::Handle& h) { s.note(h, "t1 closed"); });
  }, 10, 0);
  t2.start([&s, &async](ls::Timer& t) {
    s.note(t, "t2");
    if (++s.counter == 5) {
      t.stop();
      async.send();
    }
  }, 3, 7);
  t3.start([&s, &t4](ls::Timer& t) {
    s.note(t, "t3");
    t4.start([&s](ls::Timer& x) {
      s.note(x, "t4");
      x.close();
    }, 0, 0);
  }, 0, 0);
  int* idle_left = new int(3);
  idle.start([&s, idle_left](ls::Idle& h) {
    s.note(h, "idle");
    if (--*idle_left == 0) {
      delete idle_left;
      h.stop();
    }
  });
  prep.start([&s](ls::Prepare& p) {
    s.note(p, "prepare");
    if (s.counter >= 2) p.stop();
  });
  check.start([&s, &t3](ls::Check& c) {
    s.note(c, "check");
    if (s.counter >= 5) {
      c.close();
      t3.close();
    }
  });
}

void build_timers_only(ls::Loop& loop, Scenario& s) {
  for (int i = 0; i < 40; ++i) {
    auto& t = s.make<ls::Timer>(loop);
    t.start([&s](ls::Timer& self) {
      s.note(self, "timer");
      self.stop();
    }, static_cast<uint64_t>((i * 7919) % 23), i % 5 == 0 ? 4 : 0);
  }
  auto& stopper = s.make<ls::Timer>(loop);
  stopper.start([&s](ls::Timer& self) {
    s.note(self, "stopper");
    for (auto& h : s.handles)
      if (h.get() != &self && !h->is_closing()) h->close();
    self.close();
  }, 60, 0);
}

using Build = void (*)(ls::Loop&, Scenario&);

// Runs `build` to completion one way and returns the trace (header excluded: identical by construction).
// With `seen`, also what the callbacks saw, and the iteration count and time at the end.
std::string trace_of(Build build, ls::Order order, ls::RunMode mode, int how /* -1 = run, else StepKind */,
                     std::unique_ptr<ls::Backend> backend, size_t trace = 1 << 16, std::string* seen = nullptr) {
  ls::LoopOptions o = lstest::options(std::move(backend), ls::ClockKind::Virtual, order, trace);
  // NOWAIT never blocks: time moves by the cost model only. A coarse 1 ms per iteration keeps the traces short.
  if (mode == ls::RunMode::NoWait) o.costs.ns_per_iteration = 1000000;
  ls::Loop loop(std::move(o));
  Scenario s;
  build(loop, s);
  int guard = 0;
  while (loop.alive() && ++guard < 100000) {
    if (how < 0) {
      loop.run(mode);
    } else {
      ls::StepResult r;
      do {
        r = loop.step(static_cast<ls::StepKind>(how), mode);
        REQUIRE(r.error == 0);
        if (how == static_cast<int>(ls::StepKind::Callback)) REQUIRE(r.callbacks <= 1);
        if (how == static_cast<int>(ls::StepKind::Callback) && !r.run_ended) REQUIRE(r.callbacks == 1);
      } while (!r.run_ended);
    }
  }
  CHECK(guard < 100000);
  if (seen) *seen = s.seen + "end " + std::to_string(loop.iteration()) + " " + std::to_string(loop.hrtime()) + "\n";
  loop.walk([](ls::Handle& h) {
    if (!h.is_closing()) h.close();
  });
  loop.run();
  std::string out;
  for (const auto& ev : loop.trace().events()) out += ls::Trace::to_json(ev) + "\n";
  CHECK(loop.trace().dropped() == 0);
  CHECK(loop.close() == 0);
  return out;
}

// The observable effect of every step (callbacks run, phase, iteration, time) with tracing on or off.
std::string steps_of(Build build, ls::Order order, ls::RunMode mode, ls::StepKind kind, size_t trace) {
  ls::LoopOptions o = lstest::options(lstest::NullCase::make(), ls::ClockKind::Virtual, order, trace);
  if (mode == ls::RunMode::NoWait) o.costs.ns_per_iteration = 1000000;
  ls::Loop loop(std::move(o));
  Scenario s;
  build(loop, s);
  std::string out;
  int guard = 0;
  while ((loop.alive() || loop.running()) && ++guard < 100000) {
    ls::StepResult r = loop.step(kind, mode);
    out += std::to_string(r.callbacks) + " " + ls::to_string(r.phase) + " " + std::to_string(r.iteration) + " " +
           std::to_string(loop.hrtime()) + " " + std::to_string(r.alive) + std::to_string(r.run_ended) + "\n";
  }
  loop.walk([](ls::Handle& h) {
    if (!h.is_closing()) h.close();
  });
  loop.run();
  CHECK(loop.close() == 0);
  return out;
}

// What the callbacks saw (Scenario::note) when the scenario runs to its end by run(), or by steps of `how`.
std::string seen_by(Build build, ls::Order order, ls::RunMode mode, int how, size_t trace) {
  std::string seen;
  trace_of(build, order, mode, how, lstest::NullCase::make(), trace, &seen);
  return seen;
}

}  // namespace

TEST_SUITE("step") {

// run() takes a straight-line iteration that skips empty phases with tracing off; the stage walk of the steps
// does not. Both must be the same loop: same callbacks, phases, iterations and times, traced or not.
TEST_CASE("run() with tracing off dispatches what the steps and a traced run do, when they do") {
  for (Build build : {build_mixed, build_timers_only})
    for (ls::Order order : {ls::Order::Modern, ls::Order::Legacy})
      for (ls::RunMode mode : {ls::RunMode::Default, ls::RunMode::Once, ls::RunMode::NoWait}) {
        CAPTURE(std::string(ls::to_string(order)));
        CAPTURE(std::string(ls::to_string(mode)));
        std::string ran = seen_by(build, order, mode, -1, 0);
        CHECK(ran.find(" timers ") != std::string::npos);
        CHECK(seen_by(build, order, mode, -1, 1 << 16) == ran);
        for (ls::StepKind k : {ls::StepKind::Callback, ls::StepKind::Phase, ls::StepKind::Iteration}) {
          CAPTURE(std::string(ls::to_string(k)));
          CHECK(seen_by(build, order, mode, static_cast<int>(k), 0) == ran);
        }
      }
}

TEST_CASE("stepping with tracing off behaves exactly as with tracing on (empty-phase fast paths)") {
  for (Build build : {build_mixed, build_timers_only})
    for (ls::Order order : {ls::Order::Modern, ls::Order::Legacy})
      for (ls::RunMode mode : {ls::RunMode::Default, ls::RunMode::Once, ls::RunMode::NoWait})
        for (ls::StepKind k : {ls::StepKind::Callback, ls::StepKind::Phase, ls::StepKind::Iteration}) {
          std::string on = steps_of(build, order, mode, k, 1 << 16);
          CHECK(on.size() > 100);
          CHECK(steps_of(build, order, mode, k, 0) == on);
        }
}

TEST_CASE_TEMPLATE("every step granularity gives the same trace as run()", B, LS_BACKENDS) {
  struct Case {
    const char* name;
    Build build;
  };
  for (Case c : {Case{"mixed", build_mixed}, Case{"timers", build_timers_only}})
    for (ls::Order order : {ls::Order::Modern, ls::Order::Legacy})
      for (ls::RunMode mode : {ls::RunMode::Default, ls::RunMode::Once, ls::RunMode::NoWait}) {
        CAPTURE(std::string(c.name));
        CAPTURE(std::string(ls::to_string(order)));
        CAPTURE(std::string(ls::to_string(mode)));
        std::string ran = trace_of(c.build, order, mode, -1, B::make());
        CHECK(ran.find("callback_begin") != std::string::npos);
        for (ls::StepKind k : {ls::StepKind::Callback, ls::StepKind::Phase, ls::StepKind::Iteration}) {
          CAPTURE(std::string(ls::to_string(k)));
          std::string stepped = trace_of(c.build, order, mode, static_cast<int>(k), B::make());
          CHECK(stepped == ran);
        }
      }
}

TEST_CASE_TEMPLATE("step(phase) walks the phases in order; step(iteration) one iteration at a time", B, LS_BACKENDS) {
  for (ls::Order order : {ls::Order::Modern, ls::Order::Legacy}) {
    CAPTURE(std::string(ls::to_string(order)));
    auto loop = lstest::vloop<B>(order);
    ls::Timer t(*loop);
    REQUIRE(t.start([](ls::Timer&) {}, 5, 5) == 0);
    std::string phases;
    for (int i = 0; i < 9; ++i) {
      ls::StepResult r = loop->step(ls::StepKind::Phase);
      CHECK_FALSE(r.run_ended);
      phases += std::string(phases.empty() ? "" : " ") + ls::to_string(r.phase);
    }
    if (order == ls::Order::Modern)
      CHECK(phases == "timers pending idle prepare poll check closing timers pending");
    else
      CHECK(phases == "timers pending idle prepare poll check closing timers pending");
    CHECK(loop->running());
    CHECK(loop->phase() == ls::Phase::Pending);
    uint64_t it = loop->iteration();
    ls::StepResult r = loop->step(ls::StepKind::Iteration);  // finishes the iteration in progress
    CHECK(r.iteration == it);
    r = loop->step(ls::StepKind::Iteration);
    CHECK(r.iteration == it + 1);
    CHECK(r.alive);
    // A run paused by stepping is finished by run() in the same mode, refused in another.
    CHECK(loop->run(ls::RunMode::NoWait) == -EBUSY);
    t.stop();
    CHECK(loop->run() == 0);
    CHECK_FALSE(loop->running());
    lstest::close_clean(*loop);
  }
}

TEST_CASE_TEMPLATE("step(callback) pauses between two callbacks of the same phase", B, LS_BACKENDS) {
  auto loop = lstest::vloop<B>();
  ls::Check a(*loop), b(*loop);
  ls::Idle spin(*loop);
  lstest::Log log;
  REQUIRE(spin.start([&](ls::Idle& s) {
    log("spin");
    s.stop();
  }) == 0);
  REQUIRE(a.start([&](ls::Check& h) {
    log("a");
    h.stop();
  }) == 0);
  REQUIRE(b.start([&](ls::Check& h) {
    log("b");
    h.stop();
  }) == 0);
  ls::StepResult r = loop->step(ls::StepKind::Callback);
  CHECK(r.phase == ls::Phase::Idle);
  CHECK(log.str() == "spin");
  CHECK(r.handle_id == spin.id());
  CHECK(r.handle_type == ls::HandleType::Idle);
  CHECK(r.cb == ls::CallbackKind::Idle);
  r = loop->step(ls::StepKind::Callback);
  CHECK(r.phase == ls::Phase::Check);
  CHECK(log.str() == "spin b");
  CHECK(loop->inspect().phase == ls::Phase::Check);
  r = loop->step(ls::StepKind::Callback);
  CHECK(log.str() == "spin b a");
  CHECK(r.callbacks == 1);
  CHECK(r.handle_id == a.id());
  CHECK(r.cb == ls::CallbackKind::Check);
  r = loop->step(ls::StepKind::Callback);  // nothing left: the run ends
  CHECK(r.run_ended);
  CHECK(r.callbacks == 0);
  CHECK(r.result == 0);
  CHECK(r.phase == ls::Phase::None);
  lstest::close_clean(*loop);
}

}  // TEST_SUITE
