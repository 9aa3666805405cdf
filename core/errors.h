// Errors are negative errno values, as in libuv (-EINVAL, -EBUSY, -ECANCELED, ...), plus kEOF like UV_EOF.
// err_name() gives the symbolic name ("EINVAL") and strerror() libuv's message ("invalid argument"), so that
// bindings can build luv's `nil, "EINVAL: invalid argument", "EINVAL"` triple and traces stay identical across
// platforms whose errno numbers differ (Emscripten's are not Linux's).
#pragma once

namespace ls {

constexpr int kEOF = -4095;  // UV_EOF: end of file

const char* err_name(int err);  // "EINVAL"; "UNKNOWN" for codes it does not know
const char* strerror(int err);  // "invalid argument"; "unknown error" for codes it does not know

}  // namespace ls
