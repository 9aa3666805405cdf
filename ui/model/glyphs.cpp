#include "ui/model/glyphs.h"

namespace ls::ui {

size_t utf8_next(std::string_view s, size_t i, uint32_t* cp) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  *cp = 0xFFFFFFFF;
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 1;
  uint32_t v = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
  for (size_t k = 1; k < len; k++) {
    if ((b(i + k) & 0xC0) != 0x80) return 1;
    v = (v << 6) | (b(i + k) & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};  // overlong forms are invalid
  if (v < kMin[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 1;
  *cp = v;
  return len;
}

void GlyphNeeds::scan(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {  // the common case: ASCII, one byte at a time
      i++;
      continue;
    }
    uint32_t cp;
    i += utf8_next(text, i, &cp);
    if (cp >= kFirst && cp <= kLast && seen_.insert(cp).second) changed_ = true;
  }
}

void GlyphNeeds::scan_growing(int slot, std::string_view text, uintptr_t generation) {
  Scanned& s = scanned_[slot];
  if (s.generation != generation || text.size() < s.bytes) s = {generation, 0};
  if (text.size() == s.bytes) return;
  size_t from = s.bytes;
  // Start at the beginning of a character: an append may have completed one cut off last time.
  while (from > 0 && s.bytes - from < 3 && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) from--;
  scan(text.substr(from));
  s.bytes = text.size();
}

}  // namespace ls::ui
