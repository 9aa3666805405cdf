// Signal handles. One process-wide handler per signal number writes the number as a byte into the self-pipe of
// every loop that has signal handles (a loop ignores numbers none of its handles want); each loop reads its
// pipe in the poll phase, after the other fds of the batch (as libuv), and runs one callback per delivery.
// Native only: on wasm start() is -ENOSYS.
#include "signal.h"

#include <cerrno>

#include "inspect.h"
#include "loop.h"

#ifndef __EMSCRIPTEN__
#include <atomic>
#include <csignal>
#include <mutex>

#include <fcntl.h>
#include <unistd.h>
#endif

namespace ls {

#ifndef __EMSCRIPTEN__
namespace {

constexpr int kMaxSignal = 65;
constexpr int kMaxLoops = 64;

// Write ends of the loops' self-pipes, stored as fd + 1 so that the zero-initialised array means "free".
std::atomic<int> g_pipes[kMaxLoops];
std::mutex g_mu;  // guards the two arrays below (loop threads only; the handler never locks)
int g_users[kMaxSignal];
struct sigaction g_saved[kMaxSignal];

extern "C" void on_signal(int signum) {
  int saved_errno = errno;
  unsigned char byte = static_cast<unsigned char>(signum);
  for (std::atomic<int>& slot : g_pipes) {
    int v = slot.load(std::memory_order_acquire);
    if (v != 0) {
      ssize_t r = ::write(v - 1, &byte, 1);  // a full pipe drops the byte: signals coalesce anyway
      (void)r;
    }
  }
  errno = saved_errno;
}

int install(int signum) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_users[signum]++ > 0) return 0;
  struct sigaction sa{};
  sa.sa_handler = on_signal;
  sigfillset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  if (sigaction(signum, &sa, &g_saved[signum]) != 0) {
    --g_users[signum];
    return -errno;
  }
  return 0;
}

void uninstall(int signum) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (--g_users[signum] == 0) sigaction(signum, &g_saved[signum], nullptr);
}

}  // namespace
#endif

Signal::Signal(Loop& loop) : Handle(loop, HandleType::Signal) {}

Signal::~Signal() {
  if (needs_detach() && is_active()) stop();
}

int Signal::start(Callback cb, int signum) {
#ifdef __EMSCRIPTEN__
  (void)cb;
  (void)signum;
  return -ENOSYS;
#else
  if (is_closing() || signum <= 0 || signum >= kMaxSignal || !cb) return -EINVAL;
  if (is_active() && signum == signum_) {
    loop().retire_if_running(*this, cb_);
    cb_ = std::move(cb);
    return 0;
  }
  stop();
  int r = loop().signal_added();
  if (r == 0) r = install(signum);
  if (r < 0) return r;
  loop().retire_if_running(*this, cb_);
  cb_ = std::move(cb);
  signum_ = signum;
  loop().signals_.push_back(node_);
  activate();
  loop().trace_handle(TraceKind::HandleStart, *this, signum);
  return 0;
#endif
}

int Signal::stop() {
  if (!is_active()) return 0;
  node_.unlink();
#ifndef __EMSCRIPTEN__
  uninstall(signum_);
#endif
  loop().forget_signal(*this);
  deactivate();
  loop().trace_handle(TraceKind::HandleStop, *this);
  return 0;
}

void Signal::on_close() { stop(); }

void Signal::describe(HandleInfo& info) const { info.signum = signum_; }

// --- loop side ---

int Loop::signal_added() {
#ifdef __EMSCRIPTEN__
  return -ENOSYS;
#else
  if (sig_pipe_[0] >= 0) return 0;
  if (::pipe2(sig_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) return -errno;
  int r = io_set(sig_io_, sig_pipe_[0], kReadable);
  for (int i = 0; r == 0 && i < kMaxLoops; ++i) {
    int expected = 0;
    if (g_pipes[i].compare_exchange_strong(expected, sig_pipe_[1] + 1)) break;
    if (i == kMaxLoops - 1) r = -ENOMEM;
  }
  if (r < 0) {
    io_set(sig_io_, sig_pipe_[0], 0);
    ::close(sig_pipe_[0]);
    ::close(sig_pipe_[1]);
    sig_pipe_[0] = sig_pipe_[1] = -1;
  }
  return r;
#endif
}

void Loop::signal_teardown() {
#ifndef __EMSCRIPTEN__
  if (sig_pipe_[0] < 0) return;
  for (std::atomic<int>& slot : g_pipes) {
    int mine = sig_pipe_[1] + 1;
    slot.compare_exchange_strong(mine, 0);
  }
  io_set(sig_io_, sig_pipe_[0], 0);
  ::close(sig_pipe_[0]);
  ::close(sig_pipe_[1]);
  sig_pipe_[0] = sig_pipe_[1] = -1;
#endif
}

void Loop::on_signal_pipe(IoWatcher&, int) {}  // never called: dispatch_ready defers the pipe to signal_read()

void Loop::signal_read() {
#ifndef __EMSCRIPTEN__
  unsigned char buf[128];
  ssize_t n;
  bool child = false;
  while ((n = ::read(sig_pipe_[0], buf, sizeof buf)) > 0) {
    for (ssize_t i = 0; i < n; ++i) {
      signals_.for_each([&](Signal& s) {
        if (s.signum_ == buf[i]) sig_ready_.push_back(&s);
      });
      if (buf[i] == SIGCHLD) child = true;
    }
  }
  if (child && !children_.empty()) reap_children();
#endif
}

int Loop::child_watch_start() {
#ifdef __EMSCRIPTEN__
  return -ENOSYS;
#else
  int r = signal_added();
  return r < 0 ? r : install(SIGCHLD);
#endif
}

void Loop::child_watch_stop() {
#ifndef __EMSCRIPTEN__
  uninstall(SIGCHLD);
#endif
}

void Loop::forget_signal(Signal& s) {
  for (size_t i = sig_ready_pos_; i < sig_ready_.size(); ++i)
    if (sig_ready_[i] == &s) sig_ready_[i] = nullptr;
}

}  // namespace ls
