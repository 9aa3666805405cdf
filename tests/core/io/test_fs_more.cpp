// The fs operations after the first thirteen, on both backends: copyfile (its rules are written once, in
// sys_files.cpp, over each backend's calls), mkstemp, realpath, access, modes, times, truncation, statfs and
// directory streams, with their requests in the trace.
#include <algorithm>
#include <functional>
#include <map>
#include <vector>

#include "io_support.h"

using iotest::Env;

namespace {
constexpr int kWriteFlags = ls::fsflag::kWrOnly | ls::fsflag::kCreat | ls::fsflag::kTrunc;

ls::FsResult run(ls::Loop& loop, ls::FsOp op) { return ls::fs_request(loop, std::move(op)); }

ls::FsOp op_on(ls::FsType t, const std::string& path, const std::string& path2 = "") {
  ls::FsOp op{t};
  op.path = path;
  op.path2 = path2;
  return op;
}

void write_file(ls::Loop& loop, const std::string& path, const std::string& bytes, int mode = 0644) {
  ls::FsResult fd = ls::fs_open(loop, path, kWriteFlags, mode);
  REQUIRE(fd.result >= 0);
  CHECK(ls::fs_write(loop, static_cast<int>(fd.result), bytes).result == static_cast<int64_t>(bytes.size()));
  ls::fs_close(loop, static_cast<int>(fd.result));
}

std::string read_file(ls::Loop& loop, const std::string& path) {
  ls::FsResult fd = ls::fs_open(loop, path, ls::fsflag::kRdOnly);
  if (fd.result < 0) return "<" + std::string(ls::err_name(static_cast<int>(fd.result))) + ">";
  std::string bytes = ls::fs_read(loop, static_cast<int>(fd.result), 1 << 20, 0).data;
  ls::fs_close(loop, static_cast<int>(fd.result));
  return bytes;
}
}  // namespace

