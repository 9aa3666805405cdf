// tests/ui support: sessions on a fake host clock, and running one to its end by a kind of step.
#pragma once
#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "examples/gallery.h"
#include "ui/model/glyphs.h"
#include "ui/model/session.h"
#include "ui/model/view_model.h"

namespace uitest {

struct FakeClock {
  double ms = 0;
  ls::ui::Session::HostClock fn() {
    return [this] { return ms; };
  }
};

inline std::unique_ptr<ls::ui::Session> example_session(const std::string& name, FakeClock& clock,
                                                         ls::Order order = ls::Order::Modern) {
  const ls::examples::Snippet* s = ls::examples::find(name);
  REQUIRE_MESSAGE(s != nullptr, "no gallery example " << name);
  ls::ui::SessionOptions o;
  o.order = order;
  o.chunk_name = name + ".lua";
  return std::make_unique<ls::ui::Session>(s->code, o, clock.fn());
}

// Whether a text has a Hangul syllable: what "it is in Korean" means in the tests of the Korean UI.
inline bool has_hangul(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    uint32_t cp;
    i += ls::ui::utf8_next(s, i, &cp);
    if (cp >= 0xAC00 && cp <= 0xD7A3) return true;
  }
  return false;
}

inline std::unique_ptr<ls::ui::Session> code_session(const std::string& code, FakeClock& clock) {
  return std::make_unique<ls::ui::Session>(code, ls::ui::SessionOptions{}, clock.fn());
}

// Steps until the run ends (bounded); returns the number of steps.
inline int step_to_end(ls::ui::Session& s, ls::StepKind kind, int limit = 200000) {
  int n = 0;
  while (!s.ended() && n < limit) {
    s.step(kind);
    ++n;
  }
  REQUIRE_MESSAGE(s.ended(), "the run did not end within " << limit << " steps");
  return n;
}

// Runs instantly to the end: frames of unlimited budget on a clock that never moves.
inline void run_instant(ls::ui::Session& s) {
  s.play_instant();
  for (int i = 0; i < 100000 && !s.ended(); ++i) s.frame();
  REQUIRE(s.ended());
}

// Advances (`advance`, after `start`) until the run waits for the network client; fails if it ends instead.
template <class Advance, class Start = void (*)()>
void run_until_waiting(ls::ui::Session& s, Advance advance, Start start = [] {}) {
  start();
  for (int i = 0; i < 100000 && !s.ended() && !s.waiting_for_input(); ++i) advance();
  REQUIRE_MESSAGE(s.waiting_for_input(), "the run did not come to wait for outside input");
}

// An outside input (the network client, a fault) as the page's calls make it.
inline ls::Input act(ls::InputAction a, uint64_t client = 0, int64_t value = 0, std::string text = "") {
  ls::Input in;
  in.action = a;
  in.client = client;
  in.value = value;
  in.text = std::move(text);
  return in;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string golden(const std::string& name, const char* ext) {
  return read_file(std::string(LOOPSCOPE_GOLDEN_DIR) + "/" + name + ext);
}

}  // namespace uitest
