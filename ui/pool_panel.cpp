// Thread pool: the workers (idle, or which request they run and for how long in virtual time), the queue, the
// completions waiting for the loop's wake-up, and each recent completion with the callback it became (click a
// row: the callback's line lights up in the editor).
#include "imgui.h"
#include "ui/app.h"

namespace ls::ui {

namespace {

// Virtual durations span nanoseconds (a job's cost) to seconds: each in its own unit (the font is ASCII: "us").
std::string ms(uint64_t ns) {
  char buf[32];
  if (ns < 1000) snprintf(buf, sizeof buf, "%llu ns", (unsigned long long)ns);
  else if (ns < 1000000) snprintf(buf, sizeof buf, "%.1f us", static_cast<double>(ns) / 1e3);
  else snprintf(buf, sizeof buf, "%.3f ms", static_cast<double>(ns) / 1e6);
  return buf;
}

}  // namespace

void draw_pool(App& app, float width, float height) {
  const PoolView& p = app.vm.pool;
  const Lang L = app.settings.lang;
  ImGui::BeginChild("pool", ImVec2(width, height), true);
  ImGui::TextUnformatted(tr(L, "Thread pool"));
  ImGui::SameLine();
  ImGui::TextDisabled("%s", p.summary.c_str());
  ImGui::Separator();
  if (!p.used) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", tr(L, "File functions with a callback (uv.fs_read, ...) and uv.new_work run here, off "
                                    "the loop thread; their callbacks come back in the poll phase."));
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    return;
  }
  float gap = ImGui::GetStyle().ItemSpacing.x;
  float left_w = (width - gap) * 0.45f;
  ImGui::BeginChild("pool_left", ImVec2(left_w, 0), false);
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV;
  if (ImGui::BeginTable("pool_workers", 3, flags)) {
    ImGui::TableSetupColumn(tr(L, "worker"));
    ImGui::TableSetupColumn(tr(L, "runs"));
    ImGui::TableSetupColumn(tr(L, "for"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (const PoolWorkerRow& w : p.workers) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d", w.id);
      ImGui::TableNextColumn();
      if (w.busy)
        ImGui::TextColored(ImVec4(0.55f, 0.85f, 1.0f, 1), "#%llu %s", (unsigned long long)w.req, w.type.c_str());
      else
        ImGui::TextDisabled("%s", tr(L, "idle"));
      ImGui::TableNextColumn();
      if (w.busy) ImGui::TextUnformatted(ms(w.for_ns).c_str());
    }
    ImGui::EndTable();
  }
  std::string q = tr(L, "Queue:");
  if (p.queue.empty()) q += tr(L, " empty");
  for (const PoolQueuedRow& r : p.queue) q += " #" + std::to_string(r.req) + " " + r.type;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(q.c_str());
  std::string w = tr(L, "Waiting for the loop:");
  if (p.wakeup_waiting) w += fmt(L, " {0} finished, the wake-up not seen yet;", {std::to_string(p.wakeup_waiting)});
  for (uint64_t id : p.delivering) w += " #" + std::to_string(id);
  if (!p.delivering.empty()) w += tr(L, " (taken, callback next)");
  if (!p.wakeup_waiting && p.delivering.empty()) w += tr(L, " none");
  ImGui::TextUnformatted(w.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndChild();

  ImGui::SameLine();
  ImGui::BeginChild("pool_links", ImVec2(0, 0), false);
  ImGui::TextUnformatted(tr(L, "Completion -> callback"));
  if (p.links.empty()) ImGui::TextDisabled("%s", tr(L, "No completion yet."));
  if (!p.links.empty() && ImGui::BeginTable("pool_link_rows", 5, flags | ImGuiTableFlags_ScrollY)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr(L, "request"));
    ImGui::TableSetupColumn(tr(L, "finished"));
    ImGui::TableSetupColumn(tr(L, "status"));
    ImGui::TableSetupColumn(tr(L, "callback"));
    ImGui::TableSetupColumn(tr(L, "later"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (auto it = p.links.rbegin(); it != p.links.rend(); ++it) {  // newest first
      const PoolLink& l = *it;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      char id[64];
      snprintf(id, sizeof id, "#%llu %s##link%llu", (unsigned long long)l.req, l.type.c_str(),
               (unsigned long long)l.req);
      if (ImGui::Selectable(id, l.line != 0 && app.clicked_line == l.line, ImGuiSelectableFlags_SpanAllColumns))
        app.clicked_line = l.line;
      if (ImGui::IsItemHovered() && l.callback_seq)
        ImGui::SetTooltip(tr(L, "worker %d finished it at %s; its callback began at %s (trace seq %llu)"), l.worker,
                          ms(l.finished_ns).c_str(), ms(l.callback_ns).c_str(), (unsigned long long)l.callback_seq);
      ImGui::TableNextColumn();
      if (l.worker >= 0) ImGui::Text(tr(L, "w%d at %s"), l.worker, ms(l.finished_ns).c_str()); else ImGui::TextDisabled("%s", tr(L, "never ran"));
      ImGui::TableNextColumn();
      if (l.delivered) ImGui::TextUnformatted(l.status.c_str()); else ImGui::TextDisabled("%s", tr(L, "waiting"));
      ImGui::TableNextColumn();
      if (!l.callback_seq) ImGui::TextDisabled("%s", tr(L, "not yet"));
      else if (l.line > 0) ImGui::Text(tr(L, "line %d"), l.line);
      else ImGui::TextUnformatted(tr(L, "ran"));
      ImGui::TableNextColumn();
      if (l.callback_seq && l.worker >= 0) ImGui::TextUnformatted(ms(l.callback_ns - l.finished_ns).c_str());
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
  ImGui::EndChild();
}

}  // namespace ls::ui
