// Which text the playground shows, for the font atlas (ui/model/glyphs.h): a panel that shows new text (a
// network client's lines, a translated UI) adds it here, or its characters outside Latin-1 show as "?".
#include "examples/gallery.h"
#include "ui/app.h"

namespace ls::ui {

namespace {

// The catalog's Korean, all of it: a Korean UI needs its glyphs from the first frame, whatever a panel shows.
const std::string& korean_words() {
  static const std::string all = [] {
    std::string s;
    for (const Word& w : words()) s += w.ko;
    return s;
  }();
  return all;
}

}  // namespace

void App::shown_text(GlyphNeeds& g) const {
  if (settings.lang == Lang::ko) g.scan_growing(-1, korean_words(), 1);  // scanned once: the catalog is constant
  g.scan(code);
  g.scan_growing(0, vm.console, reinterpret_cast<uintptr_t>(session.get()));
  for (const std::string* s : {&vm.error, &vm.narration, &vm.notice, &vm.poll.text, &vm.poll_next, &example_title,
                               &example_watch, &example_description})
    g.scan(*s);
  for (const std::string& r : vm.alive_reasons) g.scan(r);
  for (const HandleRow& h : vm.handles) g.scan(h.details);
  for (const ClientRow& c : vm.network.clients)  // what the network client got back, scanned where it grew
    g.scan_growing(1 + static_cast<int>(c.id), c.received, reinterpret_cast<uintptr_t>(session.get()));
  g.scan(client_form.line);  // and what the user is typing there
  if (show_gallery || examples_listed)
    for (const examples::Snippet& s : examples::all()) {
      g.scan(s.title);
      g.scan(s.description);
      g.scan(s.watch);
    }
}

}  // namespace ls::ui
