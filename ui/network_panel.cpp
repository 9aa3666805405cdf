// FDs & network: the program's fd table as the emulated kernel holds it (owner, interest and readiness, buffer
// fill), the listening sockets, the connection table with both ends, what the last poll reported ready, and the
// fd limit. Rows that changed in the last step are lit.
#include <string>

#include "imgui.h"
#include "ui/app.h"

namespace ls::ui {

namespace {

std::string fill(size_t used, size_t cap) {
  if (cap == 0) return used ? std::to_string(used) : "-";
  return std::to_string(used) + " / " + std::to_string(cap);
}

void fd_table(const NetworkView& n, Lang L) {
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit |
                          ImGuiTableFlags_ScrollX;
  if (!ImGui::BeginTable("fd_rows", 8, flags)) return;
  ImGui::TableSetupColumn("fd");
  ImGui::TableSetupColumn(tr(L, "kind"));
  ImGui::TableSetupColumn(tr(L, "state"));
  ImGui::TableSetupColumn(tr(L, "owner"));
  ImGui::TableSetupColumn(tr(L, "watched for"));
  ImGui::TableSetupColumn(tr(L, "ready now"));
  ImGui::TableSetupColumn(tr(L, "send buf"));
  ImGui::TableSetupColumn(tr(L, "recv buf"));
  ImGui::TableHeadersRow();
  for (const FdRow& f : n.fds) {
    ImGui::TableNextRow();
    if (f.changed) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImVec4(0.45f, 0.38f, 0.1f, 0.55f)));
    ImGui::TableNextColumn();
    ImGui::Text("%d", f.fd);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(f.kind.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(f.state_text.c_str());
    if (ImGui::IsItemHovered() && !(f.local.empty() && f.peer.empty()))
      ImGui::SetTooltip(tr(L, "local %s\npeer %s"), f.local.c_str(), f.peer.empty() ? "-" : f.peer.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(f.owner_text.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(io_events_text(f.interest, L).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(io_events_text(f.ready, L).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(fill(f.send_fill, f.send_cap).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(fill(f.recv_fill, f.recv_cap).c_str());
  }
  ImGui::EndTable();
}

void connection_table(const NetworkView& n, Lang L) {
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit |
                          ImGuiTableFlags_ScrollX;
  if (!ImGui::BeginTable("conn_rows", 6, flags)) return;
  ImGui::TableSetupColumn("#");
  ImGui::TableSetupColumn(tr(L, "client end"));
  ImGui::TableSetupColumn(tr(L, "program's end"));
  ImGui::TableSetupColumn(tr(L, "to program"));
  ImGui::TableSetupColumn(tr(L, "to client"));
  ImGui::TableSetupColumn(tr(L, "latency"));
  ImGui::TableHeadersRow();
  for (const ConnRow& c : n.connections) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Text("%llu", (unsigned long long)c.id);
    ImGui::TableNextColumn();
    if (c.client_remote) {
      ImGui::Text(tr(L, "client #%llu %s"), (unsigned long long)c.remote_client, c.client_state_text.c_str());
    } else {
      ImGui::Text("fd %d %s", c.client_fd, c.client_state_text.c_str());
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", c.client.c_str());
    ImGui::TableNextColumn();
    if (c.server_fd >= 0) {
      ImGui::Text("fd %d %s", c.server_fd, c.server_state_text.c_str());
    } else {
      ImGui::Text(tr(L, "not accepted / closed, %s"), c.server_state_text.c_str());
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", c.server.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%zu B", c.c2s_queued + c.c2s_inflight);
    ImGui::TableNextColumn();
    ImGui::Text("%zu B", c.s2c_queued + c.s2c_inflight);
    ImGui::TableNextColumn();
    ImGui::Text("%llu ms", (unsigned long long)c.latency_ms);
  }
  ImGui::EndTable();
}

}  // namespace

void draw_network(App& app, float width, float height) {
  const NetworkView& n = app.vm.network;
  const Lang L = app.settings.lang;
  ImGui::BeginChild("network", ImVec2(width, height), true);
  if (!app.session) {
    ImGui::TextDisabled("%s", tr(L, "No run yet: the fd table appears when the snippet runs."));
    ImGui::EndChild();
    return;
  }
  ImGui::Text(tr(L, "fd limit %d, %zu open (stdio and the loop's own count too)"), n.fd_limit, n.open_fds);
  if (n.refuse_all || !n.refused_ports.empty()) {
    std::string r = n.refuse_all ? tr(L, "every port") : "";
    for (uint16_t p : n.refused_ports) r += (r.empty() ? tr(L, "port ") : ", ") + std::to_string(p);
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(1.0f, 0.6f, 0.45f, 1), tr(L, "\xc2\xb7 refusing connects to %s"), r.c_str());
  }
  ImGui::PushTextWrapPos(0.0f);
  if (n.last_ready.empty()) {
    ImGui::TextDisabled("%s", tr(L, "The last poll reported nothing ready."));
  } else {
    std::string s = tr(L, "The last poll reported:");
    for (size_t i = 0; i < n.last_ready_text.size(); i++) s += (i ? "; " : " ") + n.last_ready_text[i];
    ImGui::TextUnformatted(s.c_str());
  }
  ImGui::PopTextWrapPos();
  if (app.vm.steps && app.session->last_was_step()) ImGui::TextDisabled("%s", tr(L, "Lit rows changed in the last step."));
  ImGui::Separator();
  fd_table(n, L);
  ImGui::Spacing();
  for (const ListenerRow& l : n.listening)
    ImGui::BulletText(tr(L, "fd %d listens on %s (handle #%llu), %zu waiting to be accepted (backlog %d)"), l.fd,
                      l.addr.c_str(), (unsigned long long)l.handle, l.queued, l.backlog);
  if (!n.connections.empty()) {
    ImGui::TextUnformatted(tr(L, "Connections"));
    connection_table(n, L);
  } else if (!n.listening.empty()) {
    ImGui::TextDisabled("%s", tr(L, "No connection yet: connect with the Network client tab."));
  }
  ImGui::EndChild();
}

}  // namespace ls::ui
