// Emulated kernel, remote clients (emu/remote.h): a client outside the program connects, sends and reads on its
// own (driven by kernel actions), takes no fd, meets back-pressure when it stops reading, sees a reset and a
// refusal with the errors a socket would.
#include "emu_test_util.h"

using namespace emu_test;

namespace {

RemoteClientView client_view(Kernel& k, std::uint64_t id) {
  for (const RemoteClientView& v : k.remote().view())
    if (v.id == id) return v;
  FAIL("no remote client " << id);
  return {};
}

// Accepts the remote client's connection on lfd, moving time as the handshake needs.
int accept_remote(Kernel& k, int lfd) {
  int s = -EAGAIN;
  for (int i = 0; i < 100 && (s = k.accept(lfd)) == -EAGAIN; ++i) jump(k);
  REQUIRE(s >= 0);
  return s;
}

}  // namespace

TEST_SUITE("emu") {

TEST_CASE("emu remote: a client outside the program connects, sends, reads what comes back; it takes no fd") {
  Kernel k(with_latency(2 * kMs));
  int l = listener(k, 7000);
  std::size_t fds_before = k.open_fds();
  std::int64_t id = k.remote().connect("127.0.0.1", 7000);
  REQUIRE(id == 1);
  CHECK(client_view(k, 1).state == "connecting");
  REQUIRE(k.remote().send(1, "hello\n") == 0);  // queued until the handshake is done
  int s = accept_remote(k, l);
  CHECK(k.now_ns() == 2 * kMs);
  CHECK(k.open_fds() == fds_before + 1);  // the accepted socket; the remote side has none
  RemoteClientView v = client_view(k, 1);
  CHECK(v.connected);
  CHECK(v.state == "connected");
  CHECK(v.conn_id == k.connection_id(s));
  CHECK(k.inspect().connections[0].client_remote);
  CHECK(k.inspect().connections[0].client_fd == -1);

  std::string got = read_available(k, s);
  for (int i = 0; i < 100 && got.size() < 6 && jump(k); ++i) got += read_available(k, s);
  CHECK(got == "hello\n");
  CHECK(k.now_ns() == 4 * kMs);  // the bytes left once the connection was up, and arrived one latency later
  REQUIRE(write_str(k, s, "echo: hello\n") == 12);
  while (client_view(k, 1).received.empty() && jump(k)) {
  }
  CHECK(client_view(k, 1).received == "echo: hello\n");
  CHECK(k.now_ns() == 6 * kMs);

  REQUIRE(k.remote().shutdown(1) == 0);
  std::int64_t last = 0;
  while (read_available(k, s, &last).empty() && last == -EAGAIN && jump(k)) {
  }
  CHECK(last == 0);  // the client's FIN: EOF at the server
  REQUIRE(k.close(s) == 0);
  while (!client_view(k, 1).eof && jump(k)) {
  }
  CHECK(client_view(k, 1).state == "finished");
  CHECK(k.remote().send(1, "late") == -EPIPE);
  CHECK(k.remote().send(9, "x") == -ENOENT);
}

TEST_CASE("emu remote: the fd limit does not count remote clients; with reading off the server meets EAGAIN") {
  Config cfg;
  cfg.fd_limit = 5;  // stdio, the listener, one accepted socket
  cfg.send_buffer = cfg.recv_buffer = 4096;
  Kernel k(cfg);
  int l = listener(k, 7001);
  k.remote().connect("127.0.0.1", 7001);
  k.remote().connect("127.0.0.1", 7001);
  int s = accept_remote(k, l);
  CHECK(k.accept(l) == -EMFILE);  // the second one waits for an fd; the clients themselves took none
  REQUIRE(k.remote().set_reading(1, false) == 0);
  std::string block = pattern(1024);
  std::int64_t total = 0, r = 0;
  for (int i = 0; i < 64 && (r = write_str(k, s, block)) > 0; ++i) {
    total += r;
    jump(k);
  }
  CHECK(r == -EAGAIN);
  CHECK(total == 8192);  // the server's send buffer plus the client's receive buffer, then back-pressure
  CHECK(client_view(k, 1).received.empty());
  REQUIRE(k.remote().set_reading(1, true) == 0);
  CHECK(client_view(k, 1).received.size() == 4096);  // what had arrived, read at once
  while (jump(k)) {
  }
  CHECK(client_view(k, 1).received.size() == 8192);
  CHECK((fd_view(k, s).ready & kEpollOut) != 0);  // the window opened: writable again
}

TEST_CASE("emu remote: a reset reaches both ends; a refused port gives the client ECONNREFUSED") {
  Kernel k(with_latency(1 * kMs));
  int l = listener(k, 7002);
  k.remote().connect("127.0.0.1", 7002);
  int s = accept_remote(k, l);
  REQUIRE(k.reset_connection(k.remote().connection_id(1)) == 0);
  char buf[16];
  CHECK(k.read(s, buf, sizeof buf) == -ECONNRESET);
  jump(k);
  CHECK(client_view(k, 1).error == "ECONNRESET");
  CHECK(client_view(k, 1).state == "reset");

  k.faults().refuse_port(7002);
  k.remote().connect("127.0.0.1", 7002);
  while (client_view(k, 2).state == "connecting" && jump(k)) {
  }
  CHECK(client_view(k, 2).error == "ECONNREFUSED");
  CHECK(client_view(k, 2).state == "refused");
  k.faults().refuse_all = true;
  k.faults().refuse_port(7002, false);
  k.remote().connect("127.0.0.1", 7002);
  while (client_view(k, 3).state == "connecting" && jump(k)) {
  }
  CHECK(client_view(k, 3).error == "ECONNREFUSED");
  k.faults().refuse_all = false;
  k.remote().connect("127.0.0.1", 7999);  // nobody listens there
  while (client_view(k, 4).state == "connecting" && jump(k)) {
  }
  CHECK(client_view(k, 4).state == "refused");
}

TEST_CASE("emu remote: closing a client with unread data resets; a closed client's connection is reaped") {
  Kernel k;
  int l = listener(k, 7003);
  k.remote().connect("127.0.0.1", 7003);
  int s = accept_remote(k, l);
  REQUIRE(k.remote().set_reading(1, false) == 0);
  REQUIRE(write_str(k, s, "unread") == 6);
  jump(k);
  REQUIRE(k.remote().close(1) == 0);
  while (jump(k)) {
  }
  char buf[16];
  CHECK(k.read(s, buf, sizeof buf) == -ECONNRESET);  // RFC 2525: unread data is lost, the peer is told
  REQUIRE(k.close(s) == 0);
  while (jump(k)) {
  }
  CHECK(k.inspect().connections.empty());
  CHECK(client_view(k, 1).state == "closed");
}

}
