// A step by callback runs exactly one callback, also where one readiness event, pending entry, close or pool
// wake-up runs several: the accept loop, the read loop (up to 32 reads), write completions, cancelled writes
// at close, work completions. For each batch: stepping by callback to the end gives the very trace of an
// unbroken run(), every step runs one callback (a pending entry is only the frame around the ones it runs), and
// the batch really was one event (several callbacks inside one poll phase or one pending entry).
#include <string>
#include <vector>

#include "core/fs_event.h"
#include "io_support.h"

namespace {

using iotest::Env;
using Scenario = void (*)(Env&);

constexpr size_t kTrace = 1u << 16;

bool is_leaf_begin(const ls::TraceEvent& ev) {
  return ev.kind == ls::TraceKind::CallbackBegin && ev.cb != ls::CallbackKind::Pending;
}

std::string run_whole(Scenario build) {
  Env env;
  iotest::EnvOptions o;
  o.trace = kTrace;
  iotest::make_emulated(env, o);
  build(env);
  env.run();
  std::string trace = env.l().trace().jsonl();
  env.finish();
  return trace;
}

struct Stepped {
  std::string trace;
  std::vector<int> leaves_per_step;  // callbacks (pending entries excluded) begun in each step
  int most_in_one_phase = 0;         // the largest batch: leaf callbacks between one phase_enter and its leave
};

Stepped run_stepped(Scenario build) {
  Env env;
  iotest::EnvOptions o;
  o.trace = kTrace;
  iotest::make_emulated(env, o);
  build(env);
  Stepped out;
  for (int guard = 0; guard < 100000; ++guard) {
    size_t before = env.l().trace().size();
    ls::StepResult r = env.l().step(ls::StepKind::Callback);
    REQUIRE(r.error == 0);
    std::vector<ls::TraceEvent> evs = env.l().trace().events();
    int leaves = 0;
    for (size_t i = before; i < evs.size(); ++i) leaves += is_leaf_begin(evs[i]);
    out.leaves_per_step.push_back(leaves);
    if (r.run_ended) break;
  }
  int in_phase = 0;
  for (const ls::TraceEvent& ev : env.l().trace().events()) {
    if (ev.kind == ls::TraceKind::PhaseEnter) in_phase = 0;
    in_phase += is_leaf_begin(ev);
    if (in_phase > out.most_in_one_phase) out.most_in_one_phase = in_phase;
  }
  out.trace = env.l().trace().jsonl();
  env.finish();
  return out;
}

void check_batch(Scenario build, int min_batch) {
  std::string whole = run_whole(build);
  Stepped stepped = run_stepped(build);
  CHECK(stepped.trace == whole);
  CHECK(stepped.most_in_one_phase >= min_batch);  // the scenario really makes a batch
  int steps_with_one = 0;
  for (size_t i = 0; i < stepped.leaves_per_step.size(); ++i) {
    bool last = i + 1 == stepped.leaves_per_step.size();
    if (last) {
      CHECK(stepped.leaves_per_step[i] <= 1);  // the step that reaches the end of the run
    } else {
      CHECK_MESSAGE(stepped.leaves_per_step[i] == 1, "step " << i << " ran " << stepped.leaves_per_step[i]);
    }
    steps_with_one += stepped.leaves_per_step[i] == 1;
  }
  CHECK(steps_with_one >= min_batch);
}

// Six clients connect at the same instant: one readable event of the listener, six connection callbacks.
void accept_batch(Env& env) {
  auto* server = env.tcp();
  uint16_t port = iotest::listen_on_loopback(*server, [&env](ls::Stream& s, int status) {
    REQUIRE(status == 0);
    ls::Tcp* c = env.tcp();
    REQUIRE(s.accept(*c) == 0);
    c->close();
  });
  for (int i = 0; i < 6; ++i) {
    ls::Tcp* client = env.tcp();
    REQUIRE(client->connect("127.0.0.1", port, [client](int) { client->close(); }) > 0);
  }
  auto* stop = env.make<ls::Timer>();
  stop->start([server](ls::Timer& t) {
    server->close();
    t.close();
  }, 5, 0);
}

// A server that accepts one connection, stops listening, and reads it until EOF (then closes it). Its port.
uint16_t serve_one_reader(Env& env) {
  auto* server = env.tcp();
  return iotest::listen_on_loopback(*server, [&env, server](ls::Stream& s, int) {
    ls::Tcp* c = env.tcp();
    REQUIRE(s.accept(*c) == 0);
    server->close();
    REQUIRE(c->read_start([](ls::Stream& st, int64_t n, std::string_view) {
      if (n < 0) st.close();
    }) == 0);
  });
}

// A client sends 12 x 64 KiB at once: the server's reads of one readable event are a batch (up to 32).
void read_batch(Env& env) {
  uint16_t port = serve_one_reader(env);
  ls::Tcp* client = env.tcp();
  REQUIRE(client->connect("127.0.0.1", port, [client](int status) {
    REQUIRE(status == 0);
    for (int i = 0; i < 12; ++i) CHECK(client->write(iotest::pattern_block(i * 65536, 65536)) > 0);
    CHECK(client->shutdown([client](int) { client->close(); }) > 0);
  }) > 0);
}

// Twenty small writes finish at once: one pending entry runs their twenty callbacks.
void write_completion_batch(Env& env) {
  uint16_t port = serve_one_reader(env);
  ls::Tcp* client = env.tcp();
  REQUIRE(client->connect("127.0.0.1", port, [client](int status) {
    REQUIRE(status == 0);
    auto* left = new int(20);
    for (int i = 0; i < 20; ++i)
      CHECK(client->write("line " + std::to_string(i) + "\n", [client, left](int st) {
        CHECK(st == 0);
        if (--*left == 0) {
          delete left;
          client->close();
        }
      }) > 0);
  }) > 0);
}

// Writes the peer never reads are cancelled when the stream closes: ten ECANCELED callbacks in one close.
void cancel_batch(Env& env) {
  auto* server = env.tcp();
  uint16_t port = iotest::listen_on_loopback(*server, [&env, server](ls::Stream& s, int) {
    ls::Tcp* c = env.tcp();
    REQUIRE(s.accept(*c) == 0);  // accepted, never read: the client's send buffer fills
    server->close();
    auto* t = env.make<ls::Timer>();
    t->start([c](ls::Timer& self) {
      c->close();
      self.close();
    }, 50, 0);
  });
  ls::Tcp* client = env.tcp();
  REQUIRE(client->connect("127.0.0.1", port, [client, &env](int status) {
    REQUIRE(status == 0);
    for (int i = 0; i < 10; ++i)
      CHECK(client->write(std::string(1 << 20, 'x'), [](int st) { CHECK(st != 0); }) > 0);
    auto* t = env.make<ls::Timer>();
    t->start([client](ls::Timer& self) {
      client->close();
      self.close();
    }, 20, 0);
  }) > 0);
}

// Five jobs of the same length finish together: one wake-up of the pool delivers five after callbacks.
void work_batch(Env& env) {
  for (int i = 0; i < 5; ++i)
    REQUIRE(ls::queue_work(env.l(), [] {}, [](int status) { CHECK(status == 0); }, 1'000'000) > 0);
}

// Three handles watch one file; a rename and a chmod queue two changes: one readable event of the loop's inotify
// fd runs six callbacks.
void fs_event_batch(Env& env) {
  const std::string file = env.tmp + "/step-fsev";
  ls::fs_close(env.l(), static_cast<int>(ls::fs_open(env.l(), file, ls::fsflag::kWrOnly | ls::fsflag::kCreat).result));
  std::vector<ls::FsEvent*> watchers;
  for (int i = 0; i < 3; ++i) {
    ls::FsEvent* w = env.make<ls::FsEvent>();
    REQUIRE(w->start([](ls::FsEvent&, const std::string&, int, int) {}, file) == 0);
    watchers.push_back(w);
  }
  auto* t = env.make<ls::Timer>();
  t->start([&env, file, watchers](ls::Timer& self) {
    ls::FsOp chmod(ls::FsType::Chmod);
    chmod.path = file;
    chmod.mode = 0600;
    CHECK(ls::fs_request(env.l(), std::move(chmod)).result == 0);
    CHECK(ls::fs_rename(env.l(), file, file + ".moved").result == 0);
    auto* end = env.make<ls::Timer>();
    end->start([&env, file, watchers](ls::Timer& e) {
      for (ls::FsEvent* w : watchers) w->close();
      ls::fs_unlink(env.l(), file + ".moved");
      e.close();
    }, 5, 0);
    self.close();
  }, 1, 0);
}

}  // namespace

TEST_SUITE("step") {
  TEST_CASE("a step by callback runs one fs_event callback of an inotify read") { check_batch(fs_event_batch, 6); }
  TEST_CASE("a step by callback runs one connection callback of an accept batch") { check_batch(accept_batch, 6); }
  TEST_CASE("a step by callback runs one read callback of a read batch") { check_batch(read_batch, 2); }
  TEST_CASE("a step by callback runs one write callback of a batch of completions") {
    check_batch(write_completion_batch, 20);
  }
  TEST_CASE("a step by callback runs one cancelled write's callback of a close") { check_batch(cancel_batch, 10); }
  TEST_CASE("a step by callback runs one after callback of a pool wake-up") { check_batch(work_batch, 4); }
}
