// The emulated backend's answers for luv's process functions: the console is a tty (and what uv.write sends to
// it is the snippet's output), the working directory is /, and what describes the host fails with ENOSYS.
#include <doctest/doctest.h>
#include "snippet_helpers.h"


TEST_CASE("emulated: fd 1 is a tty whose writes are the snippet's output") {
  auto r = run_snippet(
      "print(uv.guess_handle(0), uv.guess_handle(1), uv.guess_handle(2))\n"
      "local tty = uv.new_tty(1, false)\n"
      "print(tty:get_winsize())\n"
      "uv.write(tty, 'through the tty\\n')\n"
      "local pipe = uv.new_pipe(false) pipe:open(1)\n"
      "uv.write(pipe, 'through a pipe on fd 1\\n')\n"
      "uv.run() tty:close() pipe:close() uv.run()\n",
      {}, emulated());
  CHECK(r.error == "");
  CHECK(r.out == "tty\ttty\ttty\n80\t24\nthrough the tty\nthrough a pipe on fd 1\n");
}

TEST_CASE("emulated: chdir stays at /, host descriptions fail with ENOSYS") {
  auto r = run_snippet(
      "print(uv.cwd(), uv.chdir('/'), uv.chdir('/tmp'))\n"
      "print(uv.chdir('/missing'))\n"
      "print(uv.getpid())\n"
      "print(uv.os_uname())\n"
      "print(uv.os_getenv('HOME'))\n"
      "print(uv.cpu_info())\n"
      "print(uv.interface_addresses())\n"
      "print(uv.os_get_passwd())\n"
      "print(uv.os_environ())\n",
      {}, emulated());
  CHECK(r.error == "");
  CHECK(r.out ==
        "/\t0\tnil\tENOSYS: function not implemented\tENOSYS\n"
        "nil\tENOENT: no such file or directory\tENOENT\n"
        "nil\tENOSYS: function not implemented\tENOSYS\n"
        "nil\tENOSYS: function not implemented\tENOSYS\n"
        "nil\tENOSYS: function not implemented\tENOSYS\n"
        "nil\tENOSYS: function not implemented\tENOSYS\n"
        "nil\tENOSYS: function not implemented\tENOSYS\n"
        "nil\tENOSYS: function not implemented\tENOSYS\n"
        "nil\tENOSYS: function not implemented\tENOSYS\n");
}

TEST_CASE("emulated: uv.random's bytes repeat every run, sync and async draw from one sequence") {
  const char* code =
      "local a = uv.random(8)\n"
      "uv.random(8, nil, function(err, b) print(err, (a .. b):gsub('.', function(c)\n"
      "  return string.format('%02x', c:byte()) end)) end)\n"
      "uv.run()\n";
  auto first = run_snippet(code, {}, emulated());
  auto second = run_snippet(code, {}, emulated());
  CHECK(first.error == "");
  CHECK(first.out.size() == std::string("nil\t\t16\n").size() + 32);
  CHECK(first.out == second.out);
  CHECK(first.out.find("0000000000000000") == std::string::npos);
}
