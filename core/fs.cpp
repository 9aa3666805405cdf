// fs requests: one description of the operation (FsOp), run by run_op() either now (sync form) or as a pool job
// (async form). See fs.h.
#include "fs.h"

#include <cerrno>
#include <new>

#include "loop.h"
#include "threadpool.h"

namespace ls {

namespace {

// By FsType: the operation's name, and the request type the trace shows ("fs_" + the name). String literals:
// TraceEvent keeps a copy, Req keeps the pointer.
struct FsName {
  const char* name;
  const char* req_type;
};
constexpr FsName kNames[] = {
    {"open", "fs_open"},
    {"read", "fs_read"},
    {"write", "fs_write"},
    {"close", "fs_close"},
    {"stat", "fs_stat"},
    {"fstat", "fs_fstat"},
    {"lstat", "fs_lstat"},
    {"unlink", "fs_unlink"},
    {"mkdir", "fs_mkdir"},
    {"mkdtemp", "fs_mkdtemp"},
    {"rmdir", "fs_rmdir"},
    {"rename", "fs_rename"},
    {"scandir", "fs_scandir"},
    {"mkstemp", "fs_mkstemp"},
    {"realpath", "fs_realpath"},
    {"copyfile", "fs_copyfile"},
    {"link", "fs_link"},
    {"symlink", "fs_symlink"},
    {"readlink", "fs_readlink"},
    {"access", "fs_access"},
    {"chmod", "fs_chmod"},
    {"fchmod", "fs_fchmod"},
    {"chown", "fs_chown"},
    {"fchown", "fs_fchown"},
    {"lchown", "fs_lchown"},
    {"utime", "fs_utime"},
    {"futime", "fs_futime"},
    {"lutime", "fs_lutime"},
    {"fsync", "fs_fsync"},
    {"fdatasync", "fs_fdatasync"},
    {"ftruncate", "fs_ftruncate"},
    {"sendfile", "fs_sendfile"},
    {"statfs", "fs_statfs"},
    {"opendir", "fs_opendir"},
    {"readdir", "fs_readdir"},
    {"closedir", "fs_closedir"},
};
static_assert(sizeof kNames / sizeof kNames[0] == static_cast<size_t>(FsType::Closedir) + 1);

const char* req_type(FsType t) { return kNames[static_cast<size_t>(t)].req_type; }

}  // namespace

const char* to_string(FsType t) { return kNames[static_cast<size_t>(t)].name; }

namespace {

// Runs the operation against the backend's system; safe on a worker thread natively (only syscalls).
void run_op(Sys& sys, const FsOp& op, FsResult& r) {
  r.type = op.type;
  switch (op.type) {
    case FsType::Open: r.result = sys.open(op.path, op.flags, op.mode); break;
    case FsType::Read: {
      try {
        r.data.resize(op.size);
      } catch (const std::bad_alloc&) {  // a read of more than memory holds: an error, never an abort
        r.result = -ENOMEM;
        break;
      }
      int64_t n = sys.pread(op.fd, r.data.data(), op.size, op.offset);
      r.data.resize(n > 0 ? static_cast<size_t>(n) : 0);
      r.result = n;
      break;
    }
    case FsType::Write: r.result = sys.pwrite(op.fd, op.data.data(), op.data.size(), op.offset); break;
    case FsType::Close: r.result = sys.close(op.fd); break;
    case FsType::Stat: r.result = sys.stat(op.path, r.stat); break;
    case FsType::Fstat: r.result = sys.fstat(op.fd, r.stat); break;
    case FsType::Lstat: r.result = sys.lstat(op.path, r.stat); break;
    case FsType::Unlink: r.result = sys.unlink(op.path); break;
    case FsType::Mkdir: r.result = sys.mkdir(op.path, op.mode); break;
    case FsType::Mkdtemp: {
      std::string path = op.path;
      r.result = sys.mkdtemp(path);
      if (r.result == 0) r.data = std::move(path);
      break;
    }
    case FsType::Rmdir: r.result = sys.rmdir(op.path); break;
    case FsType::Rename: r.result = sys.rename(op.path, op.path2); break;
    case FsType::Scandir: r.result = sys.scandir(op.path, r.entries); break;
    case FsType::Mkstemp: {
      std::string path = op.path;
      r.result = sys.mkstemp(path);
      if (r.result >= 0) r.data = std::move(path);
      break;
    }
    case FsType::Realpath: r.result = sys.realpath(op.path, r.data); break;
    case FsType::Copyfile: r.result = sys.copyfile(op.path, op.path2, op.flags); break;
    case FsType::Link: r.result = sys.link(op.path, op.path2); break;
    case FsType::Symlink: r.result = sys.symlink(op.path, op.path2, op.flags); break;
    case FsType::Readlink: r.result = sys.readlink(op.path, r.data); break;
    case FsType::Access: r.result = sys.access(op.path, op.mode); break;
    case FsType::Chmod: r.result = sys.chmod(op.path, op.mode); break;
    case FsType::Fchmod: r.result = sys.fchmod(op.fd, op.mode); break;
    case FsType::Chown: r.result = sys.chown(op.path, op.uid, op.gid, true); break;
    case FsType::Fchown: r.result = sys.fchown(op.fd, op.uid, op.gid); break;
    case FsType::Lchown: r.result = sys.chown(op.path, op.uid, op.gid, false); break;
    case FsType::Utime: r.result = sys.utime(op.path, op.atime, op.mtime, true); break;
    case FsType::Futime: r.result = sys.futime(op.fd, op.atime, op.mtime); break;
    case FsType::Lutime: r.result = sys.utime(op.path, op.atime, op.mtime, false); break;
    case FsType::Fsync: r.result = sys.fsync(op.fd, false); break;
    case FsType::Fdatasync: r.result = sys.fsync(op.fd, true); break;
    case FsType::Ftruncate: r.result = sys.ftruncate(op.fd, op.offset); break;
    case FsType::Sendfile: r.result = sys.sendfile(op.fd, op.fd2, op.offset, op.size); break;
    case FsType::Statfs: r.result = sys.statfs(op.path, r.statfs); break;
    case FsType::Opendir: {
      std::unique_ptr<DirStream> dir;
      r.result = sys.opendir(op.path, dir);
      r.dir = std::move(dir);
      break;
    }
    case FsType::Readdir: r.result = op.dir ? op.dir->read(op.size, r.entries) : -EBADF; break;
    case FsType::Closedir: r.result = op.dir ? op.dir->close() : -EBADF; break;
  }
}

class FsReq final : public PoolReq {
 public:
  FsReq(Loop& loop, Sys& sys, FsOp op, FsCallback cb)
      : PoolReq(loop, req_type(op.type), nullptr), sys_(sys), op_(std::move(op)), cb_(std::move(cb)) {}
  void run() override { run_op(sys_, op_, result_); }
  void done(int status) override {
    result_.type = op_.type;
    result_.req = id();
    if (status < 0) result_.result = status;  // cancelled before it ran
    cb_(result_);
  }

