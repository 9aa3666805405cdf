// Tty conformance on both backends: libuv's tty handle takes a pipe (writes go through it, terminal calls fail
// with ENOTTY) and refuses files; on the emulated backend the console (fd 1) is a terminal whose bytes reach
// the kernel's console sink.
#include "core/tty.h"
#include "io_support.h"

using iotest::Env;

TEST_SUITE("streams") {

TEST_CASE("tty: over a pipe it writes like a stream; terminal calls fail with ENOTTY") {
  iotest::for_each_backend([](Env& env) {
    int fds[2];
    REQUIRE(ls::make_pipe(env.l(), fds) == 0);
    ls::Pipe* reader = env.pipe();
    REQUIRE(reader->open(fds[0]) == 0);
    auto* tty = env.make<ls::Tty>();
    REQUIRE(tty->open(fds[1], /*readable=*/false) == 0);
    CHECK(tty->type() == ls::HandleType::Tty);
    CHECK(tty->is_writable());
    CHECK_FALSE(tty->is_readable());
    int w = 0, h = 0;
    CHECK(tty->get_winsize(w, h) == -ENOTTY);
    CHECK(tty->set_mode(ls::TtyMode::Raw) == -ENOTTY);
    std::string got;
    REQUIRE(reader->read_start([&](ls::Stream& s, int64_t n, std::string_view data) {
      if (n > 0) got += data;
      if (got == "to the tty") s.close();
    }) == 0);
    CHECK(tty->write("to the tty", [&](int st) {
      CHECK(st == 0);
      tty->close();
    }) > 0);
    CHECK(env.run() == 0);
    CHECK(got == "to the tty");
    env.finish();
  });
}

TEST_CASE("tty: a regular file is refused (EINVAL), as uv_tty_init") {
  iotest::for_each_backend([](Env& env) {
    ls::Sys* sys = env.l().backend().sys();
    std::string path = env.tmp + "/tty-file";
    int fd = sys->open(path, ls::fsflag::kCreat | ls::fsflag::kWrOnly, 0644);
    REQUIRE(fd >= 0);
    CHECK(std::string(sys->guess_handle(fd)) == "file");
    auto* tty = env.make<ls::Tty>();
    CHECK(tty->open(fd, false) == -EINVAL);
    tty->close();
    sys->close(fd);
    sys->unlink(path);
    CHECK(env.run() == 0);
    env.finish();
  });
}

TEST_CASE("tty: the emulated console is a terminal; what is written to fd 1 reaches the console sink") {
  iotest::for_each_backend([](Env& env) {
    if (!env.emulated()) return;  // natively fd 1 is whatever ctest gave us
    std::string console;
    env.kernel->set_console([&](int fd, std::string_view bytes) {
      CHECK(fd == 1);
      console += bytes;
    });
    ls::Sys* sys = env.l().backend().sys();
    CHECK(std::string(sys->guess_handle(1)) == "tty");
    auto* tty = env.make<ls::Tty>();
    REQUIRE(tty->open(1, false) == 0);
    int w = 0, h = 0;
    CHECK(tty->get_winsize(w, h) == 0);
    CHECK(w == 80);
    CHECK(h == 24);
    CHECK(tty->set_mode(ls::TtyMode::Raw) == 0);
    CHECK(tty->write("on the console\n", [&](int st) {
      CHECK(st == 0);
      tty->close();
    }) > 0);
    CHECK(env.run() == 0);
    CHECK(console == "on the console\n");
    CHECK(std::string(sys->guess_handle(1)) == "tty");  // closing the handle left fd 1 open, as libuv
    env.kernel->set_console(nullptr);
    env.finish();
  });
}

}  // TEST_SUITE
