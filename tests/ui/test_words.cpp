// The UI's words in Korean (ui/model/words.h): every catalog entry has a Korean text with the same placeholders
// and printf conversions; every literal ui/ passes to tr()/fmt()/label()/N_() is in the catalog (so a new English
// string cannot silently stay untranslated); real runs narrated in Korean are Korean, with libuv's own names
// kept; switching the language changes the view model's text, not the run.
#include <filesystem>
#include <regex>
#include <set>

#include "ui_support.h"
#include "ui/model/glyphs.h"
#include "ui/model/words.h"

using ls::ui::Lang;

namespace {

using uitest::has_hangul;

// The printf conversions of a format, in order ("%d%s"): Dear ImGui formats the Korean with the English's args.
std::string conversions(const std::string& s) {
  static const std::regex conv(R"(%[-+ #0]*[0-9]*(?:\.[0-9]+)?(?:hh|h|ll|l|z|j|t)?[diouxXeEfgGcsp%])");
  std::string out;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), conv); it != std::sregex_iterator(); ++it) out += it->str();
  return out;
}

// A C string literal's text as the compiler makes it (the escapes ui/ uses).
std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    if (c == 'n') out += '\n';
    else if (c == 't') out += '\t';
    else if (c == 'x') {
      size_t j = i + 1;
      while (j < s.size() && j < i + 3 && std::isxdigit(static_cast<unsigned char>(s[j]))) ++j;
      out += static_cast<char>(std::stoi(s.substr(i + 1, j - i - 1), nullptr, 16));
      i = j - 1;
    } else {
      out += c;  // \" \' \\ .
    }
  }
  return out;
}

// Every literal passed to tr(), fmt(), label() or N_() in ui/ (adjacent literals joined, as the compiler does),
// and to window.loopscope.words() in the page's scripts.
std::vector<std::pair<std::string, std::string>> ui_literals() {
  static const std::regex call(R"re(\b(?:tr|fmt|label|N_)\(\s*(?:[A-Za-z_][\w.]*\s*,\s*)?((?:"(?:[^"\\]|\\.)*"\s*)+))re");
  static const std::regex piece(R"re("((?:[^"\\]|\\.)*)")re");
  std::vector<std::pair<std::string, std::string>> out;  // (file, text)
  std::filesystem::path ui = std::filesystem::path(LOOPSCOPE_TESTS_UI_DIR) / ".." / ".." / "ui";
  for (const auto& dir : {ui, ui / "model"}) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".cpp" || entry.path().filename() == "words.cpp") continue;
      std::string src = uitest::read_file(entry.path().string());
      for (auto it = std::sregex_iterator(src.begin(), src.end(), call); it != std::sregex_iterator(); ++it) {
        std::string lits = (*it)[1].str(), text;
        for (auto p = std::sregex_iterator(lits.begin(), lits.end(), piece); p != std::sregex_iterator(); ++p)
          text += unescape((*p)[1].str());
        out.emplace_back(entry.path().filename().string(), text);
      }
    }
  }
  // The page's own notices: window.loopscope.words('...') in web/*.js.
  static const std::regex js(R"re(\bwords\(\s*'((?:[^'\\]|\\.)*)')re");
  std::filesystem::path web = ui / ".." / "web";
  for (const char* file : {"links.js", "loopscope.js"}) {
    std::string src = uitest::read_file((web / file).string());
    for (auto it = std::sregex_iterator(src.begin(), src.end(), js); it != std::sregex_iterator(); ++it)
      out.emplace_back(file, unescape((*it)[1].str()));
  }
  // share.js's errors: the English templates of fail(...) and new LinkError(...), which links.js says through
  // words() (a template may be split over '...' + '...' pieces, in either quotes).
  static const std::regex fails(
      R"re(\b(?:fail|LinkError)\(\s*((?:(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*\+?\s*)+))re");
  static const std::regex js_piece(R"re('((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")re");
  std::string share = uitest::read_file((web / "share.js").string());
  for (auto it = std::sregex_iterator(share.begin(), share.end(), fails); it != std::sregex_iterator(); ++it) {
    std::string lits = (*it)[1].str(), text;
    for (auto p = std::sregex_iterator(lits.begin(), lits.end(), js_piece); p != std::sregex_iterator(); ++p)
      text += unescape((*p)[1].matched ? (*p)[1].str() : (*p)[2].str());
    out.emplace_back("share.js", text);
  }
  return out;
}

// The ASCII words of a Korean text that are not libuv's own names (phases, handle types, uv.* functions, units,
// and `names`: the request types of the run, "write", "fs_read", ...).
std::vector<std::string> english_prose(const std::string& ko, const std::set<std::string>& names) {
  std::set<std::string> allowed = names;
  allowed.insert({"uv", "run", "once", "nowait", "stop", "ref", "ms", "after", "work", "close",
                                   "update_time", "now", "line"});
  for (int p = 1; p <= static_cast<int>(ls::Phase::Closing); ++p) allowed.insert(ls::to_string(static_cast<ls::Phase>(p)));
  for (int h = 0; h <= static_cast<int>(ls::HandleType::Tty); ++h)
    allowed.insert(ls::to_string(static_cast<ls::HandleType>(h)));
  allowed.erase("line");  // "(line 12)" is prose: "(12행)" in Korean
  static const std::regex word("[A-Za-z_]{2,}");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(ko.begin(), ko.end(), word); it != std::sregex_iterator(); ++it)
    if (!allowed.count(it->str())) out.push_back(it->str());
  return out;
}

}  // namespace

