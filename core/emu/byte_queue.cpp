// See byte_queue.h.
#include "byte_queue.h"

#include <algorithm>
#include <cstring>

namespace ls::emu {

void ByteQueue::push(const void* data, std::size_t n) {
  if (n == 0) return;
  const char* p = static_cast<const char*>(data);
  if (!chunks_.empty() && chunks_.back().size() < kCoalesce) {
    chunks_.back().append(p, n);
  } else {
    chunks_.emplace_back(p, n);
  }
  size_ += n;
}

void ByteQueue::push_iov(const IoVec* iov, int iovcnt, std::size_t n) {
  for (int i = 0; i < iovcnt && n > 0; ++i) {
    std::size_t take = std::min(n, iov[i].len);
    push(iov[i].base, take);
    n -= take;
  }
}

std::size_t ByteQueue::pop(void* out, std::size_t n) {
  char* dst = static_cast<char*>(out);
  std::size_t done = 0;
  while (done < n && !chunks_.empty()) {
    const std::string& front = chunks_.front();
    std::size_t take = std::min(n - done, front.size() - head_);
    std::memcpy(dst + done, front.data() + head_, take);
    done += take;
    head_ += take;
    if (head_ == front.size()) {
      chunks_.pop_front();
      head_ = 0;
    }
  }
  size_ -= done;
  return done;
}

std::string ByteQueue::pop_string(std::size_t n) {
  std::string s(std::min(n, size_), '\0');
  pop(s.data(), s.size());
  return s;
}

void ByteQueue::clear() {
  chunks_.clear();
  head_ = 0;
  size_ = 0;
}

std::size_t iov_total(const IoVec* iov, int iovcnt) {
  std::size_t total = 0;
  for (int i = 0; i < iovcnt; ++i) total += iov[i].len;
  return total;
}

}  // namespace ls::emu
