// Behaviour that exists on the native epoll backend only: real fds (io watchers on pipes, stale events after
// an fd is closed and reused), signals, Async::send from another thread, and the syscall economy of the epoll
// backend. Compiled natively only (suite "native"); the emulated backend gets its own fd tests.
#ifndef __EMSCRIPTEN__

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include "support.h"

namespace {

struct Pipe {
  int fds[2] = {-1, -1};
  Pipe() { REQUIRE(::pipe2(fds, O_NONBLOCK | O_CLOEXEC) == 0); }
  ~Pipe() {
    for (int fd : fds)
      if (fd >= 0) ::close(fd);
  }
  int rd() const { return fds[0]; }
  int wr() const { return fds[1]; }
  void put(char c = 'x') const { REQUIRE(::write(fds[1], &c, 1) == 1); }
};

std::unique_ptr<ls::Loop> epoll_loop(ls::ClockKind clock = ls::ClockKind::Monotonic) {
  return std::make_unique<ls::Loop>(lstest::options(std::make_unique<ls::EpollBackend>(), clock));
}

}  // namespace

TEST_SUITE("native") {

TEST_CASE("[native] poll handle on a pipe: readable and writable, fileno, stop") {
  for (ls::ClockKind clock : {ls::ClockKind::Monotonic, ls::ClockKind::Virtual}) {
    auto loop = epoll_loop(clock);
    Pipe p;
    ls::Poll reader(*loop, p.rd()), writer(*loop, p.wr());
    CHECK(reader.fileno() == p.rd());
    int reads = 0, writes = 0;
    REQUIRE(reader.start(ls::Poll::READABLE, [&](ls::Poll& h, int status, int events) {
      CHECK(status == 0);
      CHECK(events == ls::Poll::READABLE);
      char c;
      CHECK(::read(p.rd(), &c, 1) == 1);
      CHECK(c == 'q');
      ++reads;
      h.stop();
    }) == 0);
    REQUIRE(writer.start(ls::Poll::WRITABLE, [&](ls::Poll& h, int status, int events) {
      CHECK(status == 0);
      CHECK((events & ls::Poll::WRITABLE) != 0);
      ++writes;
      p.put('q');
      h.stop();
    }) == 0);
    CHECK(loop->inspect().fds.size() == 2);
    CHECK(loop->run() == 0);
    CHECK(reads == 1);
    CHECK(writes == 1);
    CHECK(loop->inspect().fds.empty());
    CHECK(reader.start(0, {}) == 0);  // events 0 = stop
    lstest::close_clean(*loop);
    CHECK(reader.fileno() == -EBADF);
  }
}

TEST_CASE("[native] one active watcher per fd; bad arguments") {
  auto loop = epoll_loop();
  Pipe p;
  ls::Poll a(*loop, p.rd()), b(*loop, p.rd()), bad(*loop, -1);
  auto cb = [](ls::Poll&, int, int) {};
  REQUIRE(a.start(ls::Poll::READABLE, cb) == 0);
  CHECK(b.start(ls::Poll::READABLE, cb) == -EEXIST);
  CHECK_FALSE(b.is_active());
  CHECK(bad.start(ls::Poll::READABLE, cb) == -EBADF);
  CHECK(a.start(64, cb) == -EINVAL);
  ls::Poll nullpoll(*loop, p.rd());
  ls::Loop null_loop(lstest::options(ls::make_null_backend()));
  ls::Poll on_null(null_loop, p.wr());
  CHECK(on_null.start(ls::Poll::WRITABLE, cb) == -ENOSYS);
  lstest::close_clean(null_loop);
  lstest::close_clean(*loop);
}

TEST_CASE("[native] stale event: an fd closed and reused inside a callback gets no event of the old batch") {
  auto loop = epoll_loop();
  Pipe a, b;
  a.put();
  b.put();  // both readable: both in the same epoll batch
  int b_fd = b.rd();
  std::unique_ptr<Pipe> fresh;
  std::unique_ptr<ls::Poll> reused;
  ls::Poll pa(*loop, a.rd());
  auto pb = std::make_unique<ls::Poll>(*loop, b.rd());
  int stale = 0, first = 0;
  auto on_first = [&](ls::Poll& self, int, int) {
    ++first;
    self.stop();
    ls::Poll* other = &self == &pa ? pb.get() : &pa;
    int other_fd = other == &pa ? a.rd() : b_fd;
    // Close the other watcher and its fd, then make a new, empty pipe take over that fd number.
    other->close();
    Pipe* owner = other == &pa ? &a : &b;
    ::close(owner->fds[0]);
    owner->fds[0] = -1;
    fresh = std::make_unique<Pipe>();
    REQUIRE(::dup2(fresh->rd(), other_fd) == other_fd);
    reused = std::make_unique<ls::Poll>(*loop, other_fd);
    REQUIRE(reused->start(ls::Poll::READABLE, [&](ls::Poll&, int, int) { ++stale; }) == 0);
  };
  REQUIRE(pa.start(ls::Poll::READABLE, on_first) == 0);
  REQUIRE(pb->start(ls::Poll::READABLE, on_first) == 0);
  CHECK(loop->run(ls::RunMode::NoWait) == 1);
  CHECK(first == 1);
  CHECK(stale == 0);  // the old batch's event for that fd was invalidated
  CHECK(loop->run(ls::RunMode::NoWait) == 1);
  CHECK(stale == 0);  // and the new pipe really is empty
  fresh->put();
  CHECK(loop->run(ls::RunMode::NoWait) == 1);
  CHECK(stale == 1);  // a real event for the new owner is delivered
  int reused_fd = reused->fileno();
  lstest::close_clean(*loop);
  ::close(reused_fd);
}

TEST_CASE("[native] async send from another thread wakes a blocked loop; sends coalesce") {
  for (ls::ClockKind clock : {ls::ClockKind::Monotonic, ls::ClockKind::Virtual}) {
    auto loop = epoll_loop(clock);
    std::atomic<int> sent{0};
    int calls = 0;
    const int total = 1000;
    std::atomic<bool> done{false};
    ls::Async a(*loop, [&](ls::Async& self) {
      ++calls;
      if (done.load()) self.close();
    });
    std::thread sender([&] {
      for (int i = 0; i < total; ++i) {
        a.send();
        ++sent;
      }
      done = true;
      a.send();
    });
    CHECK(loop->run() == 0);  // blocks in epoll_wait(-1) until the sends arrive; ends when closed
    sender.join();
    CHECK(calls >= 1);
    CHECK(calls <= total + 1);
    CHECK(sent == total);
    lstest::close_clean(*loop);
  }
}

TEST_CASE("[native] async on the null backend: a condition variable wake-up from another thread") {
  ls::Loop loop(lstest::options(ls::make_null_backend(), ls::ClockKind::Monotonic));
  int calls = 0;
  ls::Async a(loop, [&](ls::Async& self) {
    ++calls;
    self.close();
  });
  std::thread sender([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    a.send();
  });
  CHECK(loop.run() == 0);
  sender.join();
  CHECK(calls == 1);
  lstest::close_clean(loop);
}

TEST_CASE("[native] signal: delivered in the poll phase to every handle of that signal, never synchronously") {
  auto loop = epoll_loop();
  ls::Signal s1(*loop), s2(*loop), other(*loop);
  int got1 = 0, got2 = 0;
  bool raising = false;
  REQUIRE(s1.start([&](ls::Signal& s, int signum) {
    CHECK_FALSE(raising);
    CHECK(signum == SIGUSR1);
    CHECK(loop->phase() == ls::Phase::Poll);
    ++got1;
    s.close();
  }, SIGUSR1) == 0);
  REQUIRE(s2.start([&](ls::Signal& s, int) {
    ++got2;
    s.close();
  }, SIGUSR1) == 0);
  REQUIRE(other.start([](ls::Signal&, int) { FAIL("SIGUSR2 was not raised"); }, SIGUSR2) == 0);
  CHECK(s1.signum() == SIGUSR1);
  CHECK(s1.start([](ls::Signal&, int) {}, 0) == -EINVAL);
  raising = true;
  ::raise(SIGUSR1);
  raising = false;
  CHECK(got1 == 0);
  other.unref();
  CHECK(loop->run() == 0);
  CHECK(got1 == 1);
  CHECK(got2 == 1);
  lstest::close_clean(*loop);
}

TEST_CASE("[native] epoll: no epoll_wait for a zero timeout with nothing watched; no redundant epoll_ctl") {
  auto backend = std::make_unique<ls::EpollBackend>();
  ls::EpollBackend* ep = backend.get();
  ls::Loop loop(lstest::options(std::move(backend), ls::ClockKind::Monotonic));
  ls::Idle idle(loop);
  int n = 0;
  REQUIRE(idle.start([&](ls::Idle& i) {
    if (++n == 1000) i.stop();
  }) == 0);
  CHECK(loop.run() == 0);
  CHECK(n == 1000);
  CHECK(ep->wait_calls() == 0);

  Pipe p;
  ls::Poll poll(loop, p.wr());
  auto cb = [](ls::Poll& h, int, int) { h.stop(); };
  REQUIRE(poll.start(ls::Poll::WRITABLE, cb) == 0);
  CHECK(ep->ctl_calls() == 1);  // ADD
  REQUIRE(poll.start(ls::Poll::WRITABLE, cb) == 0);
  CHECK(ep->ctl_calls() == 1);  // same mask: nothing to tell the kernel
  REQUIRE(poll.start(ls::Poll::WRITABLE | ls::Poll::DISCONNECT, cb) == 0);
  CHECK(ep->ctl_calls() == 2);  // MOD
  REQUIRE(poll.stop() == 0);
  CHECK(ep->ctl_calls() == 3);  // DEL
  REQUIRE(poll.stop() == 0);
  CHECK(ep->ctl_calls() == 3);
  lstest::close_clean(loop);
}

// B1 row 14 on the real kernel (the emulated one injects EINTR: tests/core/io/test_stream_faults.cpp). A handler
// installed without SA_RESTART: epoll_wait fails with EINTR whatever the flag says, and the backend must wait
// again with what is left of the timeout — never report an error, fire a timer early or lose the fd's event.
TEST_CASE("[native] EINTR: signals interrupting epoll_wait are retried with the rest of the timeout; no event lost") {
  struct sigaction quiet {}, old {};
  quiet.sa_handler = [](int) {};
  sigemptyset(&quiet.sa_mask);
  REQUIRE(::sigaction(SIGUSR2, &quiet, &old) == 0);
  pthread_t loop_thread = ::pthread_self();
  auto interrupt_three_times = [&] {
    for (int i = 0; i < 3; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(40));
      ::pthread_kill(loop_thread, SIGUSR2);
    }
  };
  {  // The backend alone: a 200 ms wait with nothing ready waits 200 ms in all and reports nothing.
    ls::EpollBackend bare;
    std::vector<ls::ReadyEvent> ready;
    auto t0 = std::chrono::steady_clock::now();
    std::thread interrupter(interrupt_three_times);
    CHECK(bare.poll(200, ready) == 0);
    interrupter.join();
    CHECK(std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(199));
    CHECK(ready.empty());
    CHECK(bare.wait_calls() >= 4);
  }
  auto backend = std::make_unique<ls::EpollBackend>();
  ls::EpollBackend* ep = backend.get();
  ls::Loop loop(lstest::options(std::move(backend), ls::ClockKind::Monotonic));
  Pipe p;
  ls::Poll reader(loop, p.rd());
  int reads = 0;
  REQUIRE(reader.start(ls::Poll::READABLE, [&](ls::Poll& h, int status, int) {
    CHECK(status == 0);
    char c;
    CHECK(::read(p.rd(), &c, 1) == 1);
    ++reads;
    h.stop();
  }) == 0);
  ls::Timer timer(loop);
  uint64_t started = loop.now(), fired_at = 0;
  REQUIRE(timer.start([&](ls::Timer&) { fired_at = loop.now(); }, 300, 0) == 0);
  std::thread interrupter([&] {  // and the loop: its timer and the pipe's event survive the interruptions
    interrupt_three_times();
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
    p.put();
  });
  CHECK(loop.run() == 0);
  interrupter.join();
  ::sigaction(SIGUSR2, &old, nullptr);
  CHECK(reads == 1);
  CHECK(fired_at >= started + 300);
  CHECK(ep->wait_calls() >= 5);  // 3 interrupted waits, each repeated, then the pipe's and the timer's
  lstest::close_clean(loop);
}

}  // TEST_SUITE

#endif  // __EMSCRIPTEN__
