// NativeSys's child processes: fork + exec as libuv's src/unix/process.c does it (1.44). Everything the child
// needs (argv, envp, the PATH candidates) is built before fork(), because after it a child of a multi-threaded
// process may only make async-signal-safe calls: no allocation, no locks. The child reports a failure (dup2,
// chdir, setgid, setuid, exec) as its errno through a CLOEXEC pipe, so spawn() returns ENOENT for a missing
// program instead of a child that exits 127; EOF on that pipe means exec succeeded.
#ifndef __EMSCRIPTEN__

#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>
#include <vector>

#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include "native_sys.h"

extern char** environ;

namespace ls {
namespace {

// The program's candidate paths, as execvp searches them: the file itself if it names a path, else each PATH
// entry (from the child's environment; glibc's default when it has none) joined with it.
std::vector<std::string> candidates(const SpawnSpec& spec, char** envp) {
  if (spec.file.find('/') != std::string::npos) return {spec.file};
  std::string path = "/bin:/usr/bin";
  for (char** e = envp; e && *e; ++e)
    if (std::strncmp(*e, "PATH=", 5) == 0) path = *e + 5;
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t end = path.find(':', start);
    std::string dir = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
    out.push_back((dir.empty() ? std::string(".") : dir) + "/" + spec.file);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

[[noreturn]] void child_fail(int error_fd, int err) {
  ssize_t r;
  do r = ::write(error_fd, &err, sizeof err); while (r < 0 && errno == EINTR);
  _exit(127);
}

void set_blocking(int fd) {
  int fl = fcntl(fd, F_GETFL);
  if (fl >= 0 && (fl & O_NONBLOCK)) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
}

// After fork(), in the child: async-signal-safe calls only.
[[noreturn]] void child_main(const SpawnSpec& spec, std::vector<int>& fds, char* const* argv, char* const* envp,
                             const std::vector<std::string>& paths, int error_fd) {
  if (spec.detached) setsid();
  int count = (int)fds.size();
  // An fd that is about to be replaced (a swap of stdout and stderr) is moved out of the way first.
  for (int fd = 0; fd < count; ++fd) {
    if (fds[fd] >= 0 && fds[fd] < fd) {
      fds[fd] = fcntl(fds[fd], F_DUPFD_CLOEXEC, count);
      if (fds[fd] < 0) child_fail(error_fd, errno);
    }
  }
  for (int fd = 0; fd < count; ++fd) {
    int use = fds[fd];
    if (use < 0) {
      if (fd > 2) continue;  // libuv leaves an ignored fd above 2 alone (the parent's fds are CLOEXEC)
      use = ::open("/dev/null", fd == 0 ? O_RDONLY : O_RDWR);  // ignored stdio is /dev/null, never a stray fd
      if (use < 0) child_fail(error_fd, errno);
    }
    if (use == fd) {
      int fl = fcntl(fd, F_GETFD);
      if (fl >= 0) fcntl(fd, F_SETFD, fl & ~FD_CLOEXEC);
    } else if (dup2(use, fd) < 0) {
      child_fail(error_fd, errno);
    }
    if (fd <= 2 || (fd < (int)spec.blocking.size() && spec.blocking[fd])) set_blocking(fd);
    if (fds[fd] < 0 && use != fd) ::close(use);
  }
  if (!spec.cwd.empty() && chdir(spec.cwd.c_str()) != 0) child_fail(error_fd, errno);
  if (spec.set_uid) (void)setgroups(0, nullptr);  // optimistic, as libuv: drops root's extra groups
  if (spec.set_gid && setgid(spec.gid) != 0) child_fail(error_fd, errno);
  if (spec.set_uid && setuid(spec.uid) != 0) child_fail(error_fd, errno);
  // The parent's handlers (the loop's signal pipe) and its blocked mask must not reach the new program.
  for (int n = 1; n < 32; ++n)
    if (n != SIGKILL && n != SIGSTOP) signal(n, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  pthread_sigmask(SIG_SETMASK, &none, nullptr);
  int err = ENOENT;
  bool denied = false;
  for (const std::string& p : paths) {
    execve(p.c_str(), argv, envp);
    if (errno == EACCES) denied = true;
    else if (errno != ENOENT && errno != ENOTDIR && errno != ESTALE && errno != ENODEV && errno != ETIMEDOUT)
      child_fail(error_fd, errno);
  }
  child_fail(error_fd, denied ? EACCES : err);
}

std::vector<char*> pointers(const std::vector<std::string>& v) {
  std::vector<char*> out;
  out.reserve(v.size() + 1);
  for (const std::string& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace

int NativeSys::spawn(const SpawnSpec& spec, int& pid) {
  std::vector<char*> argv = pointers(spec.args);
  std::vector<char*> envv = pointers(spec.env);
  char** envp = spec.has_env ? envv.data() : environ;
  std::vector<std::string> paths = candidates(spec, envp);
  std::vector<int> fds = spec.stdio;
  if (fds.size() < 3) fds.resize(3, -1);  // libuv: stdin, stdout and stderr always exist (as /dev/null)

  int error_pipe[2];
  if (::pipe2(error_pipe, O_CLOEXEC) != 0) return -errno;
  // No signal handler may run in the child before it has reset them (libuv blocks them around fork too).
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  pid_t child = fork();
  if (child == 0) {
    ::close(error_pipe[0]);
    child_main(spec, fds, argv.data(), envp, paths, error_pipe[1]);
  }
  int fork_errno = errno;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  ::close(error_pipe[1]);
  if (child < 0) {
    ::close(error_pipe[0]);
    return -fork_errno;
  }
  int child_errno = 0;
  ssize_t n;
  do n = ::read(error_pipe[0], &child_errno, sizeof child_errno); while (n < 0 && errno == EINTR);
  ::close(error_pipe[0]);
  if (n == (ssize_t)sizeof child_errno) {  // the child failed before exec and exits at once: reap it now
    int status;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    return -child_errno;
  }
  pid = child;
  return 0;
}

int NativeSys::wait_child(int pid, int64_t& exit_status, int& term_signal) {
  int status = 0;
  pid_t r;
  do r = waitpid(pid, &status, WNOHANG); while (r < 0 && errno == EINTR);
  if (r == 0) return 0;
  if (r < 0) return -errno;
  exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
  term_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  return 1;
}

int NativeSys::kill(int pid, int signum) { return ::kill(pid, signum) == 0 ? 0 : -errno; }

void NativeSys::disable_stdio_inheritance() {
  // libuv's loop: every fd from 0 up is made CLOEXEC until, past 15, one is not open.
  for (int fd = 0;; ++fd) {
    int fl = fcntl(fd, F_GETFD);
    if (fl < 0) {
      if (fd > 15) break;
      continue;
    }
    fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
  }
}

}  // namespace ls

#endif  // __EMSCRIPTEN__
