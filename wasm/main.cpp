// The browser entry: SDL2 window with a WebGL2 context, Dear ImGui, and the JS bridge (`window.loopscope` calls
// the exported ls_* functions). Everything else is in ui/, which knows nothing of the browser.
#include <GLES3/gl3.h>
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl.h"
#include "examples/gallery.h"
#include "ui/app.h"

namespace {

SDL_Window* g_window = nullptr;
ls::ui::App* g_app = nullptr;
std::string g_state;  // keeps the last ls_state() result alive for the caller
std::vector<double> g_frame_ms;  // what each recent frame cost (input, loop work, ImGui, GL submission)
std::vector<double> g_app_ms;    // the part of it in App::frame (loop work, view model, panels), without GL

void update_fonts();

bool korean_font_pending();

void frame() {
  // A Korean UI waits (a blank canvas, up to a moment) for its font rather than showing "?" for every word.
  if (korean_font_pending()) return;
  double t0 = emscripten_get_now();
  SDL_Event event;
  while (SDL_PollEvent(&event)) ImGui_ImplSDL2_ProcessEvent(&event);
  update_fonts();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  double a0 = emscripten_get_now();
  g_app->frame();
  g_app_ms.push_back(emscripten_get_now() - a0);
  ImGui::Render();
  int w = 0, h = 0;
  SDL_GL_GetDrawableSize(g_window, &w, &h);
  glViewport(0, 0, w, h);
  glClearColor(0.09f, 0.10f, 0.12f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  SDL_GL_SwapWindow(g_window);
  if (g_frame_ms.size() >= 600) g_frame_ms.erase(g_frame_ms.begin(), g_frame_ms.begin() + 300);
  if (g_app_ms.size() >= 600) g_app_ms.erase(g_app_ms.begin(), g_app_ms.begin() + 300);
  g_frame_ms.push_back(emscripten_get_now() - t0);
  if (g_app->frames == 1) EM_ASM(window.dispatchEvent(new Event('loopscope-first-frame')));
  // The hidden text element of web/ime.js takes the focus while the editor wants text (input methods).
  static bool wants_text = false;
  if (ImGui::GetIO().WantTextInput != wants_text) {
    wants_text = ImGui::GetIO().WantTextInput;
    EM_ASM({ if (window.loopscopeIme) window.loopscopeIme.want($0 !== 0); }, wants_text);
  }
}

// Crisp text on HiDPI screens: rasterise the font at the device pixel ratio and draw it back at 1/ratio.
// Text outside Latin-1 (Hangul, ...) comes from NanumGothicCoding (fonts/hangul.ttf, a build-time subset),
// fetched the first time such text is shown; Dear ImGui 1.86's atlas is fixed once built, so it is rebuilt
// between frames with the glyphs the shown text needs (ui/model/glyphs.h) and uploaded again.
struct Fonts {
  ls::ui::GlyphNeeds needs;
  unsigned char* extra = nullptr;  // the fetched font file (malloc'd by the page; kept: the atlas reads it)
  int extra_size = 0;
  bool requested = false, failed = false;
  ImVector<ImWchar> ranges;
  int builds = 0, glyphs = 0;
  double last_build_ms = 0;
} g_fonts;

void build_fonts() {
  float ratio = (float)emscripten_get_device_pixel_ratio();
  if (ratio < 1.0f) ratio = 1.0f;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.SizePixels = 13.0f * ratio;
  io.Fonts->AddFontDefault(&cfg);
  g_fonts.glyphs = 0;
  if (g_fonts.extra && !g_fonts.needs.codepoints().empty()) {
    ImFontGlyphRangesBuilder b;
    for (uint32_t cp : g_fonts.needs.codepoints()) b.AddChar((ImWchar)cp);
    g_fonts.ranges.clear();
    b.BuildRanges(&g_fonts.ranges);
    ImFontConfig merge;
    merge.MergeMode = true;
    merge.FontDataOwnedByAtlas = false;
    // The same 13 px as ProggyClean: Nanum's Hangul then fills the line height without running into the next.
    io.Fonts->AddFontFromMemoryTTF(g_fonts.extra, g_fonts.extra_size, 13.0f * ratio, &merge, g_fonts.ranges.Data);
    g_fonts.glyphs = (int)g_fonts.needs.codepoints().size();
  }
  io.Fonts->Build();
  io.FontGlobalScale = 1.0f / ratio;
  g_fonts.builds++;
}

void setup_fonts() { build_fonts(); }

// Between frames: the shown text needs characters the atlas lacks -> fetch the font once, then rebuild.
void update_fonts() {
  g_app->shown_text(g_fonts.needs);
  if (!g_fonts.needs.changed() || g_fonts.failed) return;
  if (!g_fonts.extra) {
    if (!g_fonts.requested) {
      g_fonts.requested = true;
      EM_ASM(window.loopscopeFetchFont());
    }
    return;
  }
  g_fonts.needs.take_changed();
  double t0 = emscripten_get_now();
  build_fonts();
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  g_fonts.last_build_ms = emscripten_get_now() - t0;
  EM_ASM({ window.dispatchEvent(new CustomEvent('loopscope-glyphs', {detail : {glyphs : $0, ms : $1}})); },
         g_fonts.glyphs, g_fonts.last_build_ms);
}

// The Korean UI's font, asked for before the first frame (the page prefetches it while the wasm loads).
void request_font() {
  if (g_fonts.requested) return;
  g_fonts.requested = true;
  EM_ASM(window.loopscopeFetchFont());
}

double g_started_ms = 0;
bool korean_font_pending() {
  constexpr double kMaxWaitMs = 2000;  // then the first frame is drawn anyway (with "?"), the font comes later
  return g_app->frames == 0 && g_app->settings.lang == ls::ui::Lang::ko && !g_fonts.extra && !g_fonts.failed &&
         emscripten_get_now() - g_started_ms < kMaxWaitMs;
}

double host_ms() { return emscripten_get_now(); }

// The Export button: a Blob downloaded through a temporary link.
void download(const std::string& name, const std::string& data) {
  EM_ASM(
      {
        const blob = new Blob([HEAPU8.slice($1, $1 + $2)], {type : 'application/x-ndjson'});
        const a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = UTF8ToString($0);
        a.click();
        setTimeout(() => URL.revokeObjectURL(a.href), 1000);
      },
      name.c_str(), data.data(), data.size());
}

const char* keep(std::string s) {
  g_state = std::move(s);
  return g_state.c_str();
}

ls::StepKind step_kind(const char* kind) {
  std::string k = kind;
  return k == "phase" ? ls::StepKind::Phase : k == "iteration" ? ls::StepKind::Iteration : ls::StepKind::Callback;
}

}  // namespace

// The JS bridge (web/loopscope.js wraps these as window.loopscope). Actions rebuild the view model at once, so
// a state() right after an action already shows its effect.
extern "C" {
EMSCRIPTEN_KEEPALIVE void ls_load(const char* code) { g_app->load(code); g_app->refresh(); }
EMSCRIPTEN_KEEPALIVE int ls_load_example(const char* name) {
  bool ok = g_app->load_example(name);
  g_app->refresh();
  return ok ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE const char* ls_example_code(const char* name) {
  const ls::examples::Snippet* s = ls::examples::find(name);
  return s ? s->code.c_str() : "";
}
EMSCRIPTEN_KEEPALIVE const char* ls_examples() { return keep(ls::ui::App::examples_json()); }
EMSCRIPTEN_KEEPALIVE const char* ls_code() { return g_app->code.c_str(); }
EMSCRIPTEN_KEEPALIVE void ls_run() { g_app->run(); g_app->refresh(); }
EMSCRIPTEN_KEEPALIVE void ls_run_instant() { g_app->run_instant(); g_app->refresh(); }
EMSCRIPTEN_KEEPALIVE void ls_pause() { g_app->pause(); g_app->refresh(); }
EMSCRIPTEN_KEEPALIVE void ls_stop() { g_app->stop(); g_app->refresh(); }
EMSCRIPTEN_KEEPALIVE void ls_reset() { g_app->reset(); g_app->refresh(); }
EMSCRIPTEN_KEEPALIVE const char* ls_step(const char* kind) {
  g_app->step(step_kind(kind));
  g_app->refresh();
  return keep(g_app->state_json());
}
EMSCRIPTEN_KEEPALIVE void ls_set_speed(double x) { g_app->set_speed(x); g_app->refresh(); }
EMSCRIPTEN_KEEPALIVE int ls_set_order(const char* order) {
  std::string o = order;
  if (o != "modern" && o != "legacy") return 0;
  g_app->set_order(o == "modern" ? ls::Order::Modern : ls::Order::Legacy);
  g_app->refresh();
  return 1;
}
EMSCRIPTEN_KEEPALIVE void ls_set_step_kind(const char* kind) { g_app->step_kind = step_kind(kind); }
// The page's own notices in the UI's language: the catalog's text for `en` with {0}, {1} ... from a JSON list.
EMSCRIPTEN_KEEPALIVE const char* ls_words(const char* en, const char* args_json) {
  nlohmann::json args = nlohmann::json::parse(args_json, nullptr, false);
  std::vector<std::string> list;
  if (args.is_array())
    for (const nlohmann::json& a : args) list.push_back(a.is_string() ? a.get<std::string>() : a.dump());
  return keep(ls::ui::fmt(g_app->settings.lang, en, list));
}
// The UI's language, "en" | "ko" (0 = neither); the page's choice, not part of share links.
EMSCRIPTEN_KEEPALIVE int ls_set_language(const char* lang) {
  ls::ui::Lang l;
  if (!ls::ui::parse_lang(lang, l)) return 0;
  g_app->set_language(l);
  if (l == ls::ui::Lang::ko) request_font();
  g_app->refresh();
  return 1;
}
// What a share link or the page says about itself ("This share link is damaged ...", "link copied").
EMSCRIPTEN_KEEPALIVE void ls_set_notice(const char* text) { g_app->notice = text; g_app->refresh(); }
EMSCRIPTEN_KEEPALIVE void ls_set_embed(int on) { g_app->embed = on != 0; g_app->refresh(); }
EMSCRIPTEN_KEEPALIVE void ls_show_gallery(int on) { g_app->show_gallery = on != 0; }
// What a share link carries besides the code, and what the page keeps in localStorage.
EMSCRIPTEN_KEEPALIVE const char* ls_settings() {
  const char* kinds[] = {"callback", "phase", "iteration"};
  char buf[512];
  snprintf(buf, sizeof buf,
           "{\"order\":\"%s\",\"speed\":%.17g,\"step\":\"%s\",\"example\":\"%s\",\"embed\":%s,\"gallery\":%s}",
           g_app->settings.order == ls::Order::Modern ? "modern" : "legacy", g_app->settings.speed,
           kinds[g_app->step_kind == ls::StepKind::Phase ? 1 : g_app->step_kind == ls::StepKind::Iteration ? 2 : 0],
           g_app->example.c_str(), g_app->embed ? "true" : "false", g_app->show_gallery ? "true" : "false");
  return keep(buf);
}
// Committed text from the page's hidden text element (input methods: Hangul, ...): typed into the editor.
EMSCRIPTEN_KEEPALIVE void ls_text_input(const char* utf8) { ImGui::GetIO().AddInputCharactersUTF8(utf8); }
// The fetched Hangul font (malloc'd by the page; the atlas keeps reading it); size 0 = the fetch failed.
EMSCRIPTEN_KEEPALIVE void ls_font_data(unsigned char* data, int size) {
  if (size <= 0) {
    g_fonts.failed = true;
    return;
  }
  g_fonts.extra = data;
  g_fonts.extra_size = size;
}
EMSCRIPTEN_KEEPALIVE const char* ls_font_status() {
  char buf[200];
  snprintf(buf, sizeof buf,
           "{\"requested\":%s,\"loaded\":%s,\"failed\":%s,\"glyphs\":%d,\"builds\":%d,\"lastBuildMs\":%.2f}",
           g_fonts.requested ? "true" : "false", g_fonts.extra ? "true" : "false", g_fonts.failed ? "true" : "false",
           g_fonts.glyphs, g_fonts.builds, g_fonts.last_build_ms);
  return keep(buf);
}
// Where a toolbar button was last drawn, in CSS pixels: [x0, y0, x1, y1] ([] = not drawn).
EMSCRIPTEN_KEEPALIVE const char* ls_button_rect(const char* name) {
  auto it = g_app->button_rects.find(name);
  if (it == g_app->button_rects.end()) return "[]";
  char buf[160];
  snprintf(buf, sizeof buf, "[%.1f,%.1f,%.1f,%.1f]", it->second[0], it->second[1], it->second[2], it->second[3]);
  return keep(buf);
}
// 1 if the atlas has a glyph for the codepoint (what the screen can draw instead of "?").
EMSCRIPTEN_KEEPALIVE int ls_font_has(int codepoint) {
  ImFont* f = ImGui::GetIO().Fonts->Fonts.empty() ? nullptr : ImGui::GetIO().Fonts->Fonts[0];
  return f && codepoint > 0 && codepoint <= 0xFFFF && f->FindGlyphNoFallback((ImWchar)codepoint) ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE const char* ls_trace(const char* format) { return keep(g_app->trace(format)); }
EMSCRIPTEN_KEEPALIVE const char* ls_state() { return keep(g_app->state_json()); }
EMSCRIPTEN_KEEPALIVE int ls_frames() { return g_app->frames; }
// Outside input: {"action": "connect", "value": port} | {"action": "send", "client": id, "text": ...} | ...
// (the client calls), or a fault spec ({"kind": ...}); returns {"client": id} or {"error": message}.
EMSCRIPTEN_KEEPALIVE const char* ls_input(const char* action, double client, double value, const char* text) {
  ls::Input in;
  nlohmann::json out;
  if (!ls::parse_input_action(action, in.action)) {
    out["error"] = ls::ui::fmt(g_app->settings.lang, "unknown client action {0}", {std::string(action)});
    return keep(out.dump());
  }
  in.client = static_cast<uint64_t>(client);
  in.value = static_cast<int64_t>(value);
  in.text = text;
  ls::InputResult r = g_app->input(in);
  g_app->refresh();
  if (r.error) {
    out["error"] = r.message;
  } else {
    out["client"] = r.client;
  }
  return keep(out.dump());
}
EMSCRIPTEN_KEEPALIVE const char* ls_fault(const char* spec) {
  ls::InputResult r = g_app->fault(spec);
  g_app->refresh();
  nlohmann::json out;
  if (r.error) {
    out["error"] = r.message;
  } else {
    out["ok"] = true;
  }
  return keep(out.dump());
}
EMSCRIPTEN_KEEPALIVE int ls_set_recorded_inputs(const char* json) {
  bool ok = g_app->set_recorded_inputs(json);
  g_app->refresh();
  return ok ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE const char* ls_back() {
  g_app->back();
  g_app->refresh();
  return keep(g_app->state_json());
}
EMSCRIPTEN_KEEPALIVE int ls_rewind(double position) {
  bool ok = position >= 0 && g_app->rewind(static_cast<size_t>(position));
  g_app->refresh();
  return ok ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE int ls_show_panel(const char* name) {
  bool ok = g_app->show_panel(name);
  g_app->refresh();
  return ok ? 1 : 0;
}
// Just the run's status (state() serialises everything, which a million armed timers make large).
EMSCRIPTEN_KEEPALIVE const char* ls_status() { return keep(g_app->vm.status); }
// The timeline's view: "fit", "zoom", "pan", "show", "collapse", "height" (TimelineState::apply). 0 = unknown.
EMSCRIPTEN_KEEPALIVE int ls_timeline(const char* op, double a, double b) {
  bool ok = g_app->timeline.apply(op, a, b);
  g_app->refresh();
  return ok ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE const char* ls_compare(const char* a, const char* b) {
  std::string json = g_app->compare(a, b);
  g_app->refresh();
  return keep(std::move(json));
}
// The cost of the frames since the last call: {count, median, max} in ms (the browser tests' frame figures).
EMSCRIPTEN_KEEPALIVE const char* ls_frame_stats() {
  std::vector<double> v, a;
  v.swap(g_frame_ms);
  a.swap(g_app_ms);
  std::sort(v.begin(), v.end());
  std::sort(a.begin(), a.end());
  auto med = [](const std::vector<double>& x) { return x.empty() ? 0.0 : x[x.size() / 2]; };
  auto top = [](const std::vector<double>& x) { return x.empty() ? 0.0 : x.back(); };
  char buf[160];
  snprintf(buf, sizeof buf, "{\"count\":%zu,\"median\":%.2f,\"max\":%.2f,\"appMedian\":%.2f,\"appMax\":%.2f}",
           v.size(), med(v), top(v), med(a), top(a));
  return keep(buf);
}
}

int main() {
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    EM_ASM({ window.loopscopeFatal(UTF8ToString($0)); }, SDL_GetError());
    return 1;
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  auto flags = (SDL_WindowFlags)(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  g_window = SDL_CreateWindow("Loopscope", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, (int)css_w, (int)css_h,
                              flags);
  SDL_GLContext gl = g_window ? SDL_GL_CreateContext(g_window) : nullptr;
  if (!gl) {
    EM_ASM({ window.loopscopeFatal('WebGL2 context could not be created: ' + UTF8ToString($0)); }, SDL_GetError());
    return 1;
  }
  SDL_GL_MakeCurrent(g_window, gl);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini in a browser
  // Input methods: the page puts its hidden text element where the editor's caret is.
  ImGui::GetIO().ImeSetInputScreenPosFn = [](int x, int y) {
    EM_ASM({ if (window.loopscopeIme) window.loopscopeIme.caret($0, $1); }, x, y);
  };
  ImGui::StyleColorsDark();
  setup_fonts();
  ImGui_ImplSDL2_InitForOpenGL(g_window, gl);
  ImGui_ImplOpenGL3_Init("#version 300 es");

  g_app = new ls::ui::App(host_ms);
  g_app->download = download;
  g_app->share = [] { EM_ASM(window.loopscopeShareButton()); };
  // The language: the one stored, else the browser's (web/loopscope.js), before the first frame.
  g_started_ms = emscripten_get_now();
  if (EM_ASM_INT({ return window.loopscopeInitialLanguage() === 'ko' ? 1 : 0; })) {
    g_app->settings.lang = ls::ui::Lang::ko;
    request_font();
  }
  g_app->language_chosen = [](ls::ui::Lang l) {
    EM_ASM({ window.loopscopeLanguageChosen(UTF8ToString($0)); }, ls::ui::to_string(l));
  };
  g_app->refresh();
  EM_ASM(window.dispatchEvent(new Event('loopscope-ready')));
  emscripten_set_main_loop(frame, 0, 1);
  return 0;
}
