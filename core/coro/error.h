// ls::coro::error: a loop failure (a negative errno, or ls::kEOF) raised at the co_await that met it. The core
// reports errors as return values and callback statuses; coroutine code reads top to bottom, so an await either
// gives its value or throws one of these — `catch (const ls::coro::error& e) { if (e.code() == -ECANCELED) ... }`.
// The message is the core's: "ECANCELED: operation canceled", identical on every platform (errors.h).
#pragma once

#include <cerrno>
#include <exception>
#include <string>

namespace ls::coro {

class error : public std::exception {
 public:
  explicit error(int code);

  int code() const noexcept { return code_; }           // negative errno, or ls::kEOF
  const char* name() const noexcept;                    // "ECANCELED"
  const char* what() const noexcept override { return what_.c_str(); }
  bool cancelled() const noexcept { return code_ == -ECANCELED; }

 private:
  int code_;
  std::string what_;
};

// Turns a core return value into an exception: returns r when r >= 0, throws error{r} otherwise.
template <class Int>
Int check(Int r) {
  if (r < 0) throw error(static_cast<int>(r));
  return r;
}

}  // namespace ls::coro
