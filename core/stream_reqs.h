// The requests a stream owns (write, connect, shutdown). Internal: included by stream.cpp and stream_write.cpp.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "requests.h"
#include "stream.h"

namespace ls {

// The buffers of a write request: one inline (most writes have one), more on the heap.
class WriteBufs {
 public:
  size_t size() const { return size_; }
  ConstBuf& operator[](size_t i) { return data()[i]; }
  const ConstBuf& operator[](size_t i) const { return data()[i]; }
  const ConstBuf* begin() const { return data(); }
  const ConstBuf* end() const { return data() + size_; }
  // Room for count buffers, to be filled in.
  ConstBuf* resize(size_t count) {
    if (count != 1) many_.resize(count);
    size_ = count;
    return data();
  }
  void assign(const ConstBuf* bufs, size_t count) { std::copy(bufs, bufs + count, resize(count)); }

 private:
  ConstBuf* data() { return size_ == 1 ? &one_ : many_.data(); }
  const ConstBuf* data() const { return size_ == 1 ? &one_ : many_.data(); }
  ConstBuf one_{};
  std::vector<ConstBuf> many_;
  size_t size_ = 0;
};

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

  WriteBufs bufs;              // what is left to write is bufs[index..], the first one advanced in place
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
