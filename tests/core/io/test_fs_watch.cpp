// FsEvent and FsPoll on both backends (inotify on host files natively, the in-memory file system's changes
// emulated): what each reports, in which order, to which handles; errors; stop and restart; the internal timer of
// fs_poll not keeping the loop alive; inspection. The luv-level behaviour is peer-checked against Debian's luv in
// tests/lua/peer/fs_event.lua and fs_poll.lua.
#include <string>
#include <vector>

#include "core/fs_event.h"
#include "core/fs_poll.h"
#include "io_support.h"

using iotest::Env;

namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& v) {
    std::string s = "{";
    for (const std::string& e : v) s += "\"" + e + "\" ";
    return (s + "}").c_str();
  }
};
}  // namespace doctest

namespace {

constexpr int kWriteFlags = ls::fsflag::kWrOnly | ls::fsflag::kCreat | ls::fsflag::kTrunc;

std::string describe(const std::string& tag, const std::string& name, int events) {
  std::string s = tag + " " + name;
  if (events & ls::FsEvent::RENAME) s += " rename";
  if (events & ls::FsEvent::CHANGE) s += " change";
  return s;
}

// A file of one test under env.tmp, named for the backend too so that the two backends' runs never share it.
std::string test_file(Env& env, const char* stem) { return env.tmp + "/" + stem + "-" + env.name; }

// Creates path empty (truncates it if it exists).
void touch(ls::Loop& loop, const std::string& path) {
  ls::fs_close(loop, static_cast<int>(ls::fs_open(loop, path, kWriteFlags).result));
}

ls::FsResult utime(ls::Loop& loop, const std::string& path, double atime, double mtime) {
  ls::FsOp op(ls::FsType::Utime);
  op.path = path;
  op.atime = atime;
  op.mtime = mtime;
  return ls::fs_request(loop, std::move(op));
}

ls::FsResult chmod(ls::Loop& loop, const std::string& path, int mode) {
  ls::FsOp op(ls::FsType::Chmod);
  op.path = path;
  op.mode = mode;
  return ls::fs_request(loop, std::move(op));
}

// Runs `op` from a timer, then the loop until the events it caused were delivered (the handles stay active:
// the timer's second shot ends the run by stopping the loop).
void after_op(Env& env, const std::function<void()>& op) {
  auto* t = env.make<ls::Timer>();
  int shots = 0;
  t->start(
      [&](ls::Timer& self) {
        if (shots++ == 0) {
          op();
        } else {
          self.close();
          env.l().stop();
        }
      },
      5, 30);
  env.run();
}

}  // namespace

