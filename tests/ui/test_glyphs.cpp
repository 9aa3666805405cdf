// The characters the font atlas needs (ui/model/glyphs.h) and the gallery's twins: what a screen full of
// Korean asks for, scanned once per change, bad UTF-8 skipped; callback/async pairs found by name.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "examples/gallery.h"
#include "ui/model/glyphs.h"

using ls::ui::GlyphNeeds;

TEST_CASE("glyphs: Hangul and other text past Latin-1 is collected; ASCII and Latin-1 are the default font's") {
  GlyphNeeds g;
  g.scan("print('caf\xc3\xa9')");  // é is Latin-1: the default font has it
  CHECK(g.codepoints().empty());
  CHECK(!g.take_changed());
  g.scan("print('\xed\x95\x9c\xea\xb8\x80')");  // 한글
  CHECK(g.codepoints() == std::set<uint32_t>{0xD55C, 0xAE00});
  CHECK(g.take_changed());
  g.scan("\xed\x95\x9c");  // 한 again: nothing new
  CHECK(!g.take_changed());
}

TEST_CASE("glyphs: invalid UTF-8 is skipped, never decoded into a glyph") {
  GlyphNeeds g;
  g.scan("\xff\xfe \xed\x95");          // stray bytes, a cut-off 한
  g.scan("\xc0\xaf \xe0\x80\xaf");      // overlong forms of '/'
  g.scan("\xed\xa0\x80");               // a UTF-16 surrogate
  g.scan("\xf0\x9f\x98\x80");           // U+1F600: outside what ImGui 1.86 can draw (16-bit glyphs)
  CHECK(g.codepoints().empty());
}

TEST_CASE("glyphs: a growing text is scanned from where it stopped; a new run's text from its start") {
  GlyphNeeds g;
  std::string console = "tick\n";
  g.scan_growing(0, console, 1);
  CHECK(g.codepoints().empty());
  console += "\xed\x95";  // half of 한 arrives ...
  g.scan_growing(0, console, 1);
  CHECK(g.codepoints().empty());
  console += "\x9c\n";  // ... and the rest: the character is found across the two scans
  g.scan_growing(0, console, 1);
  CHECK(g.codepoints() == std::set<uint32_t>{0xD55C});
  // A new run (generation) whose console happens to be longer is scanned whole.
  g.scan_growing(0, "\xea\xb8\x80 and more text than before", 2);
  CHECK(g.codepoints().count(0xAE00) == 1);
}

TEST_CASE("gallery: every example says how it is written; callback/async twins point at each other") {
  int pairs = 0;
  for (const ls::examples::Snippet& s : ls::examples::all()) {
    CHECK((s.style == "callbacks" || s.style == "async/await" || s.style == "both"));
    if (s.pair.empty()) continue;
    pairs++;
    const ls::examples::Snippet* twin = ls::examples::find(s.pair);
    REQUIRE(twin);
    CHECK(twin->pair == s.name);
    CHECK(twin->style != s.style);
  }
  CHECK(pairs >= 4);
  CHECK(ls::examples::find("echo_callbacks")->pair == "echo_async");
  CHECK(ls::examples::find("callback_hell_vs_async")->style == "both");
  CHECK(ls::examples::find("async_coalescing")->style == "callbacks");  // uv's async handle, not the module
}
