// Emulated kernel, inotify (watch.h): which events the in-memory file system reports, to a directory watch (with
// the entry's name) and to a file watch (without), in Linux's order; merging of an event equal to the last unread
// one; a deleted inode's watch ends with IN_IGNORED; readiness through a readiness set; errors.
#include <string>
#include <vector>

#include "core/emu/watch.h"
#include "emu_test_util.h"

using namespace emu_test;

namespace {

// "wd:mask:name" per event, read now.
std::vector<std::string> drain(Kernel& k, int fd) {
  std::vector<ls::emu::WatchEvent> events;
  std::vector<std::string> out;
  if (k.inotify_read(fd, events) < 0) return out;
  for (const auto& e : events) out.push_back(std::to_string(e.wd) + ":" + std::to_string(e.mask) + ":" + e.name);
  return out;
}

std::string ev(int wd, uint32_t mask, const std::string& name = "") {
  return std::to_string(wd) + ":" + std::to_string(mask) + ":" + name;
}

constexpr uint32_t kAll = kInModify | kInAttrib | kInMovedFrom | kInMovedTo | kInCreate | kInDelete |
                          kInDeleteSelf | kInMoveSelf;

}  // namespace

TEST_SUITE("emu") {

TEST_CASE("emu inotify: a directory's entries and a file's own changes, in Linux's order") {
  Kernel k;
  REQUIRE(k.mkdir("/tmp/w", 0755) == 0);
  int in = k.inotify_init();
  REQUIRE(in >= 3);
  int dw = k.inotify_add_watch(in, "/tmp/w", kAll);
  REQUIRE(dw == 1);
  std::vector<ls::emu::WatchEvent> none;
  CHECK(k.inotify_read(in, none) == -EAGAIN);  // nothing yet

  int fd = k.open("/tmp/w/a", kOCreat | kOWrOnly, 0644);
  REQUIRE(fd >= 0);
  CHECK(drain(k, in) == std::vector<std::string>{ev(dw, kInCreate, "a")});
  REQUIRE(k.write(fd, "x", 1) == 1);
  REQUIRE(k.write(fd, "y", 1) == 1);  // equal to the last unread event: merged into it
  CHECK(drain(k, in) == std::vector<std::string>{ev(dw, kInModify, "a")});
  int fw = k.inotify_add_watch(in, "/tmp/w/a", kAll);
  CHECK(fw == 2);
  CHECK(k.inotify_add_watch(in, "/tmp/w/./a", kAll) == fw);  // the same inode: the same watch
  REQUIRE(k.write(fd, "z", 1) == 1);
  REQUIRE(k.write(fd, "z", 1) == 1);  // the last unread event is the file's own: nothing merges
  CHECK(drain(k, in) == std::vector<std::string>{ev(dw, kInModify, "a"), ev(fw, kInModify), ev(dw, kInModify, "a"),
                                                 ev(fw, kInModify)});
  REQUIRE(k.close(fd) == 0);

  REQUIRE(k.rename("/tmp/w/a", "/tmp/w/b") == 0);
  CHECK(drain(k, in) ==
        std::vector<std::string>{ev(dw, kInMovedFrom, "a"), ev(dw, kInMovedTo, "b"), ev(fw, kInMoveSelf)});

  REQUIRE(k.mkdir("/tmp/w/sub", 0755) == 0);
  REQUIRE(k.rmdir("/tmp/w/sub") == 0);
  CHECK(drain(k, in) ==
        std::vector<std::string>{ev(dw, kInCreate | kInIsDir, "sub"), ev(dw, kInDelete | kInIsDir, "sub")});

  REQUIRE(k.unlink("/tmp/w/b") == 0);  // the link count, the inode's end, its watch's end, then the entry
  CHECK(drain(k, in) == std::vector<std::string>{ev(fw, kInAttrib), ev(fw, kInDeleteSelf), ev(fw, kInIgnored),
                                                 ev(dw, kInDelete, "b")});
  CHECK(k.inotify_rm_watch(in, fw) == -EINVAL);  // the kernel ended it already
  CHECK(k.inotify_rm_watch(in, dw) == 0);
  CHECK(drain(k, in) == std::vector<std::string>{ev(dw, kInIgnored)});
  REQUIRE(k.open("/tmp/w/c", kOCreat | kOWrOnly, 0644) >= 0);
  CHECK(drain(k, in).empty());  // no watch left
  CHECK(k.close(in) == 0);
}

TEST_CASE("emu inotify: a rename over a watched file ends that file's watch; a watched directory's own events") {
  Kernel k;
  REQUIRE(k.mkdir("/tmp/d", 0755) == 0);
  for (const char* p : {"/tmp/d/x", "/tmp/d/y"}) REQUIRE(k.close(k.open(p, kOCreat | kOWrOnly, 0644)) == 0);
  int in = k.inotify_init();
  int yw = k.inotify_add_watch(in, "/tmp/d/y", kAll);
  int dw = k.inotify_add_watch(in, "/tmp/d", kAll);
  REQUIRE(k.rename("/tmp/d/x", "/tmp/d/y") == 0);
  CHECK(drain(k, in) == std::vector<std::string>{ev(dw, kInMovedFrom, "x"), ev(dw, kInMovedTo, "y"),
                                                 ev(yw, kInAttrib), ev(yw, kInDeleteSelf), ev(yw, kInIgnored)});
  int tw = k.inotify_add_watch(in, "/tmp", kAll);
  REQUIRE(k.rmdir("/tmp/d") == -ENOTEMPTY);
  REQUIRE(k.unlink("/tmp/d/y") == 0);
  drain(k, in);
  REQUIRE(k.rmdir("/tmp/d") == 0);
  CHECK(drain(k, in) == std::vector<std::string>{ev(dw, kInDeleteSelf | kInIsDir), ev(dw, kInIgnored),
                                                 ev(tw, kInDelete | kInIsDir, "d")});
}

TEST_CASE("emu inotify: readable in a readiness set while events are queued; errors") {
  Kernel k;
  int in = k.inotify_init();
  int ep = k.epoll_create();
  REQUIRE(k.epoll_ctl(ep, kEpollCtlAdd, in, kEpollIn, 7) == 0);
  EpollEvent out[4];
  CHECK(k.epoll_wait(ep, out, 4) == 0);
  REQUIRE(k.inotify_add_watch(in, "/tmp", kAll) == 1);
  REQUIRE(k.mkdir("/tmp/n", 0700) == 0);
  REQUIRE(k.epoll_wait(ep, out, 4) == 1);
  CHECK(out[0].data == 7);
  CHECK(drain(k, in).size() == 1);
  CHECK(k.epoll_wait(ep, out, 4) == 0);

  CHECK(k.inotify_add_watch(in, "/tmp/missing", kAll) == -ENOENT);
  CHECK(k.inotify_add_watch(in, "/tmp", 0) == -EINVAL);
  CHECK(k.inotify_add_watch(ep, "/tmp", kAll) == -EINVAL);  // not an inotify fd
  CHECK(k.inotify_add_watch(99, "/tmp", kAll) == -EBADF);
  CHECK(k.inotify_rm_watch(in, 42) == -EINVAL);
}

}
