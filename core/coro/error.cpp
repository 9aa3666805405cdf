// ls::coro::error: the core's error names and messages, wrapped in an exception.
#include "error.h"

#include "../errors.h"

namespace ls::coro {

error::error(int code) : code_(code), what_(std::string(ls::err_name(code)) + ": " + ls::strerror(code)) {}

const char* error::name() const noexcept { return ls::err_name(code_); }

}  // namespace ls::coro
