// Trace: every observable act of the loop as a numbered event in a bounded ring buffer, exported as JSON Lines
// or Chrome Trace Event JSON (Perfetto). The format is versioned and documented in docs/trace-format.md; golden
// files depend on it, so a change of meaning bumps kTraceFormatVersion. With capacity 0 tracing is off and the
// loop pays one predictable branch per event site.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "types.h"

namespace ls {

constexpr int kTraceFormatVersion = 1;

enum class TraceKind : uint8_t {
  RunBegin,         // a = run mode
  RunEnd,           // a = run() result (alive), b = 1 if the loop stalled (nothing could ever wake it)
  IterationBegin,   // a = iteration number (1-based)
  IterationEnd,     // a = iteration number, b = alive
  UpdateTime,       // a = now (ms)
  PhaseEnter,       // phase, a = queue size (callbacks the phase is about to consider)
  PhaseLeave,       // phase, a = callbacks run in the phase
  PollTimeout,      // a = timeout ms (-1 = infinite), text = TimeoutReason name
  PollReady,        // a = fd, b = IoEvent bits (one event per ready fd; fd -2 = wake-up)
  TimeJump,         // virtual clock: a = from ns, b = to ns (a blocking poll skipped ahead)
  CallbackBegin,    // id/handle = handle id, htype, cb, line = the callback's definition line (if known)
  CallbackEnd,      // same fields as the begin
  HandleOpen,       // id, htype, line = the source line that created the handle (if known)
  HandleStart,      // id, htype, a/b kind-specific (timer: due, repeat; poll: fd, events; signal: signum)
  HandleStop,       // id, htype
  HandleClose,      // id, htype (close() called)
  HandleRef,        // id, htype, a = 1 ref / 0 unref
  RequestSubmit,    // id = request id, text = request type, b = owning handle id
  RequestComplete,  // id = request id, a = status (negative errno), text = request type
  WorkQueue,        // id = work request id
  WorkStart,        // id, a = worker index
  WorkFinish,       // id, a = worker index
  CoroSuspend,      // text = coroutine name, a = source line, id = coroutine id (0 = not numbered),
                    // b = what it awaits: an interned string (Trace::interned(b); 0 = not said)
  CoroResume,       // text = coroutine name, a = source line, id = coroutine id (0 = not numbered)
  Output,           // text = the output
  Stall,            // the run ended because nothing could ever make progress (virtual clock, nothing watched)
  IoInterest,       // id/htype = handle, a = fd, b = IoEvent bits now watched (a stream's epoll_ctl; 0 = none)
  Input,            // something from outside the program, applied between loop advances (a remote client's
                    // action, a fault): a = InputAction, id = remote client id (0 = none), b = value, text = bytes
  CoroSpawn,        // id = coroutine id, text = name, a = source line that created it, b = CoroKind
  CoroDone,         // id = coroutine id, text = name, a = CoroStatus (done or failed)
};

// Which coroutines a coro_spawn names: the async module's tasks, or coroutines the program made itself.
enum class CoroKind : uint8_t { Task, Coroutine };
// How a coroutine ended (coro_done).
enum class CoroStatus : uint8_t { Done, Failed };
const char* to_string(CoroKind);
const char* to_string(CoroStatus);

// What an `input` event did (the playground's network client and fault switches; see docs/trace-format.md).
enum class InputAction : uint8_t { Connect, Send, Shutdown, Close, Reading, Latency, Reset, Refuse, FdLimit, SendBuffer };
const char* to_string(InputAction);

const char* to_string(TraceKind);

struct TraceEvent {
  uint64_t seq = 0;   // 1-based, gap-free for the whole loop (dropped events keep their numbers)
  uint64_t t_ns = 0;  // loop clock (virtual or monotonic) ns since the loop was created
  TraceKind kind = TraceKind::Output;
  Phase phase = Phase::None;  // phase the loop was in when the event happened
  HandleType htype = HandleType::Unknown;
  CallbackKind cb = CallbackKind::Timer;
  uint64_t id = 0;  // handle id (or request id for request/work events)
  int64_t a = 0;
  int64_t b = 0;
  int32_t line = 0;  // a source line of the host's program (0 = unknown): the core does not know them itself
  std::string text;
};

// Fixed at loop creation; written as the first JSONL line / Chrome "otherData".
struct TraceHeader {
  std::string clock;    // "monotonic" | "virtual"
  std::string backend;  // Backend::name()
  std::string order;    // "modern" | "legacy"
  uint64_t ns_per_iteration = 0, ns_per_callback = 0, ns_per_lua_instruction = 0;
};

class Clock;

class Trace {
 public:
  Trace(size_t capacity, const Clock& clock, TraceHeader header);

