// The backend-independent part of Sys: the EMFILE spare fd, the request registry, the loop's work queue, the
// common part of inspection, and the native pool size setting.
#include "sys.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>

#include "inspect.h"
#include "requests.h"
#include "threadpool.h"

namespace ls {

const char* to_string(DirentType t) {
  switch (t) {
    case DirentType::Unknown: return "unknown";
    case DirentType::File: return "file";
    case DirentType::Dir: return "directory";
    case DirentType::Link: return "link";
    case DirentType::Fifo: return "fifo";
    case DirentType::Socket: return "socket";
    case DirentType::Char: return "char";
    case DirentType::Block: return "block";
  }
  return "?";
}

Sys::Sys() = default;

Sys::~Sys() {
  // Implementations close the spare fd and stop their workers in their own destructors (virtual calls are
  // over by now). Requests still listed belong to handles that outlive the loop; cut them loose.
  work_.reset();
  while (!requests_.empty()) requests_.pop_front();
}

void Sys::ensure_spare_fd() {
  if (spare_fd_ < 0) spare_fd_ = open_spare();
}

bool Sys::release_spare_fd() {
  if (spare_fd_ < 0) return false;
  close(spare_fd_);
  spare_fd_ = -1;
  return true;
}

WorkQueue& Sys::work_queue(Loop& loop) {
  if (!work_) work_ = std::make_unique<WorkQueue>(loop, workers());
  return *work_;
}

void Sys::inspect(Snapshot& s) {
  requests_.for_each([&](const Req& r) { s.requests.push_back(RequestInfo{r.id(), r.type(), r.handle_id()}); });
  std::sort(s.requests.begin(), s.requests.end(),
            [](const RequestInfo& a, const RequestInfo& b) { return a.id < b.id; });
  if (work_) work_->describe(s.pool);
  for (FdInfo& f : s.fds) f.ready = readiness(f.fd);
}

// ---- native pool size ----

namespace {
std::atomic<int> g_pool_size{0};  // 0 = not decided yet

int clamp_pool(long n) { return static_cast<int>(std::clamp<long>(n, 1, 1024)); }
}  // namespace

void set_threadpool_size(int n) { g_pool_size.store(clamp_pool(n)); }

int threadpool_size() {
  int n = g_pool_size.load();
  if (n != 0) return n;
  const char* env = std::getenv("UV_THREADPOOL_SIZE");
  n = env && *env ? clamp_pool(std::strtol(env, nullptr, 10)) : 4;
  int expected = 0;
  g_pool_size.compare_exchange_strong(expected, n);
  return g_pool_size.load();
}

}  // namespace ls
