// The datagram calls of a Sys without datagram sockets (the null backend): each answers -ENOSYS, as libuv on a
// platform without the facility. NativeSys (native_udp.cpp) and EmuSys (emu/emu_udp.cpp) override them.
#include <cerrno>

#include "sys.h"

namespace ls {

int Sys::udp_socket(AddrFamily) { return -ENOSYS; }
int Sys::udp_bind(int, std::string_view, uint16_t, unsigned) { return -ENOSYS; }
int Sys::udp_connect(int, std::string_view, uint16_t) { return -ENOSYS; }
int64_t Sys::udp_send(int, const ConstBuf*, int, const SockName*) { return -ENOSYS; }
int64_t Sys::udp_recv(int, void*, size_t, SockName&, bool&) { return -ENOSYS; }
int Sys::udp_set_option(int, UdpOption, int) { return -ENOSYS; }
int Sys::udp_set_membership(int, std::string_view, std::string_view, bool) { return -ENOSYS; }
int Sys::udp_set_source_membership(int, std::string_view, std::string_view, std::string_view, bool) {
  return -ENOSYS;
}
int Sys::udp_set_multicast_interface(int, std::string_view) { return -ENOSYS; }

}  // namespace ls
