// Process handle. See process.h; libuv's src/unix/process.c is the model. The system calls are the backend's
// Sys (NativeSys in native_process.cpp); a Sys without processes answers -ENOSYS (the defaults below).
#include "process.h"

#include <cerrno>
#include <cstdio>

#include "inspect.h"
#include "loop.h"
#include "stream.h"
#include "sys.h"

namespace ls {

// ---- the Sys defaults: no processes ----

int Sys::spawn(const SpawnSpec&, int&) { return -ENOSYS; }
int Sys::wait_child(int, int64_t&, int&) { return -ENOSYS; }
int Sys::kill(int, int) { return -ENOSYS; }

// ---- the handle ----

Process::Process(Loop& loop) : Handle(loop, HandleType::Process) {}

Process::~Process() {
  if (needs_detach()) unwatch();
}

// Resolves the stdio entries into the child's fds: pipes are created here (their parent ends are opened in the
// Pipe handles only once the child exists). Returns 0 or the error; on error nothing is left open.
int Process::open_stdio(const ProcessOptions& o, std::vector<int>& child_fds, std::vector<bool>& blocking,
                        std::vector<int>& parent_ends) {
  Sys* sys = loop().backend().sys();
  child_fds.assign(o.stdio.size(), -1);
  blocking.assign(o.stdio.size(), false);
  parent_ends.assign(o.stdio.size(), -1);
  int err = 0;
  for (size_t i = 0; i < o.stdio.size() && err == 0; ++i) {
    const StdioSpec& s = o.stdio[i];
    switch (s.kind) {
      case StdioSpec::Kind::Ignore: break;
      case StdioSpec::Kind::InheritFd:
        if (s.fd < 0) err = -EINVAL;
        child_fds[i] = s.fd;
        break;
      case StdioSpec::Kind::InheritStream: {
        int fd = s.stream ? s.stream->fileno() : -EINVAL;
        if (fd < 0) err = -EINVAL;
        child_fds[i] = fd;
        break;
      }
      case StdioSpec::Kind::CreatePipe: {
        // libuv: only a pipe handle, and one that has no fd yet.
        if (!s.stream || s.stream->type() != HandleType::Pipe || s.stream->fd() >= 0 || s.stream->is_closing()) {
          err = -EINVAL;
          break;
        }
        int fds[2];
        err = sys->socketpair(fds);
        if (err < 0) break;
        parent_ends[i] = fds[0];
        child_fds[i] = fds[1];
        blocking[i] = true;
        break;
      }
    }
  }
  if (err < 0) {
    for (size_t i = 0; i < o.stdio.size(); ++i)
      if (parent_ends[i] >= 0) {
        sys->close(parent_ends[i]);
        sys->close(child_fds[i]);
      }
  }
  return err;
}

int Process::spawn(const ProcessOptions& o, ExitCallback cb) {
  if (is_closing() || is_active() || pid_ != 0) return -EINVAL;
  Sys* sys = loop().backend().sys();
  if (!sys || !sys->has_processes()) return -ENOSYS;  // before any pipe is made
  if (o.file.empty()) return -EINVAL;
  SpawnSpec spec;
  spec.file = o.file;
  spec.args = o.args.empty() ? std::vector<std::string>{o.file} : o.args;
  spec.has_env = o.has_env;
  spec.env = o.env;
  spec.cwd = o.cwd;
  spec.detached = o.detached;
  spec.set_uid = o.set_uid;
  spec.set_gid = o.set_gid;
  spec.uid = o.uid;
  spec.gid = o.gid;
  std::vector<int> parent_ends;
  int r = open_stdio(o, spec.stdio, spec.blocking, parent_ends);
  if (r < 0) return r;
  // SIGCHLD is caught before the fork, so a child that ends at once is not missed.
  r = loop().child_watch_start();
  int pid = 0;
  if (r == 0) {
    r = sys->spawn(spec, pid);
    if (r < 0) loop().child_watch_stop();
  }
  for (size_t i = 0; i < o.stdio.size(); ++i) {
    if (parent_ends[i] < 0) continue;
    sys->close(spec.stdio[i]);  // the child's end: the child has its copy
    if (r < 0) {
      sys->close(parent_ends[i]);
      continue;
    }
    // Directions from the parent's side: the child reading means the parent writes (uv__process_open_stream).
    const StdioSpec& s = o.stdio[i];
    int dirs = (s.child_writes ? kReadable : 0) | (s.child_reads ? kWritable : 0);
    s.stream->open_fd(parent_ends[i], dirs);
  }
  if (r < 0) return r;
  pid_ = pid;
  cb_ = std::move(cb);
  watched_ = true;
  loop().children_.push_back(node_);
  activate();
  loop().trace_handle(TraceKind::HandleStart, *this, pid);
  return 0;
}

int Process::kill(int signum) {
  if (pid_ == 0) return -EINVAL;
  if (exited_) return -ESRCH;
  Sys* sys = loop().backend().sys();
  return sys ? sys->kill(pid_, signum) : -ENOSYS;
}

void Process::unwatch() {
  if (!watched_) return;
  watched_ = false;
  node_.unlink();
  for (size_t i = loop().exit_ready_pos_; i < loop().exit_ready_.size(); ++i)
    if (loop().exit_ready_[i] == this) loop().exit_ready_[i] = nullptr;
  loop().child_watch_stop();
}

void Process::on_close() {
  unwatch();
  if (is_active()) {
    deactivate();
    loop().trace_handle(TraceKind::HandleStop, *this);
  }
}

void Process::describe(HandleInfo& info) const {
  info.pid = pid_;
  char buf[40];
  if (!exited_) std::snprintf(buf, sizeof buf, pid_ ? "running" : "not spawned");
  else if (term_signal_) std::snprintf(buf, sizeof buf, "signal %d", term_signal_);
  else std::snprintf(buf, sizeof buf, "exited %lld", (long long)exit_status_);
  info.state = buf;
}

int kill_pid(Loop& loop, int pid, int signum) {
  Sys* sys = loop.backend().sys();
  return sys ? sys->kill(pid, signum) : -ENOSYS;
}

void disable_stdio_inheritance(Loop& loop) {
  if (Sys* sys = loop.backend().sys()) sys->disable_stdio_inheritance();
}

// ---- loop side: reaping ----

void Loop::reap_children() {
  Sys* sys = backend_->sys();
  if (!sys) return;
  std::vector<Process*> ended;
  children_.for_each([&](Process& p) {
    int r = sys->wait_child(p.pid_, p.exit_status_, p.term_signal_);
    if (r == 1) ended.push_back(&p);  // -ECHILD (reaped by someone else): libuv keeps waiting, so do we
  });
  for (Process* p : ended) {
    p->exited_ = true;
    p->unwatch();
    p->deactivate();  // stopped before its exit callback runs (libuv's uv__handle_stop)
    trace_handle(TraceKind::HandleStop, *p, p->exit_status_, p->term_signal_);
    exit_ready_.push_back(p);
  }
}

}  // namespace ls
