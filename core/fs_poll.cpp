// FsPoll: libuv's fs-poll.c over ls::Timer and a stat request of the thread pool.
//
// A period (libuv's poll_ctx) outlives stop(): the stat in flight holds it and, completing, finds it detached
// and calls nothing. Its timer is a Timer handle of the loop (libuv's is flagged internal and unref'd; here it
// is unref'd and has no binding, so uv.walk does not see it, while the inspection shows it for what it is);
// stop() closes it, and it deletes itself in its close callback.
#include "fs_poll.h"

#include "inspect.h"
#include "loop.h"
#include "threadpool.h"
#include "timer.h"

namespace ls {

struct FsPoll::Period {
  FsPoll* owner;  // nullptr once stopped
  Callback cb;    // this period's: a callback that restarts the handle starts a new period
  std::string path;
  uint64_t interval;
  uint64_t start_time;
  Timer* timer;
  int busy = 0;   // libuv's busy_polling: 0 before the first result, 1 after a success, else the last error
  FileStat stat;  // the last successful stat (zeros before one)
};

namespace {

bool same_stat(const FileStat& a, const FileStat& b) {
  return a.ctime.sec == b.ctime.sec && a.ctime.nsec == b.ctime.nsec && a.mtime.sec == b.mtime.sec &&
         a.mtime.nsec == b.mtime.nsec && a.birthtime.sec == b.birthtime.sec &&
         a.birthtime.nsec == b.birthtime.nsec && a.size == b.size && a.mode == b.mode && a.uid == b.uid &&
         a.gid == b.gid && a.ino == b.ino && a.dev == b.dev;
}

int submit_stat(Loop& loop, const std::shared_ptr<FsPoll::Period>& p);

// libuv's poll_cb: compare, report, and wait for the rest of the interval (the stat's own time is not added).
class StatReq final : public PoolReq {
 public:
  StatReq(Loop& loop, Sys& sys, std::shared_ptr<FsPoll::Period> p)
      : PoolReq(loop, "fs_stat", p->owner), sys_(sys), period_(std::move(p)), path_(period_->path) {}
  void run() override { result_ = sys_.stat(path_, stat_); }  // on a worker: touches only its own copies
  void done(int status) override {
    FsPoll::Period& p = *period_;
    if (!p.owner) return;
    int r = status < 0 ? status : result_;
    if (r < 0) {
      if (p.busy != r) {
        p.busy = r;
        p.cb(*p.owner, r, p.stat, FileStat{});
      }
    } else {
      bool changed = p.busy != 0 && (p.busy < 0 || !same_stat(p.stat, stat_));
      FileStat prev = p.stat;
      p.stat = stat_;
      p.busy = 1;
      if (changed) p.cb(*p.owner, 0, prev, stat_);
    }
    if (!p.owner) return;  // stopped or closed by the callback
    uint64_t wait = p.interval - (p.owner->loop().now() - p.start_time) % p.interval;
    p.timer->start(
        [keep = period_](Timer& t) {
          keep->start_time = t.loop().now();
          submit_stat(t.loop(), keep);
        },
        wait);
  }

 private:
  Sys& sys_;
  std::shared_ptr<FsPoll::Period> period_;
  std::string path_;
  int result_ = 0;
  FileStat stat_;
};

int submit_stat(Loop& loop, const std::shared_ptr<FsPoll::Period>& p) {
  Sys* sys = loop.backend().sys();
  int64_t id = sys->work_queue(loop).submit(std::make_unique<StatReq>(loop, *sys, p), sys->default_fs_ns());
  return id < 0 ? static_cast<int>(id) : 0;
}

}  // namespace

FsPoll::FsPoll(Loop& loop) : Handle(loop, HandleType::FsPoll) {}

FsPoll::~FsPoll() {
  if (needs_detach()) stop();
}

int FsPoll::start(Callback cb, std::string path, unsigned interval_ms) {
  if (is_active()) return 0;
  if (is_closing() || !cb) return -EINVAL;
  if (!loop().backend().sys()) return -ENOSYS;
  auto p = std::make_shared<Period>();
  p->owner = this;
  p->cb = std::move(cb);
  p->path = std::move(path);
  p->interval = interval_ms ? interval_ms : 1;
  p->start_time = loop().now();
  p->timer = new Timer(loop());
  p->timer->unref();
  period_ = p;
  int r = submit_stat(loop(), p);
  if (r < 0) {
    close_period();
    return r;
  }
  activate();
  loop().trace_handle(TraceKind::HandleStart, *this, static_cast<int64_t>(p->interval));
  return 0;
}

int FsPoll::stop() {
  if (!is_active()) return 0;
  close_period();
  deactivate();
  loop().trace_handle(TraceKind::HandleStop, *this);
  return 0;
}

void FsPoll::close_period() {
  period_->owner = nullptr;
  period_->timer->close([](Handle& t) { delete &t; });
  period_.reset();
}

int FsPoll::path(std::string& out) const {
  if (!is_active()) return -EINVAL;
  out = period_->path;
  return 0;
}

void FsPoll::on_close() { stop(); }

void FsPoll::describe(HandleInfo& info) const {
  if (is_active()) info.state = "polling " + period_->path + " every " + std::to_string(period_->interval) + " ms";
}

}  // namespace ls
