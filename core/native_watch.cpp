// NativeSys: file-system change events through inotify (what libuv's linux-inotify.c uses). The fswatch bits are
// inotify's own values, so masks pass through unchanged.
#ifndef __EMSCRIPTEN__

#include <cerrno>
#include <cstring>

#include <sys/inotify.h>
#include <unistd.h>

#include "native_sys.h"

namespace ls {

static_assert(fswatch::kModify == IN_MODIFY && fswatch::kAttrib == IN_ATTRIB && fswatch::kMovedFrom == IN_MOVED_FROM &&
              fswatch::kMovedTo == IN_MOVED_TO && fswatch::kCreate == IN_CREATE && fswatch::kDelete == IN_DELETE &&
              fswatch::kDeleteSelf == IN_DELETE_SELF && fswatch::kMoveSelf == IN_MOVE_SELF &&
              fswatch::kIgnored == IN_IGNORED && fswatch::kIsDir == IN_ISDIR);

int NativeSys::watch_open() {
  int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  return fd < 0 ? -errno : fd;
}

int NativeSys::watch_add(int fd, const std::string& path, uint32_t mask) {
  int wd = ::inotify_add_watch(fd, path.c_str(), mask);
  return wd < 0 ? -errno : wd;
}

int NativeSys::watch_remove(int fd, int wd) { return ::inotify_rm_watch(fd, wd) == 0 ? 0 : -errno; }

int NativeSys::watch_read(int fd, std::vector<FsWatchEvent>& out) {
  // Large enough for one event with the longest name (NAME_MAX), as inotify(7) asks.
  alignas(inotify_event) char buf[4096];
  int count = 0;
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return count > 0 ? count : -errno;
    if (n == 0) return count;
    for (char* p = buf; p < buf + n;) {
      inotify_event ev;
      std::memcpy(&ev, p, sizeof ev);
      FsWatchEvent e;
      e.wd = ev.wd;
      e.mask = ev.mask;
      if (ev.len > 0) e.name.assign(p + sizeof ev, strnlen(p + sizeof ev, ev.len));
      out.push_back(std::move(e));
      ++count;
      p += sizeof ev + ev.len;
    }
  }
}

}  // namespace ls

#endif
