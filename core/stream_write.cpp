// Stream: the write path — the FIFO write queue, completions through the pending queue, try_write, shutdown.
// See stream.h; libuv's uv_write2 / uv__write / uv__write_callbacks / uv__drain are the model, with one
// difference: small requests queued behind the head request join its writev instead of waiting their turn.
#include <cerrno>

#include "loop.h"
#include "stream.h"
#include "stream_reqs.h"

namespace ls {

namespace {
constexpr int kMaxIov = 64;
constexpr size_t kCoalesceBytes = 1024 * 1024;  // uvloop-sized: 16 queued 64 KiB writes go out in one writev
}  // namespace

int Stream::check_write() const {
  if (!sys_) return -ENOSYS;
  if (fd_ < 0) return -EBADF;
  if (!writable_) return -EPIPE;
  return 0;
}

int64_t Stream::write(std::string data, WriteCallback cb) {
  if (int e = check_write(); e < 0) return e;
  auto req = std::make_unique<WriteReq>(loop(), *this, std::move(cb));
  req->one = std::move(data);
  *req->bufs.resize(1) = ConstBuf{req->one.data(), req->one.size()};
  return enqueue(std::move(req));
}

int64_t Stream::write(std::vector<std::string> bufs, WriteCallback cb) {
  if (int e = check_write(); e < 0) return e;
  auto req = std::make_unique<WriteReq>(loop(), *this, std::move(cb));
  req->many = std::move(bufs);
  ConstBuf* out = req->bufs.resize(req->many.size());
  for (const std::string& s : req->many) *out++ = ConstBuf{s.data(), s.size()};
  return enqueue(std::move(req));
}

int64_t Stream::write_borrowed(const ConstBuf* bufs, size_t count, WriteCallback cb) {
  if (int e = check_write(); e < 0) return e;
  auto req = std::make_unique<WriteReq>(loop(), *this, std::move(cb));
  req->bufs.assign(bufs, count);
  return enqueue(std::move(req));
}

// uv_write2: the request joins the queue; with nothing queued before it, the write is tried right away.
int64_t Stream::enqueue(std::unique_ptr<WriteReq> req) {
  size_t total = 0;
  for (const ConstBuf& b : req->bufs) total += b.len;
  req->remaining = total;
  bool was_empty = write_queue_size_ == 0;  // error-state requests still count, as in libuv
  write_queue_size_ += total;
  int64_t id = static_cast<int64_t>(req->id());
  write_queue_.push_back(std::move(req));
  if (connect_req_) {
    // Written once connected.
  } else if (was_empty) {
    write_some();
  } else {
    watch(kWritable);
  }
  return id;
}

void Stream::complete_head(int error) {
  std::unique_ptr<WriteReq> req = std::move(write_queue_.front());
  write_queue_.pop_front();
  req->error = error;
  write_done_.push_back(std::move(req));
  loop().feed(pending_);  // the callback runs in the next pending phase unless delivered sooner
}

// uv__write: one syscall per call, as libuv, so a fast writer interleaves with the rest of the loop instead of
// racing ahead (on loopback that keeps the bytes cache-hot for the reader). The head request goes out whole;
// requests behind it join the same writev while the batch is under kCoalesceBytes, which turns many small
// writes into one syscall. What is left continues from the pending phase (a completion fed it) or when the
// socket is writable again.
void Stream::write_some() {
  if (write_queue_.empty()) return;
  // Not value-initialized (ConstBuf's member initializers would zero all kMaxIov entries on every call): only
  // iov[0..count) is ever set and read.
  union IovArray {
    IovArray() {}
    ConstBuf at[kMaxIov];
  } storage;
  ConstBuf* iov = storage.at;
  int count = 0;
  size_t want = 0;
  for (auto it = write_queue_.begin(); it != write_queue_.end() && count < kMaxIov; ++it) {
    if (it != write_queue_.begin() && want >= kCoalesceBytes) break;
    const WriteReq& r = **it;
    for (size_t i = r.index; i < r.bufs.size() && count < kMaxIov; ++i) {
      if (r.bufs[i].len == 0) continue;
      iov[count++] = r.bufs[i];
      want += r.bufs[i].len;
    }
  }
  int64_t n = want == 0 ? 0 : sys_->writev(fd_, iov, count);
  if (n == -EAGAIN || n == -ENOBUFS) {
    watch(kWritable);
    return;
  }
  if (n < 0) {
    // The head request fails (uv__write). A socket in an error state stays writable, so each request behind
    // it gets its own error on the next event; with none left, stop watching.
    complete_head(static_cast<int>(n));
    if (write_queue_.empty()) {
      unwatch(kWritable);
    } else {
      watch(kWritable);
    }
    return;
  }
  size_t left = static_cast<size_t>(n);
  write_queue_size_ -= left;
  bool completed = false;
  while (!write_queue_.empty()) {
    left = write_queue_.front()->consume(left);
    if (write_queue_.front()->remaining != 0) break;
    complete_head(0);
    completed = true;
  }
  // Partial (the socket is full), or a head request too big for one writev: continue when writable.
  if (!write_queue_.empty() && (static_cast<size_t>(n) < want || !completed)) watch(kWritable);
}

void Stream::flush_queue(int error) {
  while (!write_queue_.empty()) complete_head(error);
}

// Callbacks of finished requests, in completion order. A callback may write (joining the live queue) or close
// the stream; the batch taken here is delivered whole either way. Taken while one is still being delivered
// (only if this ever re-enters), the new completions join its end.
void Stream::take_write_batch() {
  if (done_pos_ >= done_batch_.size()) {
    done_batch_.clear();
    done_pos_ = 0;
    done_batch_.swap(write_done_);  // swapping keeps both buffers' capacity: no allocation per batch
    return;
  }
  for (std::unique_ptr<WriteReq>& req : write_done_) done_batch_.push_back(std::move(req));
  write_done_.clear();
}

bool Stream::deliver_one_write() {
  if (done_pos_ >= done_batch_.size()) {
    done_batch_.clear();
    done_pos_ = 0;
    return false;
  }
  std::unique_ptr<WriteReq> req = std::move(done_batch_[done_pos_++]);
  write_queue_size_ -= req->remaining;  // what a failed request never wrote
  req->finish(req->error);
  if (req->cb) loop().dispatch(this, CallbackKind::Request, [&] { req->cb(req->error); });
  return true;
}

void Stream::drain() {
  if (fd_ < 0) return;
  unwatch(kWritable);
  if (!shutting_ || is_closing() || shut_) return;
  std::unique_ptr<ShutdownReq> req = std::move(shutdown_req_);
  shutting_ = false;
  int err = sys_->shutdown_write(fd_);
  if (err == 0) shut_ = true;
  req->finish(err);
  if (req->cb) loop().dispatch(this, CallbackKind::Request, [&] { req->cb(err); });
}

int64_t Stream::try_write(std::string_view data) {
  ConstBuf b{data.data(), data.size()};
  return try_write(&b, 1);
}

int64_t Stream::try_write(const ConstBuf* bufs, size_t count) {
  if (connect_req_ || write_queue_size_ != 0) return -EAGAIN;
  if (int e = check_write(); e < 0) return e;
  int64_t n = sys_->writev(fd_, bufs, static_cast<int>(count < kMaxIov ? count : kMaxIov));
  return n == -ENOBUFS ? -EAGAIN : n;
}

int64_t Stream::shutdown(ShutdownCallback cb) {
  if (!sys_) return -ENOSYS;
  if (!writable_ || shut_ || shutting_ || is_closing() || fd_ < 0) return -ENOTCONN;
  auto req = std::make_unique<ShutdownReq>(loop(), *this, std::move(cb));
  int64_t id = static_cast<int64_t>(req->id());
  shutdown_req_ = std::move(req);
  shutting_ = true;
  writable_ = false;
  watch(kWritable);
  return id;
}

}  // namespace ls
