// See random.h.
#include "random.h"

#include <cerrno>
#include <new>

#include "loop.h"
#include "sys.h"
#include "threadpool.h"

namespace ls {

namespace {

void fill(Sys& sys, size_t len, RandomResult& r) {
  try {
    r.data.resize(len);
  } catch (const std::bad_alloc&) {
    r.result = -ENOMEM;
    return;
  }
  r.result = sys.random(r.data.data(), len);
}

class RandomReq final : public PoolReq {
 public:
  RandomReq(Loop& loop, Sys& sys, size_t len, RandomCallback cb)
      : PoolReq(loop, "random", nullptr), sys_(sys), len_(len), cb_(std::move(cb)) {}
  void run() override { fill(sys_, len_, result_); }
  void done(int status) override {
    result_.req = id();
    if (status < 0) {
      result_.result = status;
      result_.data.clear();
    }
    cb_(result_);
  }

 private:
  Sys& sys_;
  size_t len_;
  RandomCallback cb_;
  RandomResult result_;
};

}  // namespace

RandomResult random_bytes(Loop& loop, size_t len, unsigned flags, RandomCallback cb) {
  RandomResult r;
  Sys* sys = loop.backend().sys();
  if (!sys) {
    r.result = -ENOSYS;
    return r;
  }
  if (flags != 0) {
    r.result = -EINVAL;
    return r;
  }
  if (!cb) {
    fill(*sys, len, r);
    return r;
  }
  int64_t id = sys->work_queue(loop).submit(std::make_unique<RandomReq>(loop, *sys, len, std::move(cb)),
                                            sys->default_fs_ns());
  if (id < 0)
    r.result = id;
  else
    r.req = static_cast<uint64_t>(id);
  return r;
}

}  // namespace ls