TEST_SUITE("pool") {

TEST_CASE("fs: copyfile copies bytes and mode, keeps a file copied onto itself, cleans up what it created") {
  iotest::for_each_backend([](Env& env) {
    ls::Loop& loop = env.l();
    const std::string base = ls::fs_mkdtemp(loop, env.tmp + "/cpXXXXXX").data;
    std::string big(200 * 1024, 'x');  // more than one 64 KiB chunk
    big[123456] = 'y';
    write_file(loop, base + "/src", big, 0640);
    ls::FsOp chmod = op_on(ls::FsType::Chmod, base + "/src");  // the mode open gave went through the umask
    chmod.mode = 0640;
    CHECK(run(loop, chmod).result == 0);

    CHECK(run(loop, op_on(ls::FsType::Copyfile, base + "/src", base + "/dst")).result == 0);
    CHECK(read_file(loop, base + "/dst") == big);
    CHECK((ls::fs_stat(loop, base + "/dst").stat.mode & 0777) == 0640);

    write_file(loop, base + "/dst", "shorter");  // an existing destination is truncated first
    CHECK(run(loop, op_on(ls::FsType::Copyfile, base + "/src", base + "/dst")).result == 0);
    CHECK(read_file(loop, base + "/dst").size() == big.size());

    CHECK(run(loop, op_on(ls::FsType::Copyfile, base + "/src", base + "/src")).result == 0);
    CHECK(read_file(loop, base + "/src") == big);  // not truncated to nothing

    ls::FsOp excl = op_on(ls::FsType::Copyfile, base + "/src", base + "/dst");
    excl.flags = ls::kCopyfileExcl;
    CHECK(run(loop, excl).result == -EEXIST);
    excl.flags = ls::kCopyfileFicloneForce;
    CHECK(run(loop, excl).result == -ENOTSUP);
    CHECK(run(loop, op_on(ls::FsType::Copyfile, base + "/missing", base + "/new")).result == -ENOENT);
    CHECK(ls::fs_stat(loop, base + "/new").result == -ENOENT);
    CHECK(run(loop, op_on(ls::FsType::Copyfile, base + "/src", base)).result == -EISDIR);

    for (const char* f : {"/src", "/dst"}) ls::fs_unlink(loop, base + f);
    CHECK(ls::fs_rmdir(loop, base).result == 0);
    env.finish();
  });
}

TEST_CASE("fs: mkstemp, realpath, access, chmod, utime, ftruncate, statfs") {
  iotest::for_each_backend([](Env& env) {
    ls::Loop& loop = env.l();
    const std::string base = ls::fs_mkdtemp(loop, env.tmp + "/mXXXXXX").data;
    ls::FsResult tmp = run(loop, op_on(ls::FsType::Mkstemp, base + "/tXXXXXX"));
    REQUIRE(tmp.result >= 0);
    CHECK(tmp.data.rfind(base + "/t", 0) == 0);
    CHECK(tmp.data.size() == base.size() + 8);
    CHECK((ls::fs_stat(loop, tmp.data).stat.mode & 0777) == 0600);
    CHECK(run(loop, op_on(ls::FsType::Mkstemp, base + "/tXXXXX")).result == -EINVAL);

    ls::FsResult real = run(loop, op_on(ls::FsType::Realpath, base + "/./..//" + base.substr(base.rfind('/') + 1)));
    CHECK(real.result == 0);
    CHECK(real.data == run(loop, op_on(ls::FsType::Realpath, base)).data);
    CHECK(run(loop, op_on(ls::FsType::Realpath, base + "/nope/..")).result == -ENOENT);

    ls::FsOp access = op_on(ls::FsType::Access, tmp.data);
    access.mode = ls::kAccessRead | ls::kAccessWrite;
    CHECK(run(loop, access).result == 0);
    access.mode = ls::kAccessExec;
    CHECK(run(loop, access).result == -EACCES);  // 0600: not even root may execute it
    ls::FsOp chmod = op_on(ls::FsType::Chmod, tmp.data);
    chmod.mode = 0755;
    CHECK(run(loop, chmod).result == 0);
    CHECK(run(loop, access).result == 0);

    ls::FsOp utime = op_on(ls::FsType::Utime, tmp.data);
    utime.atime = 12.5;
    utime.mtime = 99.000001;
    CHECK(run(loop, utime).result == 0);
    ls::FileStat st = ls::fs_stat(loop, tmp.data).stat;
    CHECK(st.atime.sec == 12);
    CHECK(st.atime.nsec == 500000000);
    CHECK(st.mtime.sec == 99);
    CHECK(st.mtime.nsec == 999);  // libuv truncates the fraction's nanoseconds (0.000001 is 0.00000099999...)

    int fd = static_cast<int>(tmp.result);
    ls::fs_write(loop, fd, "0123456789");
    ls::FsOp trunc{ls::FsType::Ftruncate};
    trunc.fd = fd;
    trunc.offset = 3;
    CHECK(run(loop, trunc).result == 0);
    CHECK(ls::fs_fstat(loop, fd).stat.size == 3);
    ls::FsOp sync{ls::FsType::Fsync};
    sync.fd = fd;
    CHECK(run(loop, sync).result == 0);
    ls::fs_close(loop, fd);
    CHECK(run(loop, sync).result == -EBADF);

    ls::FsResult fs = run(loop, op_on(ls::FsType::Statfs, base));
    CHECK(fs.result == 0);
    CHECK(fs.statfs.bsize > 0);
    CHECK(fs.statfs.bavail > 0);
    CHECK(fs.statfs.bfree >= fs.statfs.bavail);
    CHECK(run(loop, op_on(ls::FsType::Statfs, base + "/missing")).result == -ENOENT);

    ls::fs_unlink(loop, tmp.data);
    CHECK(ls::fs_rmdir(loop, base).result == 0);
    env.finish();
  });
}

TEST_CASE("fs: a directory stream read in batches on the pool; opendir/readdir/closedir are traced") {
  iotest::EnvOptions o;
  o.trace = 4096;
  iotest::for_each_backend(
      [](Env& env) {
        ls::Loop& loop = env.l();
        const std::string base = ls::fs_mkdtemp(loop, env.tmp + "/dXXXXXX").data;
        for (const char* f : {"/a", "/b", "/c", "/d", "/e"}) write_file(loop, base + f, "");
        std::vector<size_t> batches;
        std::vector<std::string> names;
        std::shared_ptr<ls::DirStream> dir;
        std::function<void(ls::FsResult&)> on_read = [&](ls::FsResult& r) {
          REQUIRE(r.result >= 0);
          if (r.entries.empty()) {
            ls::FsOp close{ls::FsType::Closedir};
            close.dir = dir;
            ls::fs_request(loop, close, [&](ls::FsResult& c) { CHECK(c.result == 0); });
            return;
          }
          batches.push_back(r.entries.size());
          for (const ls::DirEnt& e : r.entries) {
            names.push_back(e.name);
            CHECK(e.type == ls::DirentType::File);
          }
          ls::FsOp read{ls::FsType::Readdir};
          read.dir = dir;
          read.size = 2;
          ls::fs_request(loop, read, on_read);
        };
        ls::fs_request(loop, op_on(ls::FsType::Opendir, base), [&](ls::FsResult& r) {
          REQUIRE(r.result == 0);
          dir = r.dir;
          ls::FsOp read{ls::FsType::Readdir};
          read.dir = dir;
          read.size = 2;
          ls::fs_request(loop, read, on_read);
        });
        CHECK(env.run() == 0);
        CHECK(batches == std::vector<size_t>{2, 2, 1});
        std::sort(names.begin(), names.end());
        CHECK(names == std::vector<std::string>{"a", "b", "c", "d", "e"});
        std::vector<ls::DirEnt> after;
        CHECK(dir->read(2, after) == -EBADF);  // closed

        std::map<std::string, int> kinds;
        for (const ls::TraceEvent& ev : loop.trace().events())
          if (ev.kind == ls::TraceKind::RequestComplete) ++kinds[ev.text];
        CHECK(kinds["fs_opendir"] == 1);
        CHECK(kinds["fs_readdir"] == 4);  // three batches and the empty one
        CHECK(kinds["fs_closedir"] == 1);

        for (const char* f : {"/a", "/b", "/c", "/d", "/e"}) ls::fs_unlink(loop, base + f);
        CHECK(ls::fs_rmdir(loop, base).result == 0);
        env.finish();
      },
      o);
}

}  // TEST_SUITE
