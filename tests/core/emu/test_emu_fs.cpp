// Emulated kernel, the in-memory file system: open/read/write/stat round trip, positions and offsets, POSIX
// errors, directories, rename, scandir order, mkdtemp/mkstemp naming, virtual times.
#include <vector>

#include "emu_test_util.h"

using namespace emu_test;

TEST_SUITE("emu") {

TEST_CASE("emu fs: create, write, reopen, read back, stat") {
  Kernel k;
  REQUIRE(k.advance_to(5 * kMs) == 0);
  int fd = k.open("/tmp/hello.txt", kOCreat | kOWrOnly | kOTrunc, 0644);
  REQUIRE(fd == 3);
  REQUIRE(k.write(fd, "hello ", 6) == 6);
  REQUIRE(k.advance_to(7 * kMs) == 0);
  REQUIRE(k.write(fd, "world", 5) == 5);
  char buf[32];
  CHECK(k.read(fd, buf, sizeof buf) == -EBADF);  // write-only
  Stat st;
  REQUIRE(k.fstat(fd, st) == 0);
  CHECK(st.size == 11);
  CHECK(st.mode == (kSIfReg | 0644));
  CHECK(st.birthtime == 5 * kMs);
  CHECK(st.mtime == 7 * kMs);
  CHECK(st.nlink == 1);
  REQUIRE(k.close(fd) == 0);

  fd = k.open("/tmp/hello.txt", kORdOnly);
  REQUIRE(fd == 3);
  CHECK(k.read(fd, buf, 5) == 5);
  CHECK(std::string(buf, 5) == "hello");
  CHECK(k.read(fd, buf, sizeof buf) == 6);
  CHECK(k.read(fd, buf, sizeof buf) == 0);  // EOF
  CHECK(k.pread(fd, buf, 3, 6) == 3);
  CHECK(std::string(buf, 3) == "wor");
  CHECK(k.write(fd, "x", 1) == -EBADF);  // read-only
  CHECK(k.lseek(fd, -5, kSeekEnd) == 6);
  CHECK(k.read(fd, buf, sizeof buf) == 5);
  REQUIRE(k.stat("/tmp/hello.txt", st) == 0);
  CHECK(st.size == 11);
  REQUIRE(k.lstat("/tmp/hello.txt", st) == 0);
  CHECK(k.epoll_ctl(k.epoll_create(), kEpollCtlAdd, fd, kEpollIn, 0) == -EPERM);
  CHECK(k.pread(k.socket(), buf, 1, 0) == -ESPIPE);
}

TEST_CASE("emu fs: O_APPEND, O_TRUNC, O_EXCL, pwrite gaps, ftruncate, the umask") {
  Kernel k;
  int fd = k.open("/tmp/a", kOCreat | kORdWr | kOExcl, 0666);
  REQUIRE(fd >= 0);
  Stat st;
  REQUIRE(k.fstat(fd, st) == 0);
  CHECK((st.mode & 0777) == 0644);  // 0666 & ~022
  CHECK(k.open("/tmp/a", kOCreat | kORdWr | kOExcl) == -EEXIST);
  REQUIRE(k.pwrite(fd, "end", 3, 10) == 3);
  char buf[16];
  REQUIRE(k.pread(fd, buf, 16, 0) == 13);
  CHECK(std::string(buf, 13) == std::string(10, '\0') + "end");
  REQUIRE(k.ftruncate(fd, 4) == 0);
  REQUIRE(k.fstat(fd, st) == 0);
  CHECK(st.size == 4);
  REQUIRE(k.close(fd) == 0);

  int ap = k.open("/tmp/a", kOWrOnly | kOAppend);
  REQUIRE(k.write(ap, "++", 2) == 2);
  REQUIRE(k.stat("/tmp/a", st) == 0);
  CHECK(st.size == 6);
  int tr = k.open("/tmp/a", kOWrOnly | kOTrunc);
  REQUIRE(k.stat("/tmp/a", st) == 0);
  CHECK(st.size == 0);
  CHECK(k.close(ap) == 0);
  CHECK(k.close(tr) == 0);
  CHECK(k.close(tr) == -EBADF);
}

TEST_CASE("emu fs: POSIX errors for paths") {
  Kernel k;
  Stat st;
  CHECK(k.open("/nope/x", kORdOnly) == -ENOENT);
  CHECK(k.open("/tmp/missing", kORdOnly) == -ENOENT);
  CHECK(k.open("", kORdOnly) == -ENOENT);
  int fd = k.open("/tmp/file", kOCreat | kOWrOnly);
  REQUIRE(fd >= 0);
  CHECK(k.open("/tmp/file/x", kOCreat | kOWrOnly) == -ENOTDIR);
  CHECK(k.stat("/tmp/file/", st) == -ENOTDIR);
  CHECK(k.mkdir("/tmp/file/sub") == -ENOTDIR);
  CHECK(k.open("/tmp", kOWrOnly) == -EISDIR);
  CHECK(k.open("/tmp/new/", kOCreat | kOWrOnly) == -EISDIR);  // Linux: O_CREAT with a trailing slash
  CHECK(k.open("/tmp/file", kORdOnly | kODirectory) == -ENOTDIR);
  int dfd = k.open("/tmp", kORdOnly);
  REQUIRE(dfd >= 0);
  char c;
  CHECK(k.read(dfd, &c, 1) == -EISDIR);
  CHECK(k.unlink("/tmp") == -EISDIR);
  CHECK(k.unlink("/tmp/missing") == -ENOENT);
  CHECK(k.rmdir("/tmp/file") == -ENOTDIR);
  CHECK(k.mkdir("/tmp") == -EEXIST);
  CHECK(k.mkdir("/tmp/file") == -EEXIST);
  CHECK(k.rmdir("/") == -EBUSY);
  CHECK(k.rmdir("/tmp/.") == -EINVAL);
  CHECK(k.stat(std::string(300, 'a'), st) == -ENAMETOOLONG);
  CHECK(k.stat("tmp/../tmp/./file", st) == 0);  // relative paths start at "/"
}

TEST_CASE("emu fs: directories, rmdir ENOTEMPTY, scandir sorted with types") {
  Kernel k;
  REQUIRE(k.mkdir("/tmp/d", 0755) == 0);
  for (const char* name : {"/tmp/d/b", "/tmp/d/a", "/tmp/d/C"}) {
    int fd = k.open(name, kOCreat | kOWrOnly);
    REQUIRE(fd >= 0);
    k.close(fd);
  }
  REQUIRE(k.mkdir("/tmp/d/sub") == 0);
  std::vector<DirEntry> ents;
  REQUIRE(k.scandir("/tmp/d", ents) == 0);
  REQUIRE(ents.size() == 4);
  CHECK(ents[0].name == "C");  // byte order, as libuv's strcmp sort
  CHECK(ents[1].name == "a");
  CHECK(ents[2].name == "b");
  CHECK(ents[3].name == "sub");
  CHECK(ents[0].type == DirentType::File);
  CHECK(ents[3].type == DirentType::Dir);
  CHECK(k.scandir("/tmp/d/a", ents) == -ENOTDIR);
  CHECK(k.scandir("/tmp/zz", ents) == -ENOENT);

  Stat st;
  REQUIRE(k.stat("/tmp/d", st) == 0);
  CHECK((st.mode & kSIfMt) == kSIfDir);
  CHECK(st.nlink == 3);  // ".", its entry in /tmp, "sub/.."
  CHECK(k.rmdir("/tmp/d") == -ENOTEMPTY);
  for (const char* name : {"/tmp/d/a", "/tmp/d/b", "/tmp/d/C"}) REQUIRE(k.unlink(name) == 0);
  REQUIRE(k.rmdir("/tmp/d/sub") == 0);
  REQUIRE(k.rmdir("/tmp/d") == 0);
  CHECK(k.stat("/tmp/d", st) == -ENOENT);
}

TEST_CASE("emu fs: rename files and directories") {
  Kernel k;
  auto make = [&](const char* path, const char* text) {
    int fd = k.open(path, kOCreat | kOWrOnly | kOTrunc);
    REQUIRE(fd >= 0);
    REQUIRE(k.write(fd, text, std::char_traits<char>::length(text)) >= 0);
    k.close(fd);
  };
  make("/tmp/x", "xxx");
  make("/tmp/y", "y");
  REQUIRE(k.rename("/tmp/x", "/tmp/y") == 0);  // replaces
  Stat st;
  CHECK(k.stat("/tmp/x", st) == -ENOENT);
  REQUIRE(k.stat("/tmp/y", st) == 0);
  CHECK(st.size == 3);
  CHECK(k.rename("/tmp/x", "/tmp/z") == -ENOENT);

  REQUIRE(k.mkdir("/tmp/d1") == 0);
  REQUIRE(k.mkdir("/tmp/d1/inner") == 0);
  REQUIRE(k.mkdir("/tmp/d2") == 0);
  make("/tmp/d2/f", "f");
  CHECK(k.rename("/tmp/d1", "/tmp/d1/inner/deeper") == -EINVAL);  // into itself
  CHECK(k.rename("/tmp/d1", "/tmp/d2") == -ENOTEMPTY);
  CHECK(k.rename("/tmp/d1", "/tmp/y") == -ENOTDIR);
  CHECK(k.rename("/tmp/y", "/tmp/d2") == -EISDIR);
  REQUIRE(k.rename("/tmp/d1", "/tmp/d2/moved") == 0);
  REQUIRE(k.stat("/tmp/d2/moved/inner", st) == 0);
  REQUIRE(k.stat("/tmp/d2/moved/inner/../../f", st) == 0);  // ".." follows the move
  REQUIRE(k.rename("/tmp/y", "/tmp/y") == 0);
}

TEST_CASE("emu fs: mkdtemp and mkstemp names are deterministic") {
  Kernel k;
  std::string a = "/tmp/testXXXXXX", b = "/tmp/testXXXXXX", bad = "/tmp/nox";
  REQUIRE(k.mkdtemp(a) == 0);
  CHECK(a == "/tmp/testaaaaab");
  REQUIRE(k.mkdtemp(b) == 0);
  CHECK(b == "/tmp/testaaaaac");
  CHECK(k.mkdtemp(bad) == -EINVAL);
  Stat st;
  REQUIRE(k.stat(a, st) == 0);
  CHECK(st.mode == (kSIfDir | 0700));
  // A name already taken is skipped.
  REQUIRE(k.mkdir("/tmp/testaaaaae") == 0);
  std::string c = "/tmp/testXXXXXX";
  int fd = k.mkstemp(c);
  REQUIRE(fd >= 0);
  CHECK(c == "/tmp/testaaaaad");
  std::string d = "/tmp/testXXXXXX";
  REQUIRE(k.mkdtemp(d) == 0);
  CHECK(d == "/tmp/testaaaaaf");
  std::string e = "/missing/XXXXXX";
  CHECK(k.mkdtemp(e) == -ENOENT);
}

TEST_CASE("emu fs: an unlinked file stays readable through its open fd") {
  Kernel k;
  int fd = k.open("/tmp/gone", kOCreat | kORdWr);
  REQUIRE(k.write(fd, "still here", 10) == 10);
  REQUIRE(k.unlink("/tmp/gone") == 0);
  Stat st;
  CHECK(k.stat("/tmp/gone", st) == -ENOENT);
  REQUIRE(k.fstat(fd, st) == 0);
  CHECK(st.nlink == 0);
  char buf[16];
  CHECK(k.pread(fd, buf, sizeof buf, 0) == 10);
}

}  // TEST_SUITE
