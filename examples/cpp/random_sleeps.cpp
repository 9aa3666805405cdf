// (d) The source document's asyncio example — three tasks, each sleeping a random 1..10 s — written twice on
// loopscope: with timer callbacks, and with coroutines. The Python:
//
//     async def do_something(i):
//         sec = random.randint(1, 10)
//         print(f"{i} Wait for {sec}...")
//         await asyncio.sleep(sec)          # the task stops here; the others go on
//         print(f"{i} waiting done")
//     tasks = [asyncio.create_task(do_something(i)) for i in range(3)]
//     await asyncio.gather(*tasks)
//
// One thread, no "ghost thread" doing the waiting: each sleep is a timer in the loop, and the loop runs
// whichever task's timer is due. The loop runs on the virtual clock, so the 1..10 s pass instantly and every
// run prints the same times; the random numbers come from a seeded generator (--seed, default 42). Both styles
// print the same lines at the same virtual times.
//
//   random_sleeps [--backend emulated|epoll] [--style callbacks|coroutines] [--seed N]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/coro/coro.h"
#include "example_loop.h"

namespace {

namespace coro = ls::coro;
using coro::task;

// random.randint(1, 10), from a seeded std::mt19937 (whose output the standard fixes, unlike the distributions').
struct Random {
  std::mt19937 gen;
  int randint(int lo, int hi) { return lo + static_cast<int>(gen() % static_cast<uint32_t>(hi - lo + 1)); }
};

// print(), with the loop's (virtual) time in front.
void say(ls::Loop& loop, const std::string& text) {
  std::printf("[t=%5.1fs] %s\n", static_cast<double>(loop.now()) / 1000.0, text.c_str());
}

// ---- with callbacks: the sleep's continuation is a separate function, handed to a timer ----

void do_something_cb(ls::Loop& loop, int i, Random& random) {
  int sec = random.randint(1, 10);
  say(loop, std::to_string(i) + " Wait for " + std::to_string(sec) + "...");
  auto* timer = new ls::Timer(loop);
  timer->start(
      [&loop, i](ls::Timer& t) {
        say(loop, std::to_string(i) + " waiting done");  // "after the await" lives here
        t.close([](ls::Handle& h) { delete &h; });
      },
      static_cast<uint64_t>(sec) * 1000);
}

void run_callbacks(ls::Loop& loop, Random& random) {
  for (int i = 0; i < 3; ++i) do_something_cb(loop, i, random);
  loop.run();  // "gather": the loop runs until every timer fired and closed
}

// ---- with coroutines: the same function, paused at the co_await ----

task<void> do_something(ls::Loop& loop, int i, Random& random) {
  int sec = random.randint(1, 10);
  say(loop, std::to_string(i) + " Wait for " + std::to_string(sec) + "...");
  co_await coro::sleep(loop, static_cast<uint64_t>(sec) * 1000);  // the task stops here; the others go on
  say(loop, std::to_string(i) + " waiting done");
}

task<void> main_task(ls::Loop& loop, Random& random) {
  std::vector<task<void>> tasks;
  for (int i = 0; i < 3; ++i) tasks.push_back(do_something(loop, i, random));
  co_await coro::when_all(std::move(tasks));  // asyncio.gather
}

}  // namespace

int main(int argc, char** argv) {
  example::Options opt = example::parse(argc, argv, "emulated");
  uint32_t seed = 42;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--seed") == 0) seed = static_cast<uint32_t>(std::strtoul(argv[i + 1], nullptr, 10));

  if (opt.style.empty() || opt.style == "callbacks") {
    std::printf("-- callbacks (%s backend, seed %u) --\n", opt.backend.c_str(), seed);
    auto loop = example::make_loop(opt, ls::ClockKind::Virtual);
    Random random{std::mt19937(seed)};
    run_callbacks(*loop, random);
    say(*loop, "all done");
  }
  if (opt.style.empty() || opt.style == "coroutines") {
    std::printf("-- coroutines (%s backend, seed %u) --\n", opt.backend.c_str(), seed);
    auto loop = example::make_loop(opt, ls::ClockKind::Virtual);
    Random random{std::mt19937(seed)};
    coro::run(*loop, main_task(*loop, random));  // asyncio.run(main())
    say(*loop, "all done");
  }
  return 0;
}
