// (b) The source document's libuv echo server and echo client, with callbacks, on loopscope's core API — both
// in one program and one loop. The shape is the document's:
//   server: on_new_connection -> accept, read_start(echo_read) -> echo_read writes back what it read
//   client: on_connect -> do_echo -> on_write_end -> read_start(echo_read) -> echo_read -> do_echo -> ...
// Nothing here loops: each callback registers the next one, and the loop drives the cycle. That is what makes
// the flow hard to follow ("callback hell"); echo_coroutines.cpp is the same program written top to bottom.
// The document's client reads a line from stdin each time; this one sends kMessages fixed messages, then closes.
//
//   echo_callbacks [--backend epoll|emulated]     (epoll: real sockets; emulated: the in-memory kernel)
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "example_loop.h"

namespace {

constexpr int kMessages = 5;

ls::Loop* loop;
ls::Tcp* server;
int sent = 0, echoed = 0;

// ---- the server ----

void echo_read(ls::Stream& client, int64_t nread, std::string_view data) {
  if (nread > 0) {
    std::printf("server: echo '%.*s'\n", static_cast<int>(data.size()), data.data());
    client.write(std::string(data), [](int status) {  // echo_write: only errors matter
      if (status < 0) std::fprintf(stderr, "server: write error %s\n", ls::strerror(status));
    });
    return;
  }
  if (nread != ls::kEOF) std::fprintf(stderr, "server: read error %s\n", ls::err_name(static_cast<int>(nread)));
  std::printf("server: the client closed, closing too\n");
  client.close([](ls::Handle& h) { delete &h; });
  server->close();  // one client is all this example serves
}

void on_new_connection(ls::Stream& srv, int status) {
  if (status < 0) {
    std::fprintf(stderr, "server: new connection error %s\n", ls::strerror(status));
    return;
  }
  auto* client = new ls::Tcp(*loop);
  if (srv.accept(*client) == 0) {
    std::printf("server: accepted a new connection\n");
    client->read_start(echo_read);
  } else {
    client->close([](ls::Handle& h) { delete &h; });
  }
}

// ---- the client ----

void do_echo(ls::Stream& tcp);

void client_read(ls::Stream& tcp, int64_t nread, std::string_view data) {
  if (nread < 0) {
    std::fprintf(stderr, "client: read error %s\n", ls::err_name(static_cast<int>(nread)));
    return;
  }
  tcp.read_stop();  // the document's client reads one reply per message
  std::printf("client: got '%.*s'\n", static_cast<int>(data.size()), data.data());
  if (++echoed < kMessages) {
    do_echo(tcp);  // ... and round again
  } else {
    std::printf("client: %d echoes, closing\n", echoed);
    tcp.close();
  }
}

void on_write_end(ls::Stream& tcp, int status) {
  if (status < 0) {
    std::fprintf(stderr, "client: write error %s\n", ls::strerror(status));
    return;
  }
  tcp.read_start(client_read);  // now wait for the echo
}

void do_echo(ls::Stream& tcp) {
  std::string message = "message " + std::to_string(++sent);
  std::printf("client: send '%s'\n", message.c_str());
  tcp.write(message, [&tcp](int status) { on_write_end(tcp, status); });
}

}  // namespace

int main(int argc, char** argv) {
  example::Options opt = example::parse(argc, argv, "epoll");
  std::unique_ptr<ls::Loop> owner = example::make_loop(opt);
  loop = owner.get();

  // The server: bind, listen; on_new_connection runs for each client.
  ls::Tcp srv(*loop);
  server = &srv;
  srv.bind("127.0.0.1", 0);
  if (int r = srv.listen(128, on_new_connection); r < 0) {
    std::fprintf(stderr, "listen error %s\n", ls::strerror(r));
    return 1;
  }
  ls::SockName name;
  srv.getsockname(name);
  std::printf("server: listening on %s\n", name.host.c_str());

  // The client: connect; on_connect starts the echo cycle.
  ls::Tcp socket(*loop);
  socket.connect(name.host, name.port, [&socket](int status) {
    if (status < 0) {
      std::fprintf(stderr, "client: connect error %s\n", ls::strerror(status));
      return;
    }
    std::printf("client: connected\n");
    do_echo(socket);
  });

  loop->run();  // returns when nothing is left: both sides closed
  std::printf("loop ended (%s backend)\n", opt.backend.c_str());
  return loop->close() == 0 ? 0 : 1;
}
