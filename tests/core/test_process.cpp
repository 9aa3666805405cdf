// Process handles (core/process.h): libuv's uv_spawn semantics natively — the exit callback's status and signal,
// stdio pipes in both directions, inherited fds, env and cwd, kill before and after the exit, a missing program
// failing at spawn — and ENOSYS on the backends that have no processes (emulated, null).
#include <algorithm>
#include <csignal>
#include <string>

#include "support.h"

#ifndef __EMSCRIPTEN__
#include <fcntl.h>
#include <unistd.h>
#endif

namespace {

std::unique_ptr<ls::Loop> loop_on(std::unique_ptr<ls::Backend> b) {
  return std::make_unique<ls::Loop>(lstest::options(std::move(b), ls::ClockKind::Monotonic, ls::Order::Modern, 1000));
}

ls::ProcessOptions sh(const std::string& script) {
  ls::ProcessOptions o;
  o.file = "sh";
  o.args = {"sh", "-c", script};
  return o;
}

ls::StdioSpec pipe_to(ls::Pipe& p, bool child_reads, bool child_writes) {
  ls::StdioSpec s;
  s.kind = ls::StdioSpec::Kind::CreatePipe;
  s.stream = &p;
  s.child_reads = child_reads;
  s.child_writes = child_writes;
  return s;
}

// Reads the stream to EOF into out, then closes it.
void collect(ls::Pipe& p, std::string& out) {
  REQUIRE(p.read_start([&out](ls::Stream& s, int64_t n, std::string_view data) {
    if (n > 0) out.append(data);
    else if (n < 0) s.close();
  }) == 0);
}

}  // namespace

