// The network client (like `nc`): connect to a port the snippet listens on, type lines (Enter sends them with a
// newline, or exactly as typed when raw), see what comes back, shut down or close, stop reading (so the snippet
// meets back-pressure); several clients at once. Below, the fault switches. Every action is outside input to
// the run (App::input), recorded and traced.
#include <cstdio>
#include <string>

#include "imgui.h"
#include "ui/app.h"

namespace ls::ui {

namespace {

const ClientRow* shown_client(const App& app) {
  const std::vector<ClientRow>& clients = app.vm.network.clients;
  for (const ClientRow& c : clients)
    if (c.id == app.client_form.shown) return &c;
  return clients.empty() ? nullptr : &clients.back();
}

ImVec4 state_color(const ClientRow& c) {
  if (!c.error.empty()) return ImVec4(1.0f, 0.55f, 0.5f, 1);
  if (c.connected && !c.eof) return ImVec4(0.55f, 0.9f, 0.6f, 1);
  return ImVec4(0.75f, 0.75f, 0.75f, 1);
}

Input client_input(InputAction action, uint64_t client, int64_t value = 0, std::string text = "") {
  Input in;
  in.action = action;
  in.client = client;
  in.value = value;
  in.text = std::move(text);
  return in;
}

// What the client received, line by line (only the visible lines are laid out).
void conversation(const ClientRow& c, float height, Lang L) {
  ImGui::BeginChild("received", ImVec2(0, height), true, ImGuiWindowFlags_HorizontalScrollbar);
  draw_text_lines(c.received);
  if (c.received.empty()) ImGui::TextDisabled("%s", tr(L, "Nothing received yet."));
  if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f) ImGui::SetScrollHereY(1.0f);
  ImGui::EndChild();
}

void faults(App& app, const ClientRow* c) {
  App::ClientForm& f = app.client_form;
  const Lang L = app.settings.lang;
  ImGui::SetNextItemWidth(90);
  ImGui::InputInt("ms##latency", &f.latency_ms, 50, 200);
  if (f.latency_ms < 0) f.latency_ms = 0;
  ImGui::SameLine();
  ImGui::Checkbox(label(L, "all connections", "latency_all").c_str(), &f.latency_all);
  ImGui::SameLine();
  if (ImGui::Button(label(L, "Set latency", "latency").c_str()))
    app.input(client_input(InputAction::Latency, f.latency_all || !c ? 0 : c->id, f.latency_ms));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(L, "one-way delay of every segment (this client's connection, or all)"));
  ImGui::SameLine();
  ImGui::BeginDisabled(!c || !c->connected);
  if (ImGui::Button(label(L, "Reset connection", "reset_conn").c_str()) && c) app.input(client_input(InputAction::Reset, c->id));
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", tr(L, "an RST both ways: the snippet's read callback gets ECONNRESET"));
  ImGui::EndDisabled();

  ImGui::SetNextItemWidth(90);
  ImGui::InputInt("##sndbuf", &f.sndbuf, 256, 4096);
  if (f.sndbuf < 1) f.sndbuf = 1;
  ImGui::SameLine();
  ImGui::BeginDisabled(!c || !c->connected);
  if (ImGui::Button(label(L, "Set send buffer", "sndbuf_set").c_str()) && c) app.input(client_input(InputAction::SendBuffer, c->id, f.sndbuf));
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", tr(L, "the snippet's send buffer on this connection: small ones make partial writes"));
  ImGui::EndDisabled();

  bool refused = false;
  for (uint16_t p : app.vm.network.refused_ports) refused |= p == f.port;
  if (ImGui::Checkbox(label(L, "refuse connects to the port", "refuse").c_str(), &refused)) {
    Input in = client_input(InputAction::Refuse, 0, f.port);
    in.on = refused;
    app.input(in);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr(L, "new connects to port %d fail with ECONNREFUSED"), f.port);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90);
  ImGui::InputInt("##fdlimit", &f.fd_limit, 1, 4);
  if (f.fd_limit < 1) f.fd_limit = 1;
  ImGui::SameLine();
  if (ImGui::Button(label(L, "Set fd limit", "fdlimit_set").c_str())) app.input(client_input(InputAction::FdLimit, 0, f.fd_limit));
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(tr(L, "RLIMIT_NOFILE of the snippet's process: %zu fds are open now"), app.vm.network.open_fds);
}

}  // namespace

