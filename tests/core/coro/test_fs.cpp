// fs awaitables on both backends (host files, the in-memory fs): a round trip through the async form of each
// call, and errors thrown at the co_await.
#include <string>
#include <vector>

#include "coro_support.h"
#include "io/io_support.h"

namespace {

using ls::coro::task;
namespace fs = ls::coro::fs;

}  // namespace

TEST_SUITE("coro") {

TEST_CASE("fs: write, read back, stat, rename, scandir, unlink, rmdir — top to bottom") {
  iotest::for_each_backend([](iotest::Env& env) {
    ls::Loop& loop = env.l();
    auto t = [&]() -> task<std::string> {
      std::string dir = (co_await fs::mkdtemp(loop, env.tmp + "/coroXXXXXX")).data;
      std::string path = dir + "/a.txt";
      int fd = static_cast<int>(
          (co_await fs::open(loop, path, ls::fsflag::kWrOnly | ls::fsflag::kCreat | ls::fsflag::kTrunc)).result);
      CHECK((co_await fs::write(loop, fd, "hello, loop")).result == 11);
      co_await fs::close(loop, fd);
      CHECK((co_await fs::stat(loop, path)).stat.size == 11);
      co_await fs::rename(loop, path, dir + "/b.txt");
      fd = static_cast<int>((co_await fs::open(loop, dir + "/b.txt", ls::fsflag::kRdOnly)).result);
      CHECK((co_await fs::fstat(loop, fd)).stat.size == 11);
      std::string text = (co_await fs::read(loop, fd, 64, 0)).data;
      co_await fs::close(loop, fd);
      std::vector<ls::DirEnt> entries = (co_await fs::scandir(loop, dir)).entries;
      REQUIRE(entries.size() == 1);
      co_await fs::mkdir(loop, dir + "/sub");
      CHECK(((co_await fs::lstat(loop, dir + "/sub")).stat.mode & ls::kModeTypeMask) == ls::kModeDir);
      co_await fs::rmdir(loop, dir + "/sub");
      co_await fs::unlink(loop, dir + "/b.txt");
      co_await fs::rmdir(loop, dir);
      co_return entries[0].name + ":" + text;
    };
    CHECK(ls::coro::run(loop, t()) == "b.txt:hello, loop");
    env.finish();
  });
}

TEST_CASE("fs: a failing call throws its errno at the co_await") {
  iotest::for_each_backend([](iotest::Env& env) {
    ls::Loop& loop = env.l();
    auto t = [&]() -> task<int> {
      try {
        co_await fs::open(loop, env.tmp + "/no/such/file", ls::fsflag::kRdOnly);
      } catch (const ls::coro::error& e) {
        co_return e.code();
      }
      co_return 0;
    };
    CHECK(ls::coro::run(loop, t()) == -ENOENT);
    env.finish();
  });
}

}  // TEST_SUITE