TEST_SUITE("process") {

#ifndef __EMSCRIPTEN__
TEST_CASE("[process] exit status, term signal 0, inactive before the callback, traced with the pid") {
  auto loop = loop_on(std::make_unique<ls::EpollBackend>());
  ls::Process p(*loop);
  int calls = 0;
  REQUIRE(p.spawn(sh("exit 3"), [&](ls::Process& self, int64_t status, int signal) {
    ++calls;
    CHECK(status == 3);
    CHECK(signal == 0);
    CHECK_FALSE(self.is_active());
    CHECK(self.exited());
    self.close();
  }) == 0);
  CHECK(p.pid() > 0);
  CHECK(p.is_active());
  auto snap = loop->inspect();
  REQUIRE(snap.handles.size() == 1);
  CHECK(snap.handles[0].type == ls::HandleType::Process);
  CHECK(snap.handles[0].pid == p.pid());
  CHECK(snap.handles[0].state == "running");
  CHECK(loop->run() == 0);
  CHECK(calls == 1);
  bool started = false, exit_cb = false;
  for (const ls::TraceEvent& ev : loop->trace().events()) {
    if (ev.kind == ls::TraceKind::HandleStart && ev.htype == ls::HandleType::Process) started = ev.a == p.pid();
    if (ev.kind == ls::TraceKind::CallbackBegin && ev.cb == ls::CallbackKind::Exit) exit_cb = true;
  }
  CHECK(started);
  CHECK(exit_cb);
  CHECK(std::string(loop->trace().jsonl()).find("\"pid\":" + std::to_string(p.pid())) != std::string::npos);
  CHECK(loop->close() == 0);
}

TEST_CASE("[process] a missing program fails at spawn with ENOENT, and the handle never starts") {
  auto loop = loop_on(std::make_unique<ls::EpollBackend>());
  ls::Process p(*loop);
  ls::ProcessOptions o;
  o.file = "loopscope-no-such-program";
  bool called = false;
  CHECK(p.spawn(o, [&](ls::Process&, int64_t, int) { called = true; }) == -ENOENT);
  CHECK_FALSE(p.is_active());
  CHECK(p.kill(SIGTERM) == -EINVAL);  // never spawned
  o.file = "/nonexistent/dir/prog";
  ls::Process q(*loop);
  CHECK(q.spawn(o, {}) == -ENOENT);
  ls::ProcessOptions in_missing_dir = sh("true");
  in_missing_dir.cwd = "/nonexistent-loopscope-dir";
  ls::Process r(*loop);
  CHECK(r.spawn(in_missing_dir, {}) == -ENOENT);  // chdir's error, reported through the error pipe
  lstest::close_clean(*loop);
  CHECK_FALSE(called);
}

TEST_CASE("[process] stdio pipes: the child reads what the parent writes, and writes stdout and stderr apart") {
  auto loop = loop_on(std::make_unique<ls::EpollBackend>());
  ls::Pipe in(*loop), out(*loop), err(*loop);
  ls::ProcessOptions o = sh("read line; echo \"out:$line\"; echo \"err:$line\" >&2");
  o.stdio = {pipe_to(in, true, false), pipe_to(out, false, true), pipe_to(err, false, true)};
  ls::Process p(*loop);
  int64_t status = -1;
  REQUIRE(p.spawn(o, [&](ls::Process& self, int64_t s, int) {
    status = s;
    self.close();
  }) == 0);
  // The parent's ends have libuv's directions: stdin is written, stdout and stderr are read.
  CHECK(in.is_writable());
  CHECK_FALSE(in.is_readable());
  CHECK(out.is_readable());
  CHECK_FALSE(out.is_writable());
  std::string got_out, got_err;
  collect(out, got_out);
  collect(err, got_err);
  REQUIRE(in.write(std::string("hello\n")) > 0);
  REQUIRE(in.shutdown([&](int st) {
    CHECK(st == 0);
    in.close();
  }) > 0);
  CHECK(loop->run() == 0);
  CHECK(status == 0);
  CHECK(got_out == "out:hello\n");
  CHECK(got_err == "err:hello\n");
  CHECK(loop->close() == 0);
}

TEST_CASE("[process] env, cwd and an inherited fd (stdout and stderr swapped onto one pipe)") {
  auto loop = loop_on(std::make_unique<ls::EpollBackend>());
  int fds[2];
  REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
  ls::ProcessOptions o = sh("echo \"$GREETING\"; pwd; echo two >&2");
  o.has_env = true;
  o.env = {"GREETING=hi there", "PATH=/usr/bin:/bin"};
  o.cwd = "/tmp";
  ls::StdioSpec inherit;
  inherit.kind = ls::StdioSpec::Kind::InheritFd;
  inherit.fd = fds[1];
  o.stdio = {ls::StdioSpec{}, inherit, inherit};
  ls::Process p(*loop);
  REQUIRE(p.spawn(o, [](ls::Process& self, int64_t, int) { self.close(); }) == 0);
  ::close(fds[1]);
  CHECK(loop->run() == 0);
  char buf[256];
  ssize_t n = ::read(fds[0], buf, sizeof buf);
  ::close(fds[0]);
  REQUIRE(n > 0);
  CHECK(std::string(buf, n) == "hi there\n/tmp\ntwo\n");
  CHECK(loop->close() == 0);
}

TEST_CASE("[process] kill: the exit callback gets the signal; after the exit kill is ESRCH") {
  auto loop = loop_on(std::make_unique<ls::EpollBackend>());
  ls::ProcessOptions o;
  o.file = "sleep";
  o.args = {"sleep", "10"};
  ls::Process p(*loop);
  int signal = -1;
  REQUIRE(p.spawn(o, [&](ls::Process& self, int64_t status, int sig) {
    CHECK(status == 0);
    signal = sig;
    CHECK(self.kill(SIGTERM) == -ESRCH);
    self.close();
  }) == 0);
  CHECK(p.kill(0) == 0);  // signal 0: the child exists
  CHECK(p.kill(SIGKILL) == 0);
  CHECK(loop->run() == 0);
  CHECK(signal == SIGKILL);
  CHECK(loop->inspect().handles.empty());
  CHECK(loop->close() == 0);
}

TEST_CASE("[process] closing the handle first: no exit callback, the loop ends; bad stdio is EINVAL") {
  auto loop = loop_on(std::make_unique<ls::EpollBackend>());
  ls::Process p(*loop);
  bool called = false;
  REQUIRE(p.spawn(sh("exit 0"), [&](ls::Process&, int64_t, int) { called = true; }) == 0);
  p.close();
  CHECK(loop->run() == 0);
  CHECK_FALSE(called);
  ls::Tcp tcp(*loop);
  ls::ProcessOptions o = sh("true");
  o.stdio = {ls::StdioSpec{}, ls::StdioSpec{ls::StdioSpec::Kind::CreatePipe, -1, &tcp, false, true}};
  ls::Process q(*loop);
  CHECK(q.spawn(o, {}) == -EINVAL);  // only a pipe can be created for the child
  ls::ProcessOptions no_file;
  CHECK(q.spawn(no_file, {}) == -EINVAL);
  lstest::close_clean(*loop);
}

TEST_CASE("[process] several children end in any order; each callback once") {
  auto loop = loop_on(std::make_unique<ls::EpollBackend>());
  std::vector<std::unique_ptr<ls::Process>> ps;
  std::vector<int64_t> statuses;
  for (int i = 0; i < 5; ++i) {
    ps.push_back(std::make_unique<ls::Process>(*loop));
    REQUIRE(ps.back()->spawn(sh("exit " + std::to_string(10 + i)), [&](ls::Process& self, int64_t s, int) {
      statuses.push_back(s);
      self.close();
    }) == 0);
  }
  CHECK(loop->run() == 0);
  std::sort(statuses.begin(), statuses.end());
  CHECK(statuses == std::vector<int64_t>{10, 11, 12, 13, 14});
  CHECK(loop->close() == 0);
}
#endif

TEST_CASE("[process] the emulated kernel and the null backend have no processes: ENOSYS, nothing created") {
  using Make = std::unique_ptr<ls::Backend> (*)();
  for (Make make : {Make([] { return std::unique_ptr<ls::Backend>(ls::make_emulated_backend()); }), Make(ls::make_null_backend)}) {
    auto loop = loop_on(make());
    ls::Pipe out(*loop);
    ls::ProcessOptions o = sh("true");
    o.stdio = {ls::StdioSpec{}, pipe_to(out, false, true)};
    ls::Process p(*loop);
    CHECK(p.spawn(o, {}) == -ENOSYS);
    CHECK(out.fileno() < 0);  // no pipe was made for it
    CHECK(ls::kill_pid(*loop, 1, 0) == -ENOSYS);
    lstest::close_clean(*loop);
  }
}

}  // TEST_SUITE
