// fs requests on both backends (host files natively, the in-memory fs emulated): the sync form (no callback,
// result at once), the async form (callback in the poll phase after a worker ran it), errors, scandir.
#include <vector>

#include "io_support.h"

using iotest::Env;

namespace {
constexpr int kWriteFlags = ls::fsflag::kWrOnly | ls::fsflag::kCreat | ls::fsflag::kTrunc;
}

TEST_SUITE("pool") {

TEST_CASE("fs: sync round trip, errors and scandir") {
  iotest::for_each_backend([](Env& env) {
    ls::Loop& loop = env.l();
    ls::FsResult dir = ls::fs_mkdtemp(loop, env.tmp + "/fsXXXXXX");
    REQUIRE(dir.result == 0);
    const std::string base = dir.data;
    CHECK(base.size() == env.tmp.size() + 9);
    CHECK(base.find("XXXXXX") == std::string::npos);

    ls::FsResult fd = ls::fs_open(loop, base + "/a.txt", kWriteFlags, 0644);
    REQUIRE(fd.result >= 0);
    CHECK(ls::fs_write(loop, static_cast<int>(fd.result), "hello, ").result == 7);
    CHECK(ls::fs_write(loop, static_cast<int>(fd.result), "files").result == 5);
    ls::FsResult st = ls::fs_fstat(loop, static_cast<int>(fd.result));
    CHECK(st.result == 0);
    CHECK(st.stat.size == 12);
    CHECK((st.stat.mode & ls::kModeTypeMask) == ls::kModeFile);
    CHECK(ls::fs_close(loop, static_cast<int>(fd.result)).result == 0);

    fd = ls::fs_open(loop, base + "/a.txt", ls::fsflag::kRdOnly);
    REQUIRE(fd.result >= 0);
    ls::FsResult rd = ls::fs_read(loop, static_cast<int>(fd.result), 100);
    CHECK(rd.result == 12);
    CHECK(rd.data == "hello, files");
    rd = ls::fs_read(loop, static_cast<int>(fd.result), 5, 7);  // at an offset
    CHECK(rd.data == "files");
    rd = ls::fs_read(loop, static_cast<int>(fd.result), 100);  // the position is at the end: EOF
    CHECK(rd.result == 0);
    CHECK(rd.data.empty());
    CHECK(ls::fs_close(loop, static_cast<int>(fd.result)).result == 0);
    CHECK(ls::fs_close(loop, static_cast<int>(fd.result)).result == -EBADF);

    CHECK(ls::fs_mkdir(loop, base + "/sub", 0755).result == 0);
    CHECK(ls::fs_mkdir(loop, base + "/sub").result == -EEXIST);
    CHECK(ls::fs_rename(loop, base + "/a.txt", base + "/sub/b.txt").result == 0);
    CHECK(ls::fs_stat(loop, base + "/a.txt").result == -ENOENT);
    st = ls::fs_lstat(loop, base + "/sub/b.txt");
    CHECK(st.result == 0);
    CHECK(st.stat.size == 12);
    st = ls::fs_stat(loop, base + "/sub");
    CHECK((st.stat.mode & ls::kModeTypeMask) == ls::kModeDir);
    CHECK(ls::fs_open(loop, base + "/sub/b.txt", kWriteFlags | ls::fsflag::kExcl).result == -EEXIST);
    CHECK(ls::fs_open(loop, base + "/missing", ls::fsflag::kRdOnly).result == -ENOENT);

    fd = ls::fs_open(loop, base + "/c.txt", kWriteFlags);
    REQUIRE(fd.result >= 0);
    CHECK(ls::fs_close(loop, static_cast<int>(fd.result)).result == 0);
    ls::FsResult list = ls::fs_scandir(loop, base);
    CHECK(list.result == 0);
    REQUIRE(list.entries.size() == 2);
    CHECK(list.entries[0].name == "c.txt");
    CHECK(list.entries[0].type == ls::DirentType::File);
    CHECK(list.entries[1].name == "sub");
    CHECK(list.entries[1].type == ls::DirentType::Dir);
    CHECK(ls::fs_scandir(loop, base + "/c.txt").result == -ENOTDIR);

    CHECK(ls::fs_rmdir(loop, base + "/sub").result == -ENOTEMPTY);
    CHECK(ls::fs_unlink(loop, base + "/sub/b.txt").result == 0);
    CHECK(ls::fs_unlink(loop, base + "/sub/b.txt").result == -ENOENT);
    CHECK(ls::fs_rmdir(loop, base + "/sub").result == 0);
    CHECK(ls::fs_unlink(loop, base + "/c.txt").result == 0);
    CHECK(ls::fs_rmdir(loop, base).result == 0);
    CHECK(loop.active_requests() == 0);  // the sync form never makes a request
    env.finish();
  });
}

TEST_CASE("fs: async round trip; callbacks in the poll phase; errors through the callback") {
  iotest::for_each_backend([](Env& env) {
    ls::Loop& loop = env.l();
    std::vector<std::string> steps;
    std::string base;
    int fd = -1;
    bool all_in_poll = true;
    auto step = [&](const char* name, ls::FsResult& r) {
      steps.push_back(std::string(name) + " " + (r.result < 0 ? ls::err_name(static_cast<int>(r.result)) : "ok"));
      if (loop.phase() != ls::Phase::Poll) all_in_poll = false;
    };
    ls::FsResult sub = ls::fs_mkdtemp(loop, env.tmp + "/asyncXXXXXX", [&](ls::FsResult& r) {
      step("mkdtemp", r);
      REQUIRE(r.result == 0);
      base = r.data;
      ls::fs_open(loop, base + "/f", kWriteFlags, 0600, [&](ls::FsResult& o) {
        step("open", o);
        REQUIRE(o.result >= 0);
        fd = static_cast<int>(o.result);
        ls::fs_write(loop, fd, "async bytes", -1, [&](ls::FsResult& w) {
          step("write", w);
          CHECK(w.result == 11);
          ls::fs_close(loop, fd, [&](ls::FsResult& c) {
            step("close", c);
            ls::fs_stat(loop, base + "/f", [&](ls::FsResult& s) {
              step("stat", s);
              CHECK(s.stat.size == 11);
              ls::fs_open(loop, base + "/f", ls::fsflag::kRdOnly, 0, [&](ls::FsResult& o2) {
                step("open", o2);
                fd = static_cast<int>(o2.result);
                ls::fs_read(loop, fd, 64, 0, [&](ls::FsResult& rd) {
                  step("read", rd);
                  CHECK(rd.data == "async bytes");
                  ls::fs_close(loop, fd, [&](ls::FsResult& c2) {
                    step("close", c2);
                    ls::fs_scandir(loop, base, [&](ls::FsResult& sd) {
                      step("scandir", sd);
                      REQUIRE(sd.entries.size() == 1);
                      CHECK(sd.entries[0].name == "f");
                      ls::fs_unlink(loop, base + "/f", [&](ls::FsResult& u) {
                        step("unlink", u);
                        ls::fs_rmdir(loop, base, [&](ls::FsResult& rm) { step("rmdir", rm); });
                      });
                    });
                  });
                });
              });
            });
          });
        });
      });
    });
    CHECK(sub.result == 0);  // queued
    CHECK(sub.req > 0);
    ls::FsResult missing = ls::fs_open(loop, env.tmp + "/does-not-exist", ls::fsflag::kRdOnly, 0,
                                       [&](ls::FsResult& r) { step("open-missing", r); });
    CHECK(missing.req > sub.req);
    CHECK(loop.active_requests() == 2);  // queued requests keep the loop alive
    CHECK(env.run() == 0);
    const std::vector<std::string> expected = {"open-missing ENOENT", "mkdtemp ok", "open ok", "write ok",
                                               "close ok", "stat ok", "open ok", "read ok", "close ok",
                                               "scandir ok", "unlink ok", "rmdir ok"};
    // The two first requests race on real threads: compare the chain, then where the error landed.
    std::vector<std::string> chain;
    for (const std::string& s : steps)
      if (s != "open-missing ENOENT") chain.push_back(s);
    CHECK(chain == std::vector<std::string>(expected.begin() + 1, expected.end()));
    CHECK(steps.size() == expected.size());
    CHECK(all_in_poll);
    env.finish();
  });
}

}  // TEST_SUITE
