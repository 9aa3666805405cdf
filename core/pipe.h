// Pipe handle (uv_pipe_t, src/unix/pipe.c): a stream over a pipe, a socketpair end or an AF_UNIX socket named
// by a path — host ones natively, the emulated kernel's on the emulated backend.
//  - open(fd): adopts an fd (made non-blocking); readable / writable as its open mode allows (a pipe's read end
//    is not writable).
//  - bind(path) + listen(): a local server; the path is unlinked when the handle closes (libuv does the same).
//    bind errors come back at once (EADDRINUSE if the path exists; ENOENT is reported as EACCES, as libuv).
//  - connect(path, cb): every error arrives through the callback (ENOENT, ECONNREFUSED, ...), as libuv.
// make_pipe / make_socketpair give the two fds of a new pipe / socketpair (uv_pipe, uv_socketpair), ready for
// open(). Covered by tests/core/io/test_pipe.cpp.
#pragma once

#include <string>
#include <string_view>

#include "stream.h"

namespace ls {

class Pipe final : public Stream {
 public:
  explicit Pipe(Loop& loop);

  int open(int fd);
  int bind(std::string_view path);
  int listen(int backlog, ConnectionCallback cb) override;
  int64_t connect(std::string_view path, ConnectCallback cb);
  int getsockname(std::string& path) const;
  int getpeername(std::string& path) const;

 private:
  void on_close() override;

  std::string bound_path_;
};

// fds[0] = read end, fds[1] = write end; both non-blocking. -ENOSYS on a backend without fds.
int make_pipe(Loop& loop, int fds[2]);
int make_socketpair(Loop& loop, int fds[2]);

}  // namespace ls
