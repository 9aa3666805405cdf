// Trace exporters: JSON Lines (a header line, then one object per event) and Chrome Trace Event JSON (phases and
// callbacks as nested B/E slices, everything else as instants; opens in Perfetto and chrome://tracing).
// Field names per event kind are documented in docs/trace-format.md; they are part of the versioned format.
// Hand-written JSON: the writer is ~100 lines and keeps the core free of a JSON dependency; strings are escaped
// and invalid UTF-8 (a snippet can print any bytes) becomes U+FFFD so every line parses.
#include <cstdio>
#include <ostream>
#include <sstream>

#include "errors.h"
#include "trace.h"

namespace ls {
namespace {

// The length of the well-formed UTF-8 sequence at s[i] (Unicode's table of well-formed byte sequences), 0 if
// there is none: the second byte's range depends on the lead, which rules out overlong forms, surrogates and
// code points past U+10FFFF, all of which a JSON parser rejects.
size_t utf8_length(std::string_view s, size_t i) {
  auto at = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  unsigned c = at(0), lo = 0x80, hi = 0xBF;
  size_t n = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (at(1) < lo || at(1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if ((at(k) & 0xC0) != 0x80) return 0;
  }
  return n;
}

void put_string(std::string& out, std::string_view s) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else {
      // Accept a well-formed UTF-8 sequence as is; replace anything else byte by byte.
      size_t n = utf8_length(s, i);
      if (n != 0) {
        out.append(s.substr(i, n));
        i += n;
      } else {
        out += "\\ufffd";
        ++i;
      }
    }
  }
  out += '"';
}

void put_field(std::string& out, const char* key, int64_t v) {
  out += ",\"";
  out += key;
  out += "\":";
  out += std::to_string(v);
}

void put_field(std::string& out, const char* key, std::string_view v) {
  out += ",\"";
  out += key;
  out += "\":";
  put_string(out, v);
}

void put_bool(std::string& out, const char* key, bool v) {
  out += ",\"";
  out += key;
  out += v ? "\":true" : "\":false";
}

void put_handle(std::string& out, const TraceEvent& ev) {
  put_field(out, "handle", static_cast<int64_t>(ev.id));
  put_field(out, "type", to_string(ev.htype));
}

// The kind-specific fields, each as ,"key":value.
std::string fields(const TraceEvent& ev, const Trace* trace) {
  std::string out;
  switch (ev.kind) {
    case TraceKind::RunBegin: put_field(out, "mode", to_string(static_cast<RunMode>(ev.a))); break;
    case TraceKind::RunEnd:
      put_field(out, "result", ev.a);
      put_bool(out, "stalled", ev.b != 0);
      break;
    case TraceKind::IterationBegin: put_field(out, "iteration", ev.a); break;
    case TraceKind::IterationEnd:
      put_field(out, "iteration", ev.a);
      put_bool(out, "alive", ev.b != 0);
      break;
    case TraceKind::UpdateTime: put_field(out, "now", ev.a); break;
    case TraceKind::PhaseEnter: put_field(out, "queue", ev.a); break;
    case TraceKind::PhaseLeave: put_field(out, "ran", ev.a); break;
    case TraceKind::PollTimeout:
      put_field(out, "timeout", ev.a);
      put_field(out, "reason", ev.text);
      break;
    case TraceKind::PollReady:
      put_field(out, "fd", ev.a);
      put_field(out, "events", ev.b);
      break;
    case TraceKind::TimeJump:
      put_field(out, "from", ev.a);
      put_field(out, "to", ev.b);
      break;
    case TraceKind::CallbackBegin:
    case TraceKind::CallbackEnd:
      put_handle(out, ev);
      put_field(out, "cb", to_string(ev.cb));
      if (ev.line > 0) put_field(out, "line", ev.line);
      break;
    case TraceKind::HandleOpen:
      put_handle(out, ev);
      if (ev.line > 0) put_field(out, "line", ev.line);
      break;
    case TraceKind::HandleStop:
    case TraceKind::HandleClose: put_handle(out, ev); break;
    case TraceKind::HandleStart:
      put_handle(out, ev);
      if (ev.htype == HandleType::Timer) {
        put_field(out, "due", ev.a);
        put_field(out, "repeat", ev.b);
      } else if (ev.htype == HandleType::Poll) {
        put_field(out, "fd", ev.a);
        put_field(out, "events", ev.b);
      } else if (ev.htype == HandleType::Signal) {
        put_field(out, "signum", ev.a);
      } else if (ev.htype == HandleType::Process) {
        put_field(out, "pid", ev.a);
      } else if (ev.htype == HandleType::FsEvent) {
        put_field(out, "wd", ev.a);
      } else if (ev.htype == HandleType::FsPoll) {
        put_field(out, "interval", ev.a);
      }
      break;
    case TraceKind::HandleRef:
      put_handle(out, ev);
      put_bool(out, "ref", ev.a != 0);
      break;
    case TraceKind::RequestSubmit:
      put_field(out, "req", static_cast<int64_t>(ev.id));
      put_field(out, "type", ev.text);
      put_field(out, "handle", ev.b);
      break;
    case TraceKind::RequestComplete:
      put_field(out, "req", static_cast<int64_t>(ev.id));
      put_field(out, "type", ev.text);
      put_field(out, "status", ev.a == 0 ? "ok" : err_name(static_cast<int>(ev.a)));
      break;
    case TraceKind::WorkQueue: put_field(out, "req", static_cast<int64_t>(ev.id)); break;
    case TraceKind::WorkStart:
    case TraceKind::WorkFinish:
      put_field(out, "req", static_cast<int64_t>(ev.id));
      put_field(out, "worker", ev.a);
      break;
    case TraceKind::CoroSuspend:
    case TraceKind::CoroResume:
      put_field(out, "name", ev.text);
      put_field(out, "line", ev.a);
      if (ev.id) put_field(out, "coro", static_cast<int64_t>(ev.id));
      if (ev.kind == TraceKind::CoroSuspend && ev.b && trace) put_field(out, "awaiting", trace->interned(ev.b));
      break;
    case TraceKind::CoroSpawn:
      put_field(out, "coro", static_cast<int64_t>(ev.id));
      put_field(out, "name", ev.text);
      put_field(out, "line", ev.a);
      put_field(out, "kind", to_string(static_cast<CoroKind>(ev.b)));
      break;
    case TraceKind::CoroDone:
      put_field(out, "coro", static_cast<int64_t>(ev.id));
      put_field(out, "name", ev.text);
      put_field(out, "status", to_string(static_cast<CoroStatus>(ev.a)));
      break;
    case TraceKind::Output: put_field(out, "text", ev.text); break;
    case TraceKind::Stall: break;
    case TraceKind::Input:
      put_field(out, "input", to_string(static_cast<InputAction>(ev.a)));
      put_field(out, "client", static_cast<int64_t>(ev.id));
      put_field(out, "value", ev.b);
      put_field(out, "text", ev.text);
      break;
    case TraceKind::IoInterest:
      put_handle(out, ev);
      put_field(out, "fd", ev.a);
      put_field(out, "events", ev.b);
      break;
  }
  return out;
}

std::string header_json(const TraceHeader& h, uint64_t dropped) {
  std::string out = "{\"format\":\"loopscope-trace\"";
  put_field(out, "version", kTraceFormatVersion);
  put_field(out, "clock", h.clock);
  put_field(out, "backend", h.backend);
  put_field(out, "order", h.order);
  out += ",\"costs\":{\"ns_per_iteration\":" + std::to_string(h.ns_per_iteration) +
         ",\"ns_per_callback\":" + std::to_string(h.ns_per_callback) +
         ",\"ns_per_lua_instruction\":" + std::to_string(h.ns_per_lua_instruction) + "}";
  put_field(out, "dropped", static_cast<int64_t>(dropped));
  out += '}';
  return out;
}

std::string micros(uint64_t ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%llu.%03u", static_cast<unsigned long long>(ns / 1000),
                static_cast<unsigned>(ns % 1000));
  return buf;
}

}  // namespace

