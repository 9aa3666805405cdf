// fs requests: one description of the operation (FsOp), run by run_op() either now (sync form) or as a pool job
// (async form). See fs.h.
#include "fs.h"

#include <cerrno>
#include <new>

#include "loop.h"
#include "threadpool.h"

namespace ls {

const char* to_string(FsType t) {
  switch (t) {
    case FsType::Open: return "open";
    case FsType::Read: return "read";
    case FsType::Write: return "write";
    case FsType::Close: return "close";
    case FsType::Stat: return "stat";
    case FsType::Fstat: return "fstat";
    case FsType::Lstat: return "lstat";
    case FsType::Unlink: return "unlink";
    case FsType::Mkdir: return "mkdir";
    case FsType::Mkdtemp: return "mkdtemp";
    case FsType::Rmdir: return "rmdir";
    case FsType::Rename: return "rename";
    case FsType::Scandir: return "scandir";
  }
  return "?";
}

namespace {

// The request types the trace shows ("fs_" + the operation), as string literals: TraceEvent keeps a copy, Req
// keeps the pointer.
const char* req_type(FsType t) {
  switch (t) {
    case FsType::Open: return "fs_open";
    case FsType::Read: return "fs_read";
    case FsType::Write: return "fs_write";
    case FsType::Close: return "fs_close";
    case FsType::Stat: return "fs_stat";
    case FsType::Fstat: return "fs_fstat";
    case FsType::Lstat: return "fs_lstat";
    case FsType::Unlink: return "fs_unlink";
    case FsType::Mkdir: return "fs_mkdir";
    case FsType::Mkdtemp: return "fs_mkdtemp";
    case FsType::Rmdir: return "fs_rmdir";
    case FsType::Rename: return "fs_rename";
    case FsType::Scandir: return "fs_scandir";
  }
  return "fs";
}

struct FsOp {
  explicit FsOp(FsType t) : type(t) {}
  FsType type;
  std::string path, path2, data;
  int fd = -1, flags = 0, mode = 0;
  int64_t offset = -1;
  size_t size = 0;
};

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

}  // namespace ls