TEST_SUITE("fswatch") {

TEST_CASE("fs_event: a directory's entries and a file's own changes, two handles on one watch") {
  iotest::for_each_backend([](Env& env) {
    ls::Loop& loop = env.l();
    ls::FsResult dir = ls::fs_mkdtemp(loop, env.tmp + "/fsevXXXXXX");
    REQUIRE(dir.result == 0);
    const std::string base = dir.data;
    std::vector<std::string> seen;
    auto* dirw = env.make<ls::FsEvent>();
    auto record = [&seen](const char* tag) {
      return [&seen, tag](ls::FsEvent&, const std::string& name, int events, int status) {
        CHECK(status == 0);
        seen.push_back(describe(tag, name, events));
      };
    };
    REQUIRE(dirw->start(record("dir"), base) == 0);
    CHECK(dirw->start(record("dir"), base) == -EINVAL);  // already active
    std::string path;
    REQUIRE(dirw->path(path) == 0);
    CHECK(path == base);

    after_op(env, [&] { touch(loop, base + "/a"); });
    CHECK(seen == std::vector<std::string>{"dir a rename"});

    auto* one = env.make<ls::FsEvent>();
    auto* two = env.make<ls::FsEvent>();
    REQUIRE(one->start(record("one"), base + "/a") == 0);
    REQUIRE(two->start(record("two"), base + "/a") == 0);
    seen.clear();
    after_op(env, [&] {
      int fd = static_cast<int>(ls::fs_open(loop, base + "/a", ls::fsflag::kWrOnly).result);
      ls::fs_write(loop, fd, "12");
      ls::fs_write(loop, fd, "34");  // the last unread event is the file's own: nothing merges
      ls::fs_close(loop, fd);
    });
    CHECK(seen == std::vector<std::string>{"dir a change", "one a change", "two a change", "dir a change",
                                           "one a change", "two a change"});

    seen.clear();
    two->stop();
    after_op(env, [&] { REQUIRE(ls::fs_rename(loop, base + "/a", base + "/b").result == 0); });
    CHECK(seen == std::vector<std::string>{"dir a rename", "dir b rename", "one a rename"});

    seen.clear();
    after_op(env, [&] { REQUIRE(ls::fs_unlink(loop, base + "/b").result == 0); });
    CHECK(seen ==
          std::vector<std::string>{"one a change", "one a rename", "one a rename", "dir b rename"});

    seen.clear();
    after_op(env, [&] {
      REQUIRE(ls::fs_mkdir(loop, base + "/sub").result == 0);
      REQUIRE(ls::fs_rmdir(loop, base + "/sub").result == 0);
    });
    CHECK(seen == std::vector<std::string>{"dir sub rename", "dir sub rename"});

    auto* missing = env.make<ls::FsEvent>();
    CHECK(missing->start(record("missing"), base + "/nope") == -ENOENT);
    CHECK_FALSE(missing->is_active());
    CHECK(missing->path(path) == -EINVAL);
    for (ls::FsEvent* h : {dirw, one, two, missing}) h->close();
    env.run();
    CHECK(ls::fs_rmdir(loop, base).result == 0);
    env.finish();
  });
}

TEST_CASE("fs_event: a callback may stop the other handle of its watch, which then is not called") {
  iotest::for_each_backend([](Env& env) {
    ls::Loop& loop = env.l();
    const std::string file = test_file(env, "fsev-stop");
    touch(loop, file);
    auto* first = env.make<ls::FsEvent>();
    auto* second = env.make<ls::FsEvent>();
    int calls_first = 0, calls_second = 0;
    REQUIRE(first->start([&](ls::FsEvent&, const std::string&, int, int) { ++calls_first, second->stop(); }, file) ==
            0);
    REQUIRE(second->start([&](ls::FsEvent&, const std::string&, int, int) { ++calls_second; }, file) == 0);
    after_op(env, [&] { REQUIRE(utime(loop, file, 1, 2).result == 0); });
    CHECK(calls_first == 1);
    CHECK(calls_second == 0);
    // The watch lives on with its first handle; once both stop it ends, and a new start works.
    first->stop();
    REQUIRE(second->start([&](ls::FsEvent&, const std::string&, int, int) { ++calls_second; }, file) == 0);
    after_op(env, [&] { REQUIRE(chmod(loop, file, 0600).result == 0); });
    CHECK(calls_second == 1);
    ls::Snapshot snap = loop.inspect();
    bool described = false;
    for (const ls::HandleInfo& h : snap.handles)
      if (h.id == second->id()) described = h.state == "watching " + file && h.fd >= 0;
    CHECK(described);
    first->close();
    second->close();
    env.run();
    ls::fs_unlink(loop, file);
    env.finish();
  });
}

TEST_CASE("fs_poll: the first stat is the baseline, changes and errors are reported once each") {
  iotest::for_each_backend([](Env& env) {
    ls::Loop& loop = env.l();
    const std::string file = test_file(env, "fspoll");
    ls::fs_unlink(loop, file);
    auto* poll = env.make<ls::FsPoll>();
    std::vector<std::string> seen;
    int step = 0;
    auto write = [&](int flags, const std::string& text) {
      int fd = static_cast<int>(ls::fs_open(loop, file, flags).result);
      ls::fs_write(loop, fd, text);
      ls::fs_close(loop, fd);
    };
    REQUIRE(poll->start(
                [&](ls::FsPoll& p, int status, const ls::FileStat& prev, const ls::FileStat& curr) {
                  seen.push_back(std::to_string(status) + " " + std::to_string(prev.size) + "->" +
                                 std::to_string(curr.size));
                  switch (step++) {
                    case 0: write(kWriteFlags, "abc"); break;                                       // appears
                    case 1: write(ls::fsflag::kWrOnly | ls::fsflag::kAppend, "defg"); break;  // grows
                    case 2: ls::fs_unlink(loop, file); break;                                       // goes
                    default: p.close(); break;
                  }
                },
                file, 10) == 0);
    CHECK(poll->start([](ls::FsPoll&, int, const ls::FileStat&, const ls::FileStat&) {}, file, 10) == 0);
    std::string path;
    CHECK(poll->path(path) == 0);
    CHECK(path == file);
    env.run();  // ends on its own: the closed handle's timer is closed too, and it is unreferenced anyway
    const std::string enoent = std::to_string(-ENOENT);  // 2 natively, 44 under Emscripten
    CHECK(seen == std::vector<std::string>{enoent + " 0->0", "0 0->3", "0 3->7", enoent + " 7->0"});
    CHECK(poll->path(path) == -EINVAL);
    env.finish();
  });
}

TEST_CASE("fs_poll: stopped, it calls nothing more, and its timer does not hold the loop") {
  iotest::for_each_backend([](Env& env) {
    ls::Loop& loop = env.l();
    const std::string file = test_file(env, "fspoll-stop");
    touch(loop, file);
    auto* poll = env.make<ls::FsPoll>();
    int calls = 0;
    REQUIRE(poll->start([&](ls::FsPoll&, int, const ls::FileStat&, const ls::FileStat&) { ++calls; }, file, 5) == 0);
    auto* t = env.make<ls::Timer>();
    t->start(
        [&](ls::Timer& self) {
          poll->stop();
          utime(loop, file, 3, 4);  // a change nobody polls for any more
          self.close();
        },
        30, 0);
    env.run();  // returns: nothing active is left (the internal timer was closed by stop)
    CHECK(calls == 0);
    CHECK_FALSE(poll->is_active());
    poll->close();
    env.run();
    ls::fs_unlink(loop, file);
    env.finish();
  });
}

}