std::string Trace::to_json(const TraceEvent& ev, const Trace* strings) {
  std::string out = "{\"seq\":" + std::to_string(ev.seq) + ",\"t\":" + std::to_string(ev.t_ns);
  put_field(out, "ev", to_string(ev.kind));
  put_field(out, "phase", to_string(ev.phase));
  out += fields(ev, strings);
  out += '}';
  return out;
}

void Trace::write_jsonl(std::ostream& out) const {
  out << header_json(header_, dropped()) << '\n';
  for (const TraceEvent& ev : events()) out << to_json(ev, this) << '\n';
}

void Trace::write_chrome(std::ostream& out) const {
  out << "{\"displayTimeUnit\":\"ms\",\"otherData\":" << header_json(header_, dropped()) << ",\"traceEvents\":[";
  bool first = true;
  // Slices nest (run > iteration > phase > callback), so an E met while no B is open lost its B when the ring
  // wrapped. Perfetto would pair it with some unrelated open slice: it is left out.
  size_t open_slices = 0;
  for (const TraceEvent& ev : events()) {
    std::string name, ph = "i", cat;
    switch (ev.kind) {
      case TraceKind::PhaseEnter:
      case TraceKind::PhaseLeave:
        name = to_string(ev.phase);
        ph = ev.kind == TraceKind::PhaseEnter ? "B" : "E";
        cat = "phase";
        break;
      case TraceKind::CallbackBegin:
      case TraceKind::CallbackEnd:
        name = std::string(to_string(ev.htype)) + "#" + std::to_string(ev.id) + " " + to_string(ev.cb);
        ph = ev.kind == TraceKind::CallbackBegin ? "B" : "E";
        cat = "callback";
        break;
      case TraceKind::IterationBegin:
      case TraceKind::IterationEnd:
        name = "iteration " + std::to_string(ev.a);
        ph = ev.kind == TraceKind::IterationBegin ? "B" : "E";
        cat = "iteration";
        break;
      case TraceKind::RunBegin:
      case TraceKind::RunEnd:
        name = "run";
        ph = ev.kind == TraceKind::RunBegin ? "B" : "E";
        cat = "run";
        break;
      default:
        name = to_string(ev.kind);
        cat = "event";
    }
    if (ph == "E") {
      if (open_slices == 0) continue;
      --open_slices;
    }
    if (ph == "B") ++open_slices;
    std::string line = first ? "\n" : ",\n";
    first = false;
    line += "{\"name\":";
    put_string(line, name);
    line += ",\"cat\":\"" + cat + "\",\"ph\":\"" + ph + "\",\"ts\":" + micros(ev.t_ns) + ",\"pid\":1,\"tid\":1";
    if (ph == "i") line += ",\"s\":\"t\"";
    std::string args = fields(ev, this);
    line += ",\"args\":{\"seq\":" + std::to_string(ev.seq) + args + "}}";
    out << line;
  }
  out << "\n]}\n";
}

std::string Trace::jsonl() const {
  std::ostringstream s;
  write_jsonl(s);
  return s.str();
}

std::string Trace::chrome_json() const {
  std::ostringstream s;
  write_chrome(s);
  return s.str();
}

}  // namespace ls
