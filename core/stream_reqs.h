// The requests a stream owns (write, connect, shutdown). Internal: included by stream.cpp and stream_write.cpp.
#pragma once

#include <algorithm>

#include "requests.h"
#include "stream.h"

namespace ls {

struct Stream::WriteReq final : Req {
  WriteReq(Loop& loop, const Stream& s, WriteCallback callback) : Req(loop, "write", &s), cb(std::move(callback)) {}

  // Marks n written bytes as done, front to back; returns what is left of n for the next request.
  size_t consume(size_t n) {
    while (index < bufs.size()) {
      ConstBuf& b = bufs[index];
      size_t k = std::min(n, b.len);
      b.base = static_cast<const char*>(b.base) + k;
      b.len -= k;
      remaining -= k;
      n -= k;
      if (b.len != 0) break;
      ++index;
    }
    return n;
  }

  std::vector<ConstBuf> bufs;  // what is left to write is bufs[index..], the first one advanced in place
  size_t index = 0;
  size_t remaining = 0;        // bytes not written yet
  std::string one;             // owned data of write(std::string)
  std::vector<std::string> many;  // owned data of write(std::vector<std::string>)
  WriteCallback cb;
  int error = 0;
};

struct Stream::ConnectReq final : Req {
  ConnectReq(Loop& loop, const Stream& s, ConnectCallback callback)
      : Req(loop, "connect", &s), cb(std::move(callback)) {}
  ConnectCallback cb;
};

struct Stream::ShutdownReq final : Req {
  ShutdownReq(Loop& loop, const Stream& s, ShutdownCallback callback)
      : Req(loop, "shutdown", &s), cb(std::move(callback)) {}
  ShutdownCallback cb;
};

}  // namespace ls
