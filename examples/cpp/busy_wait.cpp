// (e) The document's way out of callbacks that does not work — busy-waiting on is_event():
//
//     while True:
//         if is_event():
//             do_something()
//
// next to the way that does: a coroutine that awaits the event. The event is a message that a peer sends 50 ms
// after start, over a TCP connection in the same loop. Both versions get it at the same moment; the difference
// is what they cost while waiting:
//  - busy-wait: the program keeps asking. Each is_event() runs one non-blocking loop iteration (so the message
//    can arrive at all) and looks at a flag: tens of thousands of iterations, and on a real clock the whole
//    50 ms of CPU time.
//  - coroutine: co_await read() hands control to the loop, which sleeps in poll (epoll_wait, or a jump of the
//    virtual clock) until the message is there: no checks, a few iterations, no CPU.
// On the emulated backend (virtual clock) the counts are exact: the virtual clock charges 1 us per loop
// iteration, which is how it makes a busy loop cost time. On epoll they are real, and vary a little.
//
//   busy_wait [--backend emulated|epoll]
#include <sys/resource.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "core/coro/coro.h"
#include "example_loop.h"

namespace {

namespace coro = ls::coro;
using coro::task;

constexpr uint64_t kSendAfterMs = 50;

double cpu_ms() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

// A connected pair on 127.0.0.1 — `receiver` will get the message — and a timer that makes `sender` send it.
struct Scene {
  explicit Scene(ls::Loop& l) : loop(l), server(l), sender(l), receiver(l), later(l) {}

  // Connects (running the loop as needed) and arms the send.
  void setup() {
    server.bind("127.0.0.1", 0);
    server.listen(1, [this](ls::Stream& s, int) { s.accept(receiver); });
    ls::SockName name;
    server.getsockname(name);
    sender.connect(name.host, name.port, [](int) {});
    while (receiver.fileno() < 0) loop.run(ls::RunMode::Once);
    start_ms = loop.now();
    later.start([this](ls::Timer&) { sender.write("ping"); }, kSendAfterMs);
  }
  void teardown() {
    for (ls::Handle* h : {static_cast<ls::Handle*>(&server), static_cast<ls::Handle*>(&sender),
                          static_cast<ls::Handle*>(&receiver), static_cast<ls::Handle*>(&later)})
      if (!h->is_closing()) h->close();
    loop.run();
  }

  ls::Loop& loop;
  ls::Tcp server, sender, receiver;
  ls::Timer later;
  uint64_t start_ms = 0;
};

void report(const char* style, const std::string& msg, uint64_t after_ms, uint64_t checks, uint64_t iterations,
            double cpu, bool real_clock) {
  std::printf("%-9s got '%s' after %llu ms: is_event() checked %llu times, %llu loop iterations", style,
              msg.c_str(), static_cast<unsigned long long>(after_ms), static_cast<unsigned long long>(checks),
              static_cast<unsigned long long>(iterations));
  if (real_clock) std::printf(", %.0f ms of CPU", cpu);
  std::printf("\n");
}

// ---- busy-wait: ask, ask, ask ----

void busy_wait(ls::Loop& loop, bool real_clock) {
  Scene scene(loop);
  scene.setup();
  std::string message;
  scene.receiver.read_start([&](ls::Stream&, int64_t n, std::string_view data) {
    if (n > 0) message.assign(data);
  });
  // is_event(): let the loop look once, without waiting, then check whether the message came.
  auto is_event = [&] {
    loop.run(ls::RunMode::NoWait);
    return !message.empty();
  };

  uint64_t it0 = loop.iteration(), checks = 0;
  double cpu0 = cpu_ms();
  while (true) {
    ++checks;
    if (is_event()) break;  // do_something() would go here
  }
  report("busy-wait", message, loop.now() - scene.start_ms, checks, loop.iteration() - it0, cpu_ms() - cpu0,
         real_clock);
  scene.teardown();
}

// ---- coroutine: await it ----

task<std::string> wait_for_message(ls::Tcp& receiver) {
  std::string message = co_await coro::read(receiver);  // suspended here; the loop sleeps until data arrives
  co_return message;                                    // do_something() would go here
}

void await_event(ls::Loop& loop, bool real_clock) {
  Scene scene(loop);
  scene.setup();
  uint64_t it0 = loop.iteration();
  double cpu0 = cpu_ms();
  std::string message;
  coro::spawn(loop, [](ls::Tcp& r, std::string& out) -> task<void> { out = co_await wait_for_message(r); }(
                        scene.receiver, message),
              "waiter");
  while (message.empty()) loop.run(ls::RunMode::Once);  // blocks in poll until there is something to do
  report("coroutine", message, loop.now() - scene.start_ms, 0, loop.iteration() - it0, cpu_ms() - cpu0,
         real_clock);
  scene.teardown();
}

}  // namespace

int main(int argc, char** argv) {
  example::Options opt = example::parse(argc, argv, "emulated");
  bool real_clock = opt.backend == "epoll";  // epoll runs on the monotonic clock here: real time, real CPU
  std::printf("a message arrives %llu ms after start (%s backend, %s clock)\n",
              static_cast<unsigned long long>(kSendAfterMs), opt.backend.c_str(), real_clock ? "real" : "virtual");
  {
    auto loop = example::make_loop(opt);
    busy_wait(*loop, real_clock);
  }
  {
    auto loop = example::make_loop(opt);
    await_event(*loop, real_clock);
  }
  return 0;
}
