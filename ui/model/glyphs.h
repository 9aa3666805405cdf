// The characters the shown text needs beyond the default font. Dear ImGui 1.86 builds its font atlas once, for
// fixed ranges, and shows "?" for anything else; the host rebuilds the atlas between frames with the
// codepoints collected here (wasm/main.cpp), from a font it fetches the first time one is needed.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string_view>
#include <vector>

namespace ls::ui {

class GlyphNeeds {
 public:
  // The default font (ProggyClean) covers U+0020..U+00FF; Dear ImGui 1.86 draws only the BMP (16-bit ImWchar).
  static constexpr uint32_t kFirst = 0x100, kLast = 0xFFFF;

  // Notes the codepoints of UTF-8 `text` (invalid bytes are skipped).
  void scan(std::string_view text);
  // The same for a text that only grows while `generation` stays the same (the console of one run): `slot`
  // names it, and only what was appended since the last call is scanned; a new generation or a shorter text
  // is scanned again from its start.
  void scan_growing(int slot, std::string_view text, uintptr_t generation);

  const std::set<uint32_t>& codepoints() const { return seen_; }
  bool changed() const { return changed_; }  // codepoints were added since the last take_changed()
  bool take_changed() {
    bool c = changed_;
    changed_ = false;
    return c;
  }

 private:
  std::set<uint32_t> seen_;
  struct Scanned {
    uintptr_t generation = 0;
    size_t bytes = 0;
  };
  std::map<int, Scanned> scanned_;
  bool changed_ = false;
};

// Decodes one UTF-8 sequence at s[i]; returns its length (1 for an invalid byte, with *cp = 0xFFFFFFFF).
size_t utf8_next(std::string_view s, size_t i, uint32_t* cp);

}  // namespace ls::ui
