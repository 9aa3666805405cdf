// The values the views draw follow the UI's language (words_views.cpp, words_messages.cpp): the timeline's hover
// text, the network panel's states, owners and poll report, the session's, the core's and fault()'s errors, the
// comparison's summary, the handles table's state and the watching handles' details. In Korean they are Hangul
// with the run's own values kept; in English they are what they were; state()'s identifiers stay English.
#include <string>

#include "ui_support.h"
#include "ui/model/compare.h"
#include "ui/model/glyphs.h"
#include "ui/model/input_spec.h"
#include "ui/model/timeline.h"
#include "ui/model/words.h"

using ls::ui::Lang;
using uitest::act;

namespace {

ls::ui::AppSettings in(Lang lang) {
  ls::ui::AppSettings s;
  s.lang = lang;
  return s;
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("the timeline's hover text: Korean for every item, the English as it was") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("blocking_the_loop", clock);
  uitest::run_instant(*s);
  ls::ui::Timeline tl;
  tl.update(s->loop().trace());
  ls::ui::TimelineView view;  // 0 to 200 ms on 1000 px
  view.width = 1000;
  view.ns_per_px = 200e6 / 1000;
  view.follow = false;
  ls::ui::TimelineLayout lay = ls::ui::layout_timeline(tl, view);
  REQUIRE(lay.items.size() > 5);
  for (const ls::ui::TimelineItem& it : lay.items) {
    std::string en = ls::ui::describe(tl, it, Lang::en), ko = ls::ui::describe(tl, it, Lang::ko);
    CAPTURE(en);
    CAPTURE(ko);
    CHECK(uitest::has_hangul(ko));
    CHECK_FALSE(uitest::has_hangul(en));
    CHECK(ls::ui::describe(tl, it) == en);  // English by default
  }
  ls::ui::TimelineHit h = ls::ui::hit_timeline(tl, lay, ls::ui::TimelineLane::Overdue, 300, Lang::ko);
  REQUIRE(h.found);
  CHECK(has(h.text, "타이머 #1 (10행) 예정 10 ms, 실행 130 ms: 120 ms 늦음"));
  CHECK(has(h.text, "루프가 idle #2 (16행)에서 130 ms 동안 바빴습니다"));
  h = ls::ui::hit_timeline(tl, lay, ls::ui::TimelineLane::Overdue, 300, Lang::en);
  CHECK(has(h.text, "timer #1 (line 10) due 10 ms, ran 130 ms: late by 120 ms"));
  CHECK(has(h.text, "the loop was busy in idle #2 (line 16) for 130 ms"));
}

TEST_CASE("the network panel's values: Korean display fields beside the English identifiers") {
  uitest::FakeClock clock;
  auto s = uitest::example_session("echo_server", clock);
  s->play();
  for (int i = 0; i < 2000 && !s->waiting_for_input(); ++i) {
    clock.ms += 16;
    s->frame();
  }
  REQUIRE(s->input(act(ls::InputAction::Connect, 0, 7000)).error == 0);
  // Steps until a poll has reported something ready (the connect, then the client's accept).
  for (int i = 0; i < 200 && ls::ui::build_view(s.get(), {}).network.last_ready.empty(); ++i) s->step(ls::StepKind::Callback);
  ls::ui::ViewModel ko = ls::ui::build_view(s.get(), in(Lang::ko)), en = ls::ui::build_view(s.get(), in(Lang::en));
  REQUIRE(ko.network.fds.size() == en.network.fds.size());
  bool listening = false, loop_owned = false;
  for (size_t i = 0; i < ko.network.fds.size(); ++i) {
    const ls::ui::FdRow &k = ko.network.fds[i], &e = en.network.fds[i];
    CHECK(k.state == e.state);  // the identifiers stay
    CHECK(k.owner == e.owner);
    CHECK(e.state_text == e.state);  // English draws them as they are
    CHECK(e.owner_text == e.owner);
    if (k.state == "listening") listening = k.state_text == "listen 중";
    if (k.owner == "the loop") loop_owned = k.owner_text == "루프";
  }
  CHECK(listening);
  CHECK(loop_owned);
  REQUIRE(ko.network.clients.size() == 1);
  CHECK(ko.network.clients[0].state == "connected");
  CHECK(ko.network.clients[0].state_text == "연결됨");
  CHECK(en.network.clients[0].state_text == "connected");
  REQUIRE(!ko.network.last_ready.empty());
  CHECK(ko.network.last_ready == en.network.last_ready);
  CHECK(en.network.last_ready_text == en.network.last_ready);
  for (const std::string& t : ko.network.last_ready_text) CHECK(uitest::has_hangul(t));
  std::string json = ls::ui::to_json(ko);
  CHECK(has(json, "\"stateText\":\"listen 중\""));
  CHECK(has(json, "\"ownerText\":\"루프\""));
  CHECK(has(json, "\"lastReadyText\""));
  CHECK(has(json, "\"state\":\"listening\""));
  CHECK(ls::ui::io_events_text(ls::kReadable | ls::kHangup, Lang::ko) == "읽기 hup");
  CHECK(ls::ui::io_events_text(ls::kReadable | ls::kHangup, Lang::en) == "readable hup");
}

TEST_CASE("the session's, the core's and fault()'s errors in Korean, with the user's values kept") {
  uitest::FakeClock clock;
  auto s = uitest::code_session("print('hi')", clock);
  uitest::run_instant(*s);
  std::string ended = s->input(act(ls::InputAction::Connect, 0, 7000)).message;
  CHECK(ended == "the run has ended");
  CHECK(ls::ui::message_text(Lang::ko, ended) == "실행이 끝났습니다");
  CHECK(ls::ui::message_text(Lang::en, ended) == ended);
  CHECK(ls::ui::message_text(Lang::ko, "no client 9") == "클라이언트 9이(가) 없습니다");
  CHECK(ls::ui::message_text(Lang::ko, "client 3 has no connection") == "클라이언트 3에는 연결이 없습니다");
  CHECK(ls::ui::message_text(Lang::ko, "something nobody wrote") == "something nobody wrote");
  ls::Input input;
  std::string error;
  CHECK_FALSE(ls::ui::fault_input(R"({"kind": "latency", "ms": -5})", input, error));
  CHECK(error == "fault: 'ms' must be a whole number from 0 to 60000");
  CHECK(ls::ui::message_text(Lang::ko, error) == "fault: 'ms'은(는) 0부터 60000까지의 정수여야 합니다");
  CHECK_FALSE(ls::ui::fault_input(R"({"kind": "teleport"})", input, error));
  CHECK(uitest::has_hangul(ls::ui::message_text(Lang::ko, error)));
  CHECK(ls::ui::fmt(Lang::ko, "unknown client action {0}", {"jump"}) == "알 수 없는 클라이언트 동작 jump");
  CHECK(ls::ui::fmt(Lang::en, "unknown client action {0}", {"jump"}) == "unknown client action jump");
}

TEST_CASE("the comparison's summary in Korean; compare()'s own stays English") {
  ls::ui::Comparison c = ls::ui::compare_examples("random_sleeps_callbacks", "random_sleeps_async");
  REQUIRE(c.error.empty());
  CHECK(ls::ui::compare_summary(c, Lang::en) == c.summary);
  CHECK(has(c.summary, " iterations: "));
  std::string ko = ls::ui::compare_summary(c, Lang::ko);
  CHECK(uitest::has_hangul(ko));
  CHECK(has(ko, "같음 " + std::to_string(c.same)));
  ls::ui::Comparison bad = ls::ui::compare_examples("no_such_example", "echo_server");
  CHECK(ls::ui::message_text(Lang::ko, bad.error) == "갤러리에 'no_such_example'(이)라는 예제가 없습니다");
}

TEST_CASE("the handles table: closing, active and inactive in the UI's language; fs_event / fs_poll details") {
  uitest::FakeClock clock;
  auto s = uitest::code_session(
      "local uv = require('luv')\n"
      "local t = uv.new_timer()\n"
      "t:start(10, 0, function() end)\n"
      "t:close()\n"
      "local i = uv.new_idle()\n"
      "uv.run()\n",
      clock);
  bool closing = false;
  for (int i = 0; i < 20 && !closing && !s->ended(); ++i) {
    s->step(ls::StepKind::Callback);
    ls::ui::ViewModel ko = ls::ui::build_view(s.get(), in(Lang::ko)), en = ls::ui::build_view(s.get(), in(Lang::en));
    for (size_t j = 0; j < ko.handles.size(); ++j) {
      const ls::ui::HandleRow &k = ko.handles[j], &e = en.handles[j];
      CHECK(k.closing == e.closing);
      if (k.closing) {
        closing = true;
        CHECK(k.state_text == "닫는 중");
        CHECK(e.state_text == "closing");
        CHECK(has(ls::ui::to_json(ko), "\"stateText\":\"닫는 중\""));
      } else {
        CHECK(k.state_text == (k.active ? "활성" : "비활성"));
        CHECK(e.state_text == (e.active ? "active" : "inactive"));
      }
    }
  }
  CHECK(closing);
  // The core's words for the watching handles, the path kept.
  CHECK(ls::ui::message_text(Lang::ko, "watching /tmp/a b") == "/tmp/a b 감시 중");
  CHECK(ls::ui::message_text(Lang::ko, "polling data.txt every 250 ms") == "data.txt을(를) 250 ms마다 확인 중");
  CHECK(ls::ui::message_text(Lang::en, "watching /tmp/a") == "watching /tmp/a");
}
