// Compare: a gallery callback/coroutine pair run one after the other, their loop-level traces aligned by
// iteration (ui/model/compare.h). Alike iterations are plain, differing ones amber, iterations only one run has
// red; within a row, callbacks only one side ran are marked.
#include "imgui.h"
#include "ui/app.h"

namespace ls::ui {

namespace {

const ImVec4 kDiffer(0.95f, 0.75f, 0.4f, 1), kOnly(1.0f, 0.5f, 0.45f, 1), kSame(0.8f, 0.82f, 0.86f, 1);

void side(const LoopShape& s, int i, Lang L) {
  if (i < 0) {
    ImGui::TextColored(kOnly, "%s", tr(L, "(none)"));
    return;
  }
  const LoopIteration& it = s.iterations[static_cast<size_t>(i)];
  if (it.number == 0) ImGui::TextUnformatted(tr(L, "before the loop"));
  else ImGui::Text(tr(L, "iteration %llu"), (unsigned long long)it.number);
  ImGui::TextDisabled(tr(L, "at %llu ms"), (unsigned long long)it.now_ms);
  if (!it.poll.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("poll: %s", it.poll.c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace

void draw_compare(App& app, float width, float height) {
  const Lang L = app.settings.lang;
  ImGui::BeginChild("compare", ImVec2(width, height), true);
  ImGui::TextUnformatted(tr(L, "Compare"));
  ImGui::SameLine();
  const auto pairs = example_pairs();
  if (app.compare_pair >= static_cast<int>(pairs.size())) app.compare_pair = 0;
  std::string current = pairs.empty() ? tr(L, "no pair in the gallery")
                                      : pairs[app.compare_pair].first + " / " + pairs[app.compare_pair].second;
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("random_sleeps_callbacks / random_sleeps_async").x + 30);
  if (ImGui::BeginCombo("##pair", current.c_str())) {
    for (int i = 0; i < static_cast<int>(pairs.size()); ++i) {
      std::string label = pairs[i].first + " / " + pairs[i].second;
      if (ImGui::Selectable(label.c_str(), i == app.compare_pair)) app.compare_pair = i;
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ImGui::Button(label(L, "Run both", "run_both").c_str()) && !pairs.empty()) app.compare(pairs[app.compare_pair].first, pairs[app.compare_pair].second);
  ImGui::Separator();
  const Comparison* c = app.comparison.get();
  if (!c) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", tr(L, "Runs the callback version and the coroutine version of a gallery example and "
                                    "lines up what the loop did: iterations, phases, callbacks by handle type and kind."));
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    return;
  }
  if (!c->error.empty()) {
    ImGui::TextColored(kOnly, "%s", message_text(L, c->error).c_str());
    ImGui::EndChild();
    return;
  }
  ImGui::PushTextWrapPos(0.0f);  // the summary is long: wrap rather than clip it
  ImGui::Text(tr(L, "%s vs %s: %s"), c->name_a.c_str(), c->name_b.c_str(),
              compare_summary(*c, L).c_str());
  ImGui::PopTextWrapPos();
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                          ImGuiTableFlags_BordersInnerH;
  if (ImGui::BeginTable("compare_rows", 4, flags)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(label(L, "iteration", "iter_a").c_str(), ImGuiTableColumnFlags_WidthFixed, width * 0.16f);
    ImGui::TableSetupColumn(c->name_a.c_str(), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(c->name_b.c_str(), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(label(L, "iteration", "iter_b").c_str(), ImGuiTableColumnFlags_WidthFixed, width * 0.16f);
    ImGui::TableHeadersRow();
    for (const AlignedIteration& r : c->rows) {
      ImGui::TableNextRow();
      if (!r.same)
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(r.a < 0 || r.b < 0
                                                                                 ? ImVec4(0.45f, 0.12f, 0.1f, 0.45f)
                                                                                 : ImVec4(0.42f, 0.3f, 0.08f, 0.4f)));
      ImGui::TableNextColumn();
      side(c->a, r.a, L);
      for (int s = 0; s < 2; ++s) {
        ImGui::TableNextColumn();
        const LoopShape& shape = s == 0 ? c->a : c->b;
        int iter = s == 0 ? r.a : r.b;
        for (const AlignedCallback& cb : r.callbacks) {
          int k = s == 0 ? cb.a : cb.b;
          if (k < 0 || iter < 0) {
            ImGui::TextColored(kOnly, "-");
            continue;
          }
          const LoopCallback& lc = shape.iterations[static_cast<size_t>(iter)].callbacks[static_cast<size_t>(k)];
          bool paired = cb.a >= 0 && cb.b >= 0;
          ImGui::TextColored(paired ? kSame : kDiffer, "%s", lc.key.c_str());
        }
        if (r.callbacks.empty()) ImGui::TextDisabled("%s", tr(L, "no callback"));
      }
      ImGui::TableNextColumn();
      side(c->b, r.b, L);
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
}

}  // namespace ls::ui
