// LS_SYS_OVERRIDES: the overrides of the Sys calls that every backend implements (the host's, native_sys.h, and
// the emulated kernel's, emu/emu_sys.h), declared once so each backend header lists only what it adds: the calls
// one backend has and the other answers -ENOSYS for (links, owners, sendfile, multicast, child processes), and
// its own state. The calls and their contracts are documented in sys.h; the compiler checks every line here
// against them (override), so this list cannot drift from Sys. Internal: only backend headers include it, inside
// the public part of their class.
#pragma once

#include "sys.h"

// clang-format off
#define LS_SYS_OVERRIDES                                                                                       \
  /* sockets and local streams */                                                                              \
  int parse_address(std::string_view host, AddrFamily& family) override;                                       \
  int socket(AddrFamily family) override;                                                                      \
  int bind(int fd, std::string_view host, uint16_t port) override;                                             \
  int listen(int fd, int backlog) override;                                                                    \
  int accept(int fd) override;                                                                                 \
  int connect(int fd, std::string_view host, uint16_t port) override;                                          \
  int socket_error(int fd) override;                                                                           \
  int64_t read(int fd, void* buf, size_t len) override;                                                        \
  int64_t writev(int fd, const ConstBuf* bufs, int count) override;                                            \
  int shutdown_write(int fd) override;                                                                         \
  int close(int fd) override;                                                                                  \
  int close_reset(int fd) override;                                                                            \
  int sockname(int fd, SockName& out) override;                                                                \
  int peername(int fd, SockName& out) override;                                                                \
  int set_nodelay(int fd, bool on) override;                                                                   \
  int set_keepalive(int fd, bool on, unsigned delay_s) override;                                               \
  int pipe(int fds[2]) override;                                                                               \
  int socketpair(int fds[2]) override;                                                                         \
  int adopt(int fd, int& directions) override;                                                                 \
  /* datagrams (without multicast) */                                                                          \
  int udp_socket(AddrFamily family) override;                                                                  \
  int udp_bind(int fd, std::string_view host, uint16_t port, unsigned flags) override;                         \
  int udp_connect(int fd, std::string_view host, uint16_t port) override;                                      \
  int64_t udp_send(int fd, const ConstBuf* bufs, int count, const SockName* to) override;                      \
  int64_t udp_recv(int fd, void* buf, size_t len, SockName& from, bool& truncated) override;                   \
  int udp_set_option(int fd, UdpOption option, int value) override;                                            \
  /* files */                                                                                                  \
  int open(const std::string& path, int flags, int mode) override;                                             \
  int64_t pread(int fd, void* buf, size_t len, int64_t offset) override;                                       \
  int64_t pwrite(int fd, const void* buf, size_t len, int64_t offset) override;                                \
  int stat(const std::string& path, FileStat& out) override;                                                   \
  int lstat(const std::string& path, FileStat& out) override;                                                  \
  int fstat(int fd, FileStat& out) override;                                                                   \
  int unlink(const std::string& path) override;                                                                \
  int mkdir(const std::string& path, int mode) override;                                                       \
  int mkdtemp(std::string& tmpl) override;                                                                     \
  int rmdir(const std::string& path) override;                                                                 \
  int rename(const std::string& from, const std::string& to) override;                                         \
  int scandir(const std::string& path, std::vector<DirEnt>& out) override;                                     \
  /* the optional file calls both file systems model */                                                        \
  int mkstemp(std::string& tmpl) override;                                                                     \
  int realpath(const std::string& path, std::string& out) override;                                            \
  int access(const std::string& path, int mode) override;                                                      \
  int chmod(const std::string& path, int mode) override;                                                       \
  int fchmod(int fd, int mode) override;                                                                       \
  int utime(const std::string& path, double atime, double mtime, bool follow) override;                        \
  int futime(int fd, double atime, double mtime) override;                                                     \
  int fsync(int fd, bool data_only) override;                                                                  \
  int ftruncate(int fd, int64_t length) override;                                                              \
  int statfs(const std::string& path, FsStats& out) override;                                                  \
  int opendir(const std::string& path, std::unique_ptr<DirStream>& out) override;                              \
  int random(void* buf, size_t len) override;                                                                  \
  /* file-system events (inotify) */                                                                           \
  int watch_open() override;                                                                                   \
  int watch_add(int fd, const std::string& path, uint32_t mask) override;                                      \
  int watch_remove(int fd, int wd) override;                                                                   \
  int watch_read(int fd, std::vector<FsWatchEvent>& out) override;                                             \
  /* terminals, fd kinds, working directory */                                                                 \
  const char* guess_handle(int fd) override;                                                                   \
  int tty_set_mode(int fd, int mode) override;                                                                 \
  int tty_reset_mode() override;                                                                               \
  int tty_winsize(int fd, int& width, int& height) override;                                                   \
  int chdir(const std::string& path) override;
// clang-format on
