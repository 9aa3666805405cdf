// See inputs.h.
#include "inputs.h"

#include <cerrno>

#include "../loop.h"
#include "connection.h"
#include "emulated_backend.h"

namespace ls {

namespace {

InputResult fail(int err, std::string message) { return InputResult{err, std::move(message), 0}; }

InputResult apply_to(emu::Kernel& k, const Input& in) {
  emu::RemoteHost& remote = k.remote();
  auto no_client = [&] { return fail(-ENOENT, "no client " + std::to_string(in.client)); };
  switch (in.action) {
    case InputAction::Connect: {
      if (in.value <= 0 || in.value > 65535) return fail(-EINVAL, "a port is 1 to 65535");
      std::int64_t id = remote.connect("127.0.0.1", static_cast<std::uint16_t>(in.value));
      if (id < 0) return fail(static_cast<int>(id), "connect failed");
      InputResult r;
      r.client = static_cast<uint64_t>(id);
      return r;
    }
    case InputAction::Send: {
      int r = remote.send(in.client, in.text);
      if (r == -ENOENT) return no_client();
      if (r < 0) return fail(r, "client " + std::to_string(in.client) + " has shut down or closed");
      return {};
    }
    case InputAction::Shutdown: return remote.shutdown(in.client) == -ENOENT ? no_client() : InputResult{};
    case InputAction::Close: return remote.close(in.client) == -ENOENT ? no_client() : InputResult{};
    case InputAction::Reading:
      return remote.set_reading(in.client, in.value != 0) == -ENOENT ? no_client() : InputResult{};
    case InputAction::Latency: {
      if (in.value < 0 || in.value > 60000) return fail(-EINVAL, "latency is 0 to 60000 ms");
      emu::LinkParams link;
      link.latency = static_cast<emu::Nanos>(in.value) * 1000000;
      if (in.client == 0) {  // every connection, and the ones to come
        k.set_default_link(link);
        for (const auto& [id, c] : k.net().connections()) c->set_link(link);
        return {};
      }
      uint64_t conn = remote.connection_id(in.client);
      emu::Connection* c = conn ? k.net().find(conn) : nullptr;
      if (!c) return remote.has(in.client) ? fail(-ENOTCONN, "the client is not connected") : no_client();
      c->set_link(link);
      return {};
    }
    case InputAction::Reset: {
      uint64_t conn = remote.connection_id(in.client);
      if (!remote.has(in.client)) return no_client();
      if (!conn) return fail(-ENOTCONN, "client " + std::to_string(in.client) + " has no connection to reset");
      k.reset_connection(conn);
      return {};
    }
    case InputAction::Refuse:
      if (in.value < 0 || in.value > 65535) return fail(-EINVAL, "a port is 1 to 65535 (0: every port)");
      if (in.value == 0) {
        k.faults().refuse_all = in.on;
      } else {
        k.faults().refuse_port(static_cast<std::uint16_t>(in.value), in.on);
      }
      return {};
    case InputAction::FdLimit:
      if (in.value < 1 || in.value > 1 << 20) return fail(-EINVAL, "the fd limit is 1 to 1048576");
      k.set_fd_limit(static_cast<int>(in.value));
      return {};
    case InputAction::SendBuffer: {
      if (in.value < 1 || in.value > 64 << 20) return fail(-EINVAL, "a send buffer is 1 byte to 64 MiB");
      uint64_t conn = remote.connection_id(in.client);
      if (!remote.has(in.client)) return no_client();
      if (!conn) return fail(-ENOTCONN, "client " + std::to_string(in.client) + " has no connection");
      k.set_connection_send_buffer(conn, emu::Connection::kServer, static_cast<std::size_t>(in.value));
      return {};
    }
  }
  return fail(-EINVAL, "unknown input");
}

}  // namespace

InputResult apply_input(Loop& loop, Input& in, uint64_t at_ns) {
  emu::Kernel* k = emulated_kernel(loop);
  if (!k) return fail(-ENOSYS, "outside input needs the emulated backend");
  in.seq = loop.trace().last_seq();
  loop.jump_wait_to(at_ns);
  in.t_ns = loop.hrtime();
  // The kernel catches up with the loop's clock first (as the next poll would), so the input meets the network
  // as it stands at t_ns.
  if (k->now_ns() < in.t_ns) k->advance_to(in.t_ns);
  InputResult r = apply_to(*k, in);
  if (r.error) return r;
  if (in.action == InputAction::Connect) in.client = r.client;
  TraceEvent ev;
  ev.kind = TraceKind::Input;
  ev.a = static_cast<int64_t>(in.action);
  ev.id = in.client;
  ev.b = in.value;
  ev.text = in.action == InputAction::Refuse ? (in.on ? "on" : "off") : in.text;
  loop.trace().emit(std::move(ev));
  return r;
}

bool parse_input_action(const std::string& name, InputAction& out) {
  for (int i = 0; i <= static_cast<int>(InputAction::SendBuffer); ++i) {
    auto a = static_cast<InputAction>(i);
    if (name == to_string(a)) {
      out = a;
      return true;
    }
  }
  return false;
}

}  // namespace ls