  bool enabled() const { return capacity_ != 0; }
  size_t capacity() const { return capacity_; }

  // Records an event (seq and t_ns are filled in; phase too unless the caller set one). No-op when disabled.
  void emit(TraceEvent ev);
  // Conveniences for the layers above the core.
  void output(std::string text);
  void coro_suspend(std::string name, int line);
  void coro_resume(std::string name, int line);
  // The numbered forms (the Lua runtime numbers every task and coroutine): `awaiting` in words, "sleep 200 ms".
  void coro_spawn(uint64_t id, std::string name, int line, CoroKind kind);
  void coro_suspend(uint64_t id, std::string name, int line, std::string_view awaiting);
  void coro_resume(uint64_t id, std::string name, int line);
  void coro_done(uint64_t id, std::string name, CoroStatus status);

  // Interned strings: a TraceEvent keeps a second string (what a coroutine awaits) as a small number in `b`
  // instead of growing by another std::string — the page keeps a ring of a million events, and the same few
  // phrases ("sleep 100 ms", "read on tcp #5") repeat. They live for the loop's life, so an exported event that
  // the ring still holds can always be written out. At most kMaxInterned distinct strings are kept (a snippet
  // could make endless distinct ones); past that intern() returns 0 and the event says nothing.
  static constexpr size_t kMaxInterned = 4096;
  uint32_t intern(std::string_view s);            // 0 for the empty string (and past the limit)
  const std::string& interned(uint64_t n) const;  // "" for 0 or an unknown number
  // Source lines, told by the layer above once it knows them (the core never does): the line of the callback
  // that has begun most recently and not ended yet, and the line that created handle `id` (its newest open).
  // A listener has already seen those events without the line.
  void set_callback_line(int line);
  void set_open_line(uint64_t handle_id, int line);

  // Called for every event as it is recorded (e.g. to stream a trace longer than the ring). Empty = none.
  void set_listener(std::function<void(const TraceEvent&)> fn) { listener_ = std::move(fn); }

  size_t size() const { return count_; }
  // Reading the ring without copying it (a UI reads the newest events every frame): the newest seq so far
  // (0 = none), and the event with that seq while the ring still holds it (else nullptr).
  uint64_t last_seq() const { return next_seq_ - 1; }
  const TraceEvent* event(uint64_t seq) const { return const_cast<Trace*>(this)->find(seq); }
  uint64_t dropped() const { return next_seq_ - 1 - count_ - cleared_; }
  std::vector<TraceEvent> events() const;  // oldest first
  void clear();
  const TraceHeader& header() const { return header_; }

  void write_jsonl(std::ostream& out) const;
  void write_chrome(std::ostream& out) const;
  std::string jsonl() const;
  std::string chrome_json() const;
  // One JSONL line, without the newline. `strings`: the trace the event came from, for its interned strings
  // (without it an event's `awaiting` is left out).
  static std::string to_json(const TraceEvent& ev, const Trace* strings = nullptr);

 private:
  friend class Loop;
  size_t capacity_;
  const Clock* clock_;
  TraceHeader header_;
  std::vector<TraceEvent> ring_;
  size_t head_ = 0;   // index of the oldest event
  size_t count_ = 0;
  uint64_t next_seq_ = 1;
  uint64_t cleared_ = 0;
  const Phase* phase_src_ = nullptr;  // the loop's current phase (set by the Loop)
  std::vector<uint64_t> open_callbacks_;  // seqs of the callback_begin events whose end has not come yet
  TraceEvent* find(uint64_t seq);         // nullptr once the ring has dropped it
  std::function<void(const TraceEvent&)> listener_;
  std::vector<std::string> interned_{std::string()};  // [0] = ""
};

}  // namespace ls