void draw_client(App& app, float width, float height) {
  App::ClientForm& f = app.client_form;
  const Lang L = app.settings.lang;
  ImGui::BeginChild("client", ImVec2(width, height), true);
  ImGui::SetNextItemWidth(110);
  ImGui::InputInt(label(L, "port", "port").c_str(), &f.port, 1, 100);
  if (f.port < 1) f.port = 1;
  if (f.port > 65535) f.port = 65535;
  ImGui::SameLine();
  if (ImGui::Button(label(L, "Connect", "connect").c_str())) app.input(client_input(InputAction::Connect, 0, f.port));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(L, "a client on another host of the virtual network connects to the port"));
  for (const ClientRow& c : app.vm.network.clients) {
    ImGui::SameLine();
    char label[48];
    std::snprintf(label, sizeof label, "#%llu %s", (unsigned long long)c.id, c.state_text.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, state_color(c));
    if (ImGui::Selectable(label, shown_client(app) == &c, 0, ImGui::CalcTextSize(label))) f.shown = c.id;
    ImGui::PopStyleColor();
  }
  const ClientRow* c = shown_client(app);
  if (!c) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", app.vm.network.listening.empty()
                                  ? tr(L, "Run a server (e.g. the echo_server example), then connect to its port.")
                                  : tr(L, "Connect to the port the snippet listens on, then type lines."));
    ImGui::PopTextWrapPos();
  } else {
    ImGui::Text(tr(L, "client #%llu -> port %u: %s%s%s, %zu bytes received"), (unsigned long long)c->id, c->port,
                c->state_text.c_str(), c->error.empty() ? "" : ", ", c->error.c_str(), c->received.size());
    if (c->unsent) {
      ImGui::SameLine();
      ImGui::TextColored(ImVec4(0.9f, 0.75f, 0.5f, 1), tr(L, "(%zu bytes not sent yet)"), c->unsent);
    }
    float row = ImGui::GetFrameHeightWithSpacing();
    float room = ImGui::GetContentRegionAvail().y - row * 5.7f;  // the input row and three rows of faults
    conversation(*c, room < 3 * row ? 3 * row : room, L);
    bool open = c->connected && !c->shut;
    ImGui::BeginDisabled(!open);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.45f);
    if (ImGui::InputText("##line", f.line, sizeof f.line, ImGuiInputTextFlags_EnterReturnsTrue)) {
      std::string text = f.line;
      if (!f.raw) text += "\n";
      app.input(client_input(InputAction::Send, c->id, 0, text));
      f.line[0] = '\0';
      ImGui::SetKeyboardFocusHere(-1);
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::Checkbox(label(L, "raw", "raw").c_str(), &f.raw);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(L, "send exactly what is typed, without a newline"));
    ImGui::SameLine();
    bool reading = c->reading;
    if (ImGui::Checkbox(label(L, "reading", "reading").c_str(), &reading)) app.input(client_input(InputAction::Reading, c->id, reading ? 1 : 0));
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr(L, "off: the client stops reading, its buffer fills and the snippet's writes meet back-pressure"));
    ImGui::SameLine();
    ImGui::BeginDisabled(!open);
    if (ImGui::Button(label(L, "Shut down", "shutdown").c_str())) app.input(client_input(InputAction::Shutdown, c->id));
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("%s", tr(L, "half-close: send FIN; the snippet reads EOF, the client can still receive"));
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(c->closed);
    if (ImGui::Button(label(L, "Close", "close").c_str())) app.input(client_input(InputAction::Close, c->id));
    ImGui::EndDisabled();
  }
  ImGui::Separator();
  ImGui::TextUnformatted(tr(L, "Faults"));
  faults(app, c);
  ImGui::EndChild();
}

}  // namespace ls::ui
