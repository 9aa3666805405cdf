// spawn(): the detached strand and the reporting of the exceptions nobody awaits.
#include "spawn.h"

#include <cstdio>

namespace ls::coro {

namespace {

std::vector<failure>& failures() {
  thread_local std::vector<failure> list;
  return list;
}

std::string message_of(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

detail::detached drive(Loop& loop, std::string name, task<void> t, failure_handler on_failure) {
  strand s(loop, std::move(name));
  try {
    co_await detail::on_strand(t, s);
  } catch (...) {
    detail::report(s, std::current_exception(), on_failure);
  }
}

}  // namespace

void spawn(Loop& loop, task<void> t, std::string name, failure_handler on_failure) {
  if (!t.valid()) throw std::invalid_argument("ls::coro::spawn: empty task");
  drive(loop, std::move(name), std::move(t), std::move(on_failure));
}

const std::vector<failure>& unhandled_failures() { return failures(); }
void clear_unhandled_failures() { failures().clear(); }

namespace detail {

void report(const strand& s, std::exception_ptr error, const failure_handler& on_failure) noexcept {
  failure f{s.name(), message_of(error), error};
  if (on_failure) {
    on_failure(f);
    return;
  }
  std::fprintf(stderr, "loopscope: task \"%s\" failed: %s\n", f.task.c_str(), f.message.c_str());
  Trace& trace = s.loop().trace();
  if (trace.enabled()) trace.output("task \"" + f.task + "\" failed: " + f.message + "\n");
  failures().push_back(std::move(f));
}

}  // namespace detail

}  // namespace ls::coro