 private:
  Sys& sys_;
  FsOp op_;
  FsCallback cb_;
  FsResult result_;
};

FsResult submit(Loop& loop, FsOp op, FsCallback cb) {
  FsResult r;
  r.type = op.type;
  Sys* sys = loop.backend().sys();
  if (!sys) {
    r.result = -ENOSYS;
    return r;
  }
  if (!cb) {
    run_op(*sys, op, r);
    return r;
  }
  auto req = std::make_unique<FsReq>(loop, *sys, std::move(op), std::move(cb));
  int64_t id = sys->work_queue(loop).submit(std::move(req), sys->default_fs_ns());
  if (id < 0) {
    r.result = id;
  } else {
    r.req = static_cast<uint64_t>(id);
  }
  return r;
}

}  // namespace

FsResult fs_open(Loop& loop, std::string path, int flags, int mode, FsCallback cb) {
  FsOp op{FsType::Open};
  op.path = std::move(path);
  op.flags = flags;
  op.mode = mode;
  return submit(loop, std::move(op), std::move(cb));
}

FsResult fs_read(Loop& loop, int fd, size_t size, int64_t offset, FsCallback cb) {
  FsOp op{FsType::Read};
  op.fd = fd;
  op.size = size;
  op.offset = offset;
  return submit(loop, std::move(op), std::move(cb));
}

FsResult fs_write(Loop& loop, int fd, std::string data, int64_t offset, FsCallback cb) {
  FsOp op{FsType::Write};
  op.fd = fd;
  op.data = std::move(data);
  op.offset = offset;
  return submit(loop, std::move(op), std::move(cb));
}

FsResult fs_close(Loop& loop, int fd, FsCallback cb) {
  FsOp op{FsType::Close};
  op.fd = fd;
  return submit(loop, std::move(op), std::move(cb));
}

namespace {
FsResult path_op(Loop& loop, FsType type, std::string path, FsCallback cb, int mode = 0) {
  FsOp op{type};
  op.path = std::move(path);
  op.mode = mode;
  return submit(loop, std::move(op), std::move(cb));
}
}  // namespace

FsResult fs_stat(Loop& loop, std::string path, FsCallback cb) {
  return path_op(loop, FsType::Stat, std::move(path), std::move(cb));
}

FsResult fs_fstat(Loop& loop, int fd, FsCallback cb) {
  FsOp op{FsType::Fstat};
  op.fd = fd;
  return submit(loop, std::move(op), std::move(cb));
}

FsResult fs_lstat(Loop& loop, std::string path, FsCallback cb) {
  return path_op(loop, FsType::Lstat, std::move(path), std::move(cb));
}

FsResult fs_unlink(Loop& loop, std::string path, FsCallback cb) {
  return path_op(loop, FsType::Unlink, std::move(path), std::move(cb));
}

FsResult fs_mkdir(Loop& loop, std::string path, int mode, FsCallback cb) {
  return path_op(loop, FsType::Mkdir, std::move(path), std::move(cb), mode);
}

FsResult fs_mkdtemp(Loop& loop, std::string tmpl, FsCallback cb) {
  return path_op(loop, FsType::Mkdtemp, std::move(tmpl), std::move(cb));
}

FsResult fs_rmdir(Loop& loop, std::string path, FsCallback cb) {
  return path_op(loop, FsType::Rmdir, std::move(path), std::move(cb));
}

FsResult fs_rename(Loop& loop, std::string from, std::string to, FsCallback cb) {
  FsOp op{FsType::Rename};
  op.path = std::move(from);
  op.path2 = std::move(to);
  return submit(loop, std::move(op), std::move(cb));
}

FsResult fs_scandir(Loop& loop, std::string path, FsCallback cb) {
  return path_op(loop, FsType::Scandir, std::move(path), std::move(cb));
}

FsResult fs_request(Loop& loop, FsOp op, FsCallback cb) { return submit(loop, std::move(op), std::move(cb)); }

}  // namespace ls
