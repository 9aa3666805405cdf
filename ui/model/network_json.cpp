// state()'s fds & network part, in the names the page's API documents (README: window.loopscope). The *Text
// fields are what the panel draws, in the UI's language; the fields beside them stay English identifiers.
#include <nlohmann/json.hpp>

#include "ui/model/view_model.h"

namespace ls::ui {

void network_json(const ViewModel& vm, nlohmann::json& j) {
  using nlohmann::json;
  const NetworkView& n = vm.network;
  json fds = json::array();
  for (const FdRow& f : n.fds)
    fds.push_back({{"fd", f.fd}, {"kind", f.kind}, {"state", f.state}, {"handle", f.handle}, {"owner", f.owner},
                   {"stateText", f.state_text}, {"ownerText", f.owner_text},
                   {"interest", f.interest}, {"ready", f.ready}, {"sendQueued", f.send_fill},
                   {"sendCapacity", f.send_cap}, {"recvQueued", f.recv_fill}, {"recvCapacity", f.recv_cap},
                   {"local", f.local}, {"peer", f.peer}, {"changed", f.changed}});
  j["fds"] = fds;
  json listening = json::array();
  for (const ListenerRow& l : n.listening)
    listening.push_back({{"fd", l.fd}, {"port", l.port}, {"handle", l.handle}, {"queued", l.queued}});
  j["listening"] = listening;
  json conns = json::array();
  for (const ConnRow& c : n.connections)
    conns.push_back({{"id", c.id}, {"client", c.client}, {"server", c.server}, {"remoteClient", c.remote_client},
                     {"clientFd", c.client_fd}, {"serverFd", c.server_fd}, {"clientState", c.client_state},
                     {"serverState", c.server_state},
                     {"clientStateText", c.client_state_text}, {"serverStateText", c.server_state_text}, {"toServer", c.c2s_queued + c.c2s_inflight},
                     {"toClient", c.s2c_queued + c.s2c_inflight}, {"latency", c.latency_ms}});
  j["connections"] = conns;
  json clients = json::array();
  for (const ClientRow& c : n.clients)
    clients.push_back({{"id", c.id}, {"port", c.port}, {"state", c.state}, {"stateText", c.state_text},
                       {"connected", c.connected},
                       {"reading", c.reading}, {"eof", c.eof}, {"shut", c.shut}, {"received", c.received}, {"unsent", c.unsent},
                       {"error", c.error.empty() ? json(nullptr) : json(c.error)}});
  j["clients"] = clients;
  j["lastReady"] = n.last_ready;
  j["lastReadyText"] = n.last_ready_text;  // what the panel draws, in the UI's language
  json refused = n.refused_ports;
  j["faults"] = {{"fdLimit", n.fd_limit}, {"openFds", n.open_fds}, {"refuseAll", n.refuse_all}, {"refusedPorts", refused}};
  json inputs = json::array();
  for (const Input& in : vm.inputs) {
    json i = {{"seq", in.seq}, {"t_ns", in.t_ns}, {"action", to_string(in.action)}};
    if (in.client) i["client"] = in.client;
    if (in.action != InputAction::Send && in.action != InputAction::Shutdown && in.action != InputAction::Close)
      i["value"] = in.value;
    if (in.action == InputAction::Refuse) i["on"] = in.on;
    if (in.action == InputAction::Send) i["text"] = in.text;
    inputs.push_back(i);
  }
  j["inputs"] = inputs;
}

}  // namespace ls::ui
