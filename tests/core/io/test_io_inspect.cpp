// What inspection and the trace show of stream I/O on both backends (requests in flight, fd interest, the
// emulated kernel's tables), and a backend without fds refusing streams, fs and work cleanly.
#include <map>

#include "io_support.h"

using iotest::Env;

TEST_SUITE("streams") {

TEST_CASE("tcp: requests and interest are visible in inspection and in the trace") {
  iotest::EnvOptions o;
  o.trace = 1 << 16;
  iotest::for_each_backend(
      [](Env& env) {
        iotest::EchoServer srv(env);
        ls::Tcp* client = env.tcp();
        int64_t connect_id = client->connect("127.0.0.1", srv.port, [&](int status) {
          REQUIRE(status == 0);
          client->write("x");
          client->read_start([&](ls::Stream& s, int64_t n, std::string_view) {
            REQUIRE(n > 0);
            s.close();
            srv.server->close();
          });
        });
        REQUIRE(connect_id > 0);
        ls::Snapshot snap = env.l().inspect();
        REQUIRE(snap.requests.size() == 1);
        CHECK(snap.requests[0].id == static_cast<uint64_t>(connect_id));
        CHECK(snap.requests[0].type == "connect");
        CHECK(snap.requests[0].handle_id == client->id());
        bool listener_watched = false;
        for (const ls::FdInfo& f : snap.fds)
          if (f.fd == srv.server->fileno()) listener_watched = f.interest == ls::kReadable;
        CHECK(listener_watched);
        for (const ls::HandleInfo& h : snap.handles)
          if (h.id == srv.server->id()) CHECK(h.state == "listening");
        if (env.emulated()) {
          CHECK_FALSE(snap.kernel_fds.empty());
        }
        CHECK(env.run() == 0);
        std::map<std::string, int> kinds;
        for (const ls::TraceEvent& ev : env.l().trace().events()) {
          if (ev.kind == ls::TraceKind::RequestSubmit) ++kinds["submit " + ev.text];
          if (ev.kind == ls::TraceKind::RequestComplete) ++kinds["complete " + ev.text];
          if (ev.kind == ls::TraceKind::IoInterest) ++kinds["interest"];
        }
        CHECK(kinds["submit connect"] == 1);
        CHECK(kinds["complete connect"] == 1);
        CHECK(kinds["submit write"] == 2);  // the client's and the echo
        CHECK(kinds["complete write"] == 2);
        CHECK(kinds["interest"] >= 3);
        CHECK(env.l().trace().jsonl().find("\"ev\":\"io_interest\"") != std::string::npos);
        env.finish();
      },
      o);
}

TEST_CASE("[null backend] streams, fs and work report ENOSYS where there are no fds") {
  ls::Loop loop(lstest::options(ls::make_null_backend()));
  ls::Tcp tcp(loop);
  ls::Pipe pipe(loop);
  CHECK(tcp.bind("127.0.0.1", 0) == -ENOSYS);
  CHECK(tcp.listen(1, [](ls::Stream&, int) {}) == -ENOSYS);
  CHECK(tcp.connect("127.0.0.1", 1, [](int) {}) == -ENOSYS);
  CHECK(tcp.read_start([](ls::Stream&, int64_t, std::string_view) {}) == -ENOSYS);
  CHECK(tcp.write("x") == -ENOSYS);
  CHECK(pipe.bind("/tmp/x") == -ENOSYS);
  int fds[2];
  CHECK(ls::make_pipe(loop, fds) == -ENOSYS);
  CHECK(ls::queue_work(loop, [] {}, {}) == -ENOSYS);
  CHECK(ls::fs_stat(loop, "/").result == -ENOSYS);
  CHECK(ls::fs_stat(loop, "/", [](ls::FsResult&) {}).result == -ENOSYS);
  CHECK(loop.active_requests() == 0);
  lstest::close_clean(loop);
}

}  // TEST_SUITE