TEST_CASE("every catalog entry has a Korean text with the English's placeholders and printf conversions") {
  std::set<std::string> seen;
  REQUIRE(ls::ui::words().size() > 200);
  for (const ls::ui::Word& w : ls::ui::words()) {
    CAPTURE(w.en);
    CHECK(seen.insert(w.en).second);  // one entry per English text
    CHECK(has_hangul(w.ko));
    CHECK(ls::ui::placeholders(w.en) == ls::ui::placeholders(w.ko));
    CHECK(conversions(w.en) == conversions(w.ko));
    CHECK(std::string(ls::ui::tr(Lang::ko, w.en)) == w.ko);
    CHECK(std::string(ls::ui::tr(Lang::en, w.en)) == w.en);
  }
}

TEST_CASE("every literal ui/ passes to tr(), fmt(), label() or N_() is in the catalog") {
  auto lits = ui_literals();
  CHECK(lits.size() > 250);  // the scan found the call sites (a broken pattern would find none)
  std::set<std::string> files;
  for (const auto& [file, text] : lits) {
    files.insert(file);
    CAPTURE(file);
    CAPTURE(text);
    CHECK(ls::ui::has_word(text));
  }
  for (const char* f : {"toolbar_panel.cpp", "cycle_panel.cpp", "narration.cpp", "alive.cpp", "view_model.cpp",
                        "cycle.cpp", "app.cpp", "links.js", "share.js",
                        "timeline_hover.cpp", "network.cpp", "compare_words.cpp", "messages.cpp"})
    CHECK_MESSAGE(files.count(f), f << " has no translated text");
}

TEST_CASE("tr(), fmt() and label(): lookups, placeholders in any order, stable ImGui IDs") {
  CHECK(std::string(ls::ui::tr(Lang::ko, "Run")) == "실행");
  CHECK(std::string(ls::ui::tr(Lang::ko, "not in the catalog")) == "not in the catalog");
  CHECK(ls::ui::fmt(Lang::en, "{0} {1} request in flight", {"1", "write"}) == "1 write request in flight");
  CHECK(ls::ui::fmt(Lang::ko, "{0} {1} request in flight", {"1", "write"}) == "진행 중인 write 요청 1개");
  CHECK(ls::ui::label(Lang::ko, "Run", "run") == "실행###run");
  CHECK(ls::ui::label(Lang::en, "Run", "run") == "Run###run");
  Lang l = Lang::en;
  CHECK(ls::ui::parse_lang("ko", l));
  CHECK(l == Lang::ko);
  CHECK_FALSE(ls::ui::parse_lang("fr", l));
  CHECK(l == Lang::ko);
}

TEST_CASE("real runs narrated in Korean: Hangul, libuv's names kept, no English prose left") {
  int narrated = 0;
  for (std::string name : {"timers_due_order", "echo_server", "threadpool_file_read", "watcher_order", "why_no_exit",
                           "run_modes", "backpressure"}) {
    CAPTURE(name);
    uitest::FakeClock clock;
    auto s = uitest::example_session(name, clock);
    ls::ui::AppSettings ko;
    ko.lang = Lang::ko;
    for (int i = 0; i < 60 && !s->ended() && !s->waiting_for_input(); ++i) {
      s->step(i % 3 == 0 ? ls::StepKind::Callback : i % 3 == 1 ? ls::StepKind::Phase : ls::StepKind::Iteration);
      ls::ui::ViewModel vm = ls::ui::build_view(s.get(), ko);
      std::vector<std::string> texts = {vm.narration, vm.poll.text, vm.poll_next, vm.cycle.header, vm.status_text};
      texts.insert(texts.end(), vm.alive_reasons.begin(), vm.alive_reasons.end());
      for (const ls::ui::HandleRow& h : vm.handles)
        if (h.type == "timer") texts.push_back(h.details);
      std::set<std::string> requests;
      for (const ls::ui::RequestRow& r : vm.requests) requests.insert(r.type);
      for (const std::string& t : texts) {
        if (t.empty()) continue;
        CAPTURE(t);
        CHECK(has_hangul(t));
        CHECK(english_prose(t, requests).empty());
      }
      if (!vm.narration.empty()) ++narrated;
    }
  }
  CHECK(narrated > 20);
}

TEST_CASE("switching the language changes the view model's text, not the run") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("timers_due_order", clock);
  for (int i = 0; i < 6; ++i) s->step(ls::StepKind::Callback);
  std::string trace = s->loop().trace().jsonl();
  ls::ui::AppSettings en, ko;
  ko.lang = Lang::ko;
  ls::ui::ViewModel a = ls::ui::build_view(s.get(), en);
  ls::ui::ViewModel k = ls::ui::build_view(s.get(), ko);
  ls::ui::ViewModel b = ls::ui::build_view(s.get(), en);
  CHECK(s->loop().trace().jsonl() == trace);  // looking in Korean ran nothing
  CHECK(ls::ui::to_json(a) == ls::ui::to_json(b));  // and back to English is the same state
  CHECK(a.language == "en");
  CHECK(k.language == "ko");
  CHECK(k.narration != a.narration);
  CHECK(has_hangul(k.narration));
  CHECK_FALSE(has_hangul(a.narration));
  CHECK(k.status == a.status);  // the enum-like values tests compare stay
  CHECK(k.phase == a.phase);
  CHECK(k.steps == a.steps);
  CHECK(k.status_text != a.status_text);
  CHECK(k.handles.size() == a.handles.size());
  for (size_t i = 0; i < a.cycle.ring.size(); ++i) CHECK(k.cycle.ring[i].name == a.cycle.ring[i].name);
}
