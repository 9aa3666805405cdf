// errno -> libuv's names and messages (uv-errno.h / UV_ERRNO_MAP wording). A table, not a switch, because some
// platforms give two names one value (ENOTSUP == EOPNOTSUPP on Linux): the first entry wins.
#include "errors.h"

#include <cerrno>

namespace ls {
namespace {

struct ErrInfo {
  int code;
  const char* name;
  const char* message;
};

#define LS_E(name, msg) {-name, #name, msg},
const ErrInfo kErrors[] = {
    LS_E(E2BIG, "argument list too long")
    LS_E(EACCES, "permission denied")
    LS_E(EADDRINUSE, "address already in use")
    LS_E(EADDRNOTAVAIL, "address not available")
    LS_E(EAFNOSUPPORT, "address family not supported")
    LS_E(EAGAIN, "resource temporarily unavailable")
    LS_E(EALREADY, "connection already in progress")
    LS_E(EBADF, "bad file descriptor")
    LS_E(EBUSY, "resource busy or locked")
    LS_E(ECANCELED, "operation canceled")
    LS_E(ECONNABORTED, "software caused connection abort")
    LS_E(ECONNREFUSED, "connection refused")
    LS_E(ECONNRESET, "connection reset by peer")
    LS_E(EDESTADDRREQ, "destination address required")
    LS_E(EEXIST, "file already exists")
    LS_E(EFAULT, "bad address in system call argument")
    LS_E(EFBIG, "file too large")
    LS_E(EHOSTUNREACH, "host is unreachable")
    LS_E(EINTR, "interrupted system call")
    LS_E(EINVAL, "invalid argument")
    LS_E(EIO, "i/o error")
    LS_E(EISCONN, "socket is already connected")
    LS_E(EISDIR, "illegal operation on a directory")
    LS_E(ELOOP, "too many symbolic links encountered")
    LS_E(EMFILE, "too many open files")
    LS_E(EMSGSIZE, "message too long")
    LS_E(ENAMETOOLONG, "name too long")
    LS_E(ENETDOWN, "network is down")
    LS_E(ENETUNREACH, "network is unreachable")
    LS_E(ENFILE, "file table overflow")
    LS_E(ENOBUFS, "no buffer space available")
    LS_E(ENODEV, "no such device")
    LS_E(ENOENT, "no such file or directory")
    LS_E(ENOMEM, "not enough memory")
    LS_E(ENOPROTOOPT, "protocol not available")
    LS_E(ENOSPC, "no space left on device")
    LS_E(ENOSYS, "function not implemented")
    LS_E(ENOTTY, "inappropriate ioctl for device")
    LS_E(ENOTCONN, "socket is not connected")
    LS_E(ENOTDIR, "not a directory")
    LS_E(ENOTEMPTY, "directory not empty")
    LS_E(ENOTSOCK, "socket operation on non-socket")
    LS_E(ENOTSUP, "operation not supported on socket")
    LS_E(EOVERFLOW, "value too large for defined data type")
    LS_E(EPERM, "operation not permitted")
    LS_E(EPIPE, "broken pipe")
    LS_E(EPROTO, "protocol error")
    LS_E(EPROTONOSUPPORT, "protocol not supported")
    LS_E(EPROTOTYPE, "protocol wrong type for socket")
    LS_E(ERANGE, "result too large")
    LS_E(EROFS, "read-only file system")
    LS_E(ESHUTDOWN, "cannot send after transport endpoint shutdown")
    LS_E(ESPIPE, "invalid seek")
    LS_E(ESRCH, "no such process")
    LS_E(ETIMEDOUT, "connection timed out")
    LS_E(ETXTBSY, "text file is busy")
    LS_E(EXDEV, "cross-device link not permitted")
    {kEOF, "EOF", "end of file"},
};
#undef LS_E

const ErrInfo* find(int err) {
  for (const ErrInfo& e : kErrors)
    if (e.code == err) return &e;
  return nullptr;
}

}  // namespace

const char* err_name(int err) {
  const ErrInfo* e = find(err);
  return e ? e->name : "UNKNOWN";
}

const char* strerror(int err) {
  const ErrInfo* e = find(err);
  return e ? e->message : "unknown error";
}

}  // namespace ls
