// Determinism of the emulated backend on the virtual clock: the same scenario (an echo server with several
// clients, fs requests and work on virtual workers, with latency and a bandwidth limit) run twice gives
// byte-identical traces (Trace::jsonl) and the same kernel dump.
#include "io_support.h"

using iotest::Env;

namespace {

struct Outcome {
  std::string trace;
  std::string dump;
  uint64_t end_ns = 0;
};

Outcome scenario() {
  Outcome out;
  iotest::EnvOptions o;
  o.trace = 1 << 18;
  o.latency_ns = 120'000;
  o.kernel.link.bandwidth = 50'000'000;  // 50 MB/s: deliveries are paced
  Env env;
  iotest::make_emulated(env, o);
  ls::Loop& loop = env.l();
  iotest::EchoServer srv(env);
  int finished = 0;
  for (int i = 0; i < 4; ++i) {
    ls::Tcp* c = env.tcp();
    std::string msg = iotest::pattern_block(static_cast<uint64_t>(i) * 1000, 3000 + 500 * static_cast<size_t>(i));
    auto got = std::make_shared<std::string>();
    REQUIRE(c->connect("127.0.0.1", srv.port, [&, c, msg, got](int status) {
      REQUIRE(status == 0);
      c->write(msg);
      c->read_start([&, msg, got](ls::Stream& s, int64_t n, std::string_view data) {
        REQUIRE(n > 0);
        *got += data;
        if (got->size() == msg.size()) {
          CHECK(*got == msg);
          s.close();
          if (++finished == 4) srv.server->close();
        }
      });
    }) > 0);
  }
  ls::queue_work(loop, [] {}, [&](int) { ls::fs_mkdir(loop, "/tmp/det", 0755, [](ls::FsResult&) {}); }, 300'000);
  ls::fs_open(loop, "/tmp/det.txt", ls::fsflag::kWrOnly | ls::fsflag::kCreat, 0644, [&](ls::FsResult& r) {
    REQUIRE(r.result >= 0);
    ls::fs_write(loop, static_cast<int>(r.result), "x", -1, [&, fd = static_cast<int>(r.result)](ls::FsResult&) {
      ls::fs_close(loop, fd, [](ls::FsResult&) {});
    });
  });
  CHECK(env.run() == 0);
  CHECK(finished == 4);
  out.trace = loop.trace().jsonl();
  out.dump = env.kernel->dump();
  out.end_ns = loop.hrtime();
  env.finish();
  return out;
}

}  // namespace

TEST_SUITE("streams") {

TEST_CASE("[emulated only] the same scenario twice gives byte-identical traces") {
  iotest::only_emulated([](Env& env) {
    Outcome a = scenario();
    Outcome b = scenario();
    CHECK(a.trace.size() > 10000);
    CHECK(a.trace.find("\"ev\":\"request_complete\"") != std::string::npos);
    CHECK(a.trace.find("\"ev\":\"work_start\"") != std::string::npos);
    CHECK(a.trace.find("\"ev\":\"time_jump\"") != std::string::npos);
    CHECK(a.trace == b.trace);
    CHECK(a.dump == b.dump);
    CHECK(a.end_ns == b.end_ns);
    CHECK(a.end_ns > 120'000);  // latency really took virtual time
    env.finish();
  });
}

}  // TEST_SUITE
