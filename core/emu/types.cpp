// Name helpers for inspection dumps. See types.h.
#include "types.h"

#include <cerrno>

namespace ls::emu {

std::string errno_name(int err) {
  if (err < 0) err = -err;
  // A switch, not a table indexed by value: errno numbers differ between glibc and Emscripten.
  switch (err) {
    case 0: return "OK";
    case EAGAIN: return "EAGAIN";
    case EBADF: return "EBADF";
    case EBUSY: return "EBUSY";
    case ECANCELED: return "ECANCELED";
    case ECONNREFUSED: return "ECONNREFUSED";
    case ECONNRESET: return "ECONNRESET";
    case EEXIST: return "EEXIST";
    case EINPROGRESS: return "EINPROGRESS";
    case EINTR: return "EINTR";
    case EINVAL: return "EINVAL";
    case EISDIR: return "EISDIR";
    case EMFILE: return "EMFILE";
    case ENOENT: return "ENOENT";
    case ENOTCONN: return "ENOTCONN";
    case ENOTDIR: return "ENOTDIR";
    case ENOTEMPTY: return "ENOTEMPTY";
    case EPIPE: return "EPIPE";
    case EADDRINUSE: return "EADDRINUSE";
    case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EALREADY: return "EALREADY";
    case EISCONN: return "EISCONN";
    case ENETUNREACH: return "ENETUNREACH";
    case ENOTSOCK: return "ENOTSOCK";
    case EPERM: return "EPERM";
    case ESPIPE: return "ESPIPE";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case ENXIO: return "ENXIO";
    default: return "E" + std::to_string(err);
  }
}

std::string events_name(std::uint32_t mask) {
  static constexpr struct {
    std::uint32_t bit;
    const char* name;
  } kBits[] = {{kEpollIn, "IN"},       {kEpollPri, "PRI"}, {kEpollOut, "OUT"},         {kEpollErr, "ERR"},
               {kEpollHup, "HUP"},     {kEpollRdHup, "RDHUP"}, {kEpollOneShot, "ONESHOT"}, {kEpollEt, "ET"}};
  std::string out;
  for (const auto& b : kBits) {
    if (!(mask & b.bit)) continue;
    if (!out.empty()) out += '|';
    out += b.name;
  }
  return out.empty() ? "-" : out;
}

}  // namespace ls::emu
