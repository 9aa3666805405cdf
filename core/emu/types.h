// Vocabulary of the emulated kernel (core/emu/): the constants a syscall layer needs (readiness bits, epoll_ctl
// ops, shutdown modes, address families, open flags, file type bits), the small structs passed through its API
// (IoVec, Stat, DirEntry) and name helpers for inspection dumps.
//
// Why our own constants: the kernel must compile identically with g++ and em++ and never include an OS header.
// Names carry a `k` prefix because the POSIX spellings (O_RDONLY, EPOLLIN, SHUT_WR) are macros in <fcntl.h>,
// <sys/epoll.h> and <sys/socket.h>; a translation unit that includes both would not compile. The values equal
// Linux's, so the epoll backend and the emulated backend can share one mask without translation.
// Error codes are the platform's <cerrno> values, returned negated (-EAGAIN), as libuv does.
// Tests: every test in tests/core/emu/; errno_name/events_name through the dumps in test_emu_determinism.cpp
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ls::emu {

using Nanos = std::uint64_t;  // virtual time, nanoseconds since the kernel was created

// Readiness bits (epoll_event.events).
inline constexpr std::uint32_t kEpollIn = 0x001;
inline constexpr std::uint32_t kEpollPri = 0x002;
inline constexpr std::uint32_t kEpollOut = 0x004;
inline constexpr std::uint32_t kEpollErr = 0x008;
inline constexpr std::uint32_t kEpollHup = 0x010;
inline constexpr std::uint32_t kEpollRdHup = 0x2000;
inline constexpr std::uint32_t kEpollOneShot = 1u << 30;
inline constexpr std::uint32_t kEpollEt = 1u << 31;

// epoll_ctl operations.
inline constexpr int kEpollCtlAdd = 1;
inline constexpr int kEpollCtlDel = 2;
inline constexpr int kEpollCtlMod = 3;

// shutdown(2) modes.
inline constexpr int kShutRd = 0;
inline constexpr int kShutWr = 1;
inline constexpr int kShutRdWr = 2;

// Address families.
inline constexpr int kAfUnix = 1;
inline constexpr int kAfInet = 2;
inline constexpr int kAfInet6 = 10;

// open(2) flags.
inline constexpr int kORdOnly = 00;
inline constexpr int kOWrOnly = 01;
inline constexpr int kORdWr = 02;
inline constexpr int kOAccMode = 03;
inline constexpr int kOCreat = 0100;
inline constexpr int kOExcl = 0200;
inline constexpr int kOTrunc = 01000;
inline constexpr int kOAppend = 02000;
inline constexpr int kONonBlock = 04000;  // accepted and ignored: every emulated fd is non-blocking
inline constexpr int kODirectory = 0200000;

// lseek(2) whence.
inline constexpr int kSeekSet = 0;
inline constexpr int kSeekCur = 1;
inline constexpr int kSeekEnd = 2;

// st_mode file type bits.
inline constexpr std::uint32_t kSIfMt = 0170000;
inline constexpr std::uint32_t kSIfSock = 0140000;
inline constexpr std::uint32_t kSIfLnk = 0120000;
inline constexpr std::uint32_t kSIfReg = 0100000;
inline constexpr std::uint32_t kSIfDir = 0040000;
inline constexpr std::uint32_t kSIfChr = 0020000;
inline constexpr std::uint32_t kSIfIfo = 0010000;

// inotify(7) event bits (Linux's values, as ls::fswatch).
inline constexpr std::uint32_t kInModify = 0x2, kInAttrib = 0x4, kInMovedFrom = 0x40, kInMovedTo = 0x80,
                               kInCreate = 0x100, kInDelete = 0x200, kInDeleteSelf = 0x400, kInMoveSelf = 0x800,
                               kInIgnored = 0x8000, kInIsDir = 0x40000000;

inline constexpr std::size_t kPipeBuf = 4096;  // pipe writes up to this size are atomic (all or -EAGAIN)
inline constexpr int kSoMaxConn = 4096;         // listen() backlog ceiling, as Linux's net.core.somaxconn

// One piece of a gathered write (struct iovec).
struct IoVec {
  const void* base;
  std::size_t len;
};

// stat(2) result. Times are virtual nanoseconds.
struct Stat {
  std::uint64_t dev = 0, ino = 0;
  std::uint32_t mode = 0;
  std::uint64_t nlink = 0, uid = 0, gid = 0, rdev = 0;
  std::uint64_t size = 0, blksize = 0, blocks = 0;
  Nanos atime = 0, mtime = 0, ctime = 0, birthtime = 0;
};

// scandir entry type; the order equals libuv's uv_dirent_type_t.
enum class DirentType : std::uint8_t { Unknown, File, Dir, Link, Fifo, Socket, Char, Block };

struct DirEntry {
  std::string name;
  DirentType type = DirentType::Unknown;
};

// "EAGAIN" for -EAGAIN or EAGAIN; "E<n>" for codes it does not know. Dumps print names, never numbers, so a
// dump is the same natively and under Emscripten (whose errno values differ from Linux's).
std::string errno_name(int err);
// "IN|OUT|ET" for a readiness mask; "-" for 0.
std::string events_name(std::uint32_t mask);

}  // namespace ls::emu
