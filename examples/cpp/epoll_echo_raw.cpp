// (a) An event loop written directly on epoll — the source document's C loop, made to run on its own:
//
//     while (1) {
//       int numEvents = epoll_wait(epollfd, events, MAX_EVENTS, -1);   // block until something happens
//       for (i = 0; i < numEvents; ++i)
//         if (events[i].data.fd == serverSockfd) accept + epoll_ctl(ADD)   // a new connection
//         else receiveData(...)                                          // data from a client
//     }
//
// The server and a client live in the same program and the same loop, on 127.0.0.1: the client sends
// kMessages lines, the server echoes each one back, the client prints what came back and sends the next one.
// Then everything is closed and the loop ends. No loopscope here at all — this is what libuv (and our core)
// wrap: non-blocking sockets, one epoll set, and a dispatch on "which fd is ready?".
// Native only (epoll is Linux's). Output asserted by tests/examples_cpp.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

constexpr int kMaxEvents = 16;
constexpr int kMessages = 5;

int fail(const char* what) {
  std::fprintf(stderr, "%s: %s\n", what, std::strerror(errno));
  return 1;
}

void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK); }

// Subscribe fd to `events`; data.fd tells us later which socket woke us (the document's event.data.fd).
void watch(int epollfd, int op, int fd, uint32_t events) {
  epoll_event ev{};
  ev.events = events;
  ev.data.fd = fd;
  epoll_ctl(epollfd, op, fd, &ev);
}

}  // namespace

int main() {
  // ---- the listening socket: 127.0.0.1, a port the kernel picks ----
  int serverSockfd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(serverSockfd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) return fail("bind");
  if (listen(serverSockfd, 128) < 0) return fail("listen");
  socklen_t len = sizeof addr;
  getsockname(serverSockfd, reinterpret_cast<sockaddr*>(&addr), &len);  // which port we got
  set_nonblocking(serverSockfd);

  // ---- the client: a non-blocking connect completes later, when its socket turns writable ----
  int clientSockfd = socket(AF_INET, SOCK_STREAM, 0);
  set_nonblocking(clientSockfd);
  if (connect(clientSockfd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0 && errno != EINPROGRESS)
    return fail("connect");

  // ---- one epoll set watches all of them ----
  int epollfd = epoll_create1(0);
  watch(epollfd, EPOLL_CTL_ADD, serverSockfd, EPOLLIN);   // readable = a connection is waiting
  watch(epollfd, EPOLL_CTL_ADD, clientSockfd, EPOLLOUT);  // writable = connected

  int accepted = -1;  // the server's end of the connection
  int sent = 0, echoed = 0;
  bool done = false;
  char buf[256];
  epoll_event events[kMaxEvents];

  auto send_next = [&] {
    std::string msg = "message " + std::to_string(++sent);
    std::printf("client: send '%s'\n", msg.c_str());
    write(clientSockfd, msg.data(), msg.size());  // small: a socket buffer always takes it whole
  };

  // ---- the event loop ----
  while (!done) {
    // Block until something happens (5 s at most: an example must never hang).
    int numEvents = epoll_wait(epollfd, events, kMaxEvents, 5000);
    if (numEvents == 0) {
      std::fprintf(stderr, "nothing happened for 5 s\n");
      return 1;
    }
    for (int i = 0; i < numEvents; ++i) {
      int fd = events[i].data.fd;
      if (fd == serverSockfd) {
        // A new connection: accept it and subscribe to its data.
        accepted = accept(serverSockfd, nullptr, nullptr);
        set_nonblocking(accepted);
        watch(epollfd, EPOLL_CTL_ADD, accepted, EPOLLIN);
        std::printf("server: accepted a new connection\n");
      } else if (fd == accepted) {
        // Data from the client (receiveData): echo it back; 0 bytes = the client closed.
        ssize_t n = read(accepted, buf, sizeof buf);
        if (n > 0) {
          std::printf("server: echo '%.*s'\n", static_cast<int>(n), buf);
          write(accepted, buf, static_cast<size_t>(n));
        } else if (n == 0) {
          std::printf("server: the client closed, closing too\n");
          epoll_ctl(epollfd, EPOLL_CTL_DEL, accepted, nullptr);
          close(accepted);
          done = true;
        }
      } else if (fd == clientSockfd && (events[i].events & EPOLLOUT)) {
        // The client's connect completed: from now on it only wants to read the echoes.
        watch(epollfd, EPOLL_CTL_MOD, clientSockfd, EPOLLIN);
        std::printf("client: connected\n");
        send_next();
      } else if (fd == clientSockfd) {
        ssize_t n = read(clientSockfd, buf, sizeof buf);
        if (n <= 0) continue;
        std::printf("client: got '%.*s'\n", static_cast<int>(n), buf);
        if (++echoed < kMessages) {
          send_next();
        } else {
          std::printf("client: %d echoes, closing\n", echoed);
          epoll_ctl(epollfd, EPOLL_CTL_DEL, clientSockfd, nullptr);
          close(clientSockfd);  // the server reads 0 bytes next
        }
      }
    }
  }
  close(serverSockfd);
  close(epollfd);
  std::printf("loop ended\n");
  return 0;
}
