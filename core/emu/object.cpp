// See object.h.
#include "object.h"

#include "byte_queue.h"
#include "kernel.h"

namespace ls::emu {

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::Stdio: return "stdio";
    case Kind::Socket: return "tcp";
    case Kind::Pipe: return "pipe";
    case Kind::Unix: return "unix";
    case Kind::File: return "file";
    case Kind::Epoll: return "epoll";
    case Kind::EventFd: return "eventfd";
    case Kind::Udp: return "udp";
    case Kind::Inotify: return "inotify";
  }
  return "?";
}

void Object::fstat(Stat& st) const {
  st = Stat{};
  st.dev = 1;
  st.nlink = 1;
  st.blksize = 4096;
  switch (kind_) {
    case Kind::Socket:
    case Kind::Udp:
    case Kind::Unix: st.mode = kSIfSock | 0777; break;
    case Kind::Pipe: st.mode = kSIfIfo | 0600; break;
    case Kind::Stdio: st.mode = kSIfChr | 0620; break;
    default: st.mode = 0600; break;  // anonymous inodes (epoll, eventfd) have no type bits on Linux either
  }
}

void Object::notify(std::uint32_t mask) const {
  if (fd_ >= 0) {
    k_.notify(fd_, gen_, mask);
  } else if (outside_) {
    outside_();
  }
}

std::int64_t Stdio::writev(const IoVec* iov, int iovcnt) {
  for (int i = 0; i < iovcnt; ++i) k_.console_write(fd(), {static_cast<const char*>(iov[i].base), iov[i].len});
  return static_cast<std::int64_t>(iov_total(iov, iovcnt));
}

void Stdio::fstat(Stat& st) const {
  Object::fstat(st);
  st.ino = static_cast<std::uint64_t>(fd());
}

void Stdio::describe(FdView& v) const { v.state = fd() == 0 ? "stdin" : fd() == 1 ? "stdout" : "stderr"; }

}  // namespace ls::emu
