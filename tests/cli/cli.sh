#!/usr/bin/env bash
# cli.sh LOOPSCOPE: the command line as a user meets it — exit codes, error messages, abuse, Ctrl-C, traces.
set -u
cli=$(readlink -f "$1") gallery=$(readlink -f "$(dirname "$0")/../../examples/snippets")
passed=0 failed=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
# CLI_ONLY (names, one a line) runs just those checks: the fault matrix (tests/reliability) reuses them.
selected() { [ -z "${CLI_ONLY:-}" ] || grep -qxF -- "$1" <<<"$CLI_ONLY"; }
check() {  # check NAME EXPECTED_STATUS out|err GREP_PATTERN -- COMMAND...: the pattern must be on that stream
  local name=$1 want=$2 stream=$3 pattern=$4; shift 5
  selected "$name" || return 0
  "$@" >out.txt 2>err.txt; local got=$?
  if [ "$got" -eq "$want" ] && grep -qE -- "$pattern" "$stream.txt"; then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); echo "FAIL $name: exit $got (want $want), output:"; head -c 600 out.txt err.txt; echo
  fi
}
snippet() { printf '%b' "$2" > "$1"; }
pass_if() {  # pass_if NAME COMMAND...: the command's success is the check
  local name=$1; shift
  selected "$name" || return 0
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"; else failed=$((failed + 1)); echo "FAIL $name"; fi
}

check "--version prints the version" 0 out '^loopscope [0-9]+\.[0-9]+' -- "$cli" --version
check "--help lists the run subcommand" 0 out '^  run +run a snippet' -- "$cli" --help
pass_if "--help lists the examples subcommand" grep -qE '^  examples +list the gallery' out.txt
"$cli" run --help >out.txt 2>&1
for option in backend clock order deterministic trace trace-format seed budget memory output timeout unsafe copy-in; do
  pass_if "run --help lists --$option (the README's table)" grep -qE -- "^  --$option( |$)" out.txt
done
check "no subcommand is a usage error" 2 err 'subcommand' -- "$cli"
check "run without a file is a usage error" 2 err 'file' -- "$cli" run
check "a missing file is a usage error" 2 err 'cannot read' -- "$cli" run nope.lua
check "an unknown option is a usage error" 2 err 'frobnicate' -- "$cli" run --frobnicate x.lua

printf 'from the host\n' > host.txt
snippet read_copy.lua "local uv = require('luv')\nlocal fd = assert(uv.fs_open('data/in.txt', 'r', 0))\nio.write(uv.fs_read(fd, 100, 0))\nprint(uv.fs_stat('/host.txt').size)\n"
check "--copy-in puts host files into the emulated file system" 0 out '^14$' -- "$cli" run --backend emulated --copy-in host.txt=data/in.txt --copy-in host.txt read_copy.lua
pass_if "--copy-in: the copy has the host file's bytes" grep -qx 'from the host' out.txt
check "--copy-in of a missing host file is a clear error" 2 err 'copy-in: cannot read nope.txt' -- "$cli" run --backend emulated --copy-in nope.txt read_copy.lua
check "--copy-in on epoll says it needs the emulated backend" 2 err 'use --backend emulated' -- "$cli" run --copy-in host.txt read_copy.lua

snippet two_timers.lua "local uv = require('luv')\nlocal a, b = uv.new_timer(), uv.new_timer()\na:start(30, 0, function() print('second') a:close() end)\nb:start(10, 0, function() print('first') b:close() end)\n"
check "two timers print in due order" 0 out '^first$' -- "$cli" run two_timers.lua
[ "$(cat out.txt)" = "$(printf 'first\nsecond')" ] && { passed=$((passed + 1)); echo "ok   exactly first, second"; } ||
  { failed=$((failed + 1)); echo "FAIL two timers output: $(cat out.txt)"; }

snippet syntax.lua "local x = 1\nlocal y = = 2\n"
check "a syntax error exits 1 with file:line" 1 err '^syntax.lua:2: ' -- "$cli" run syntax.lua
snippet runtime_error.lua "local t = uv.new_timer()\nt:start(1, 0, function()\n  local n = nil\n  print(n.field)\nend)\n"
check "an error in a callback exits 1 with its line and a traceback" 1 err 'runtime_error.lua:4: attempt to index' -- "$cli" run runtime_error.lua
grep -q 'stack traceback' err.txt && { passed=$((passed + 1)); echo "ok   the callback error has a traceback"; } ||
  { failed=$((failed + 1)); echo "FAIL no traceback"; }

snippet spin.lua "local n = 0\nwhile true do\n  n = n + 1\nend\n"
check "an endless loop is reported as a blocked loop" 1 err 'the loop was blocked: [0-9]+ instructions in the main chunk at line 3' -- "$cli" run --budget 1000000 spin.lua
snippet bomb.lua "local s = 'x'\nwhile true do s = s .. s end\n"
check "a memory bomb hits the cap" 1 err 'out of memory' -- "$cli" run --memory 32 bomb.lua
snippet rep.lua "print(#string.rep('x', 1e9))\n"
check "a string.rep bomb hits the cap" 1 err 'out of memory' -- "$cli" run --memory 32 rep.lua
snippet recurse.lua "local function f() return f() + 1 end\nf()\n"
check "deep recursion is a stack overflow error" 1 err 'stack overflow' -- "$cli" run recurse.lua
snippet handles.lua "for i = 1, 1e6 do uv.new_timer() end\n"
check "a million handles hit the memory cap, naming the option" 1 err 'is --memory 64' -- "$cli" run --memory 64 handles.lua
snippet million.lua "local uv = require('luv')\nlocal timers, fired = {}, 0\nlocal function on_timeout() fired = fired + 1 end\nfor i = 0, 999999 do\n  local t = uv.new_timer()\n  t:start(1 + (i * 7919) % 1000, 0, on_timeout)\n  timers[i + 1] = t\nend\nuv.run()\nprint('fired', fired)\n"
check "one million live timers (luv's S1 snippet) run with the default limits" 0 out 'fired.1000000' -- "$cli" run million.lua
snippet flood.lua "for i = 1, 1e6 do print(i) end\n"
check "a print flood is cut at the output cap" 0 out 'output truncated' -- "$cli" run --output 64 flood.lua
{ seq 1 1000000 | head -c 65536; printf '\n[output truncated: the snippet printed more than 65536 bytes]\n'; } >want.txt
pass_if "the output cap keeps exactly 64 KiB of output, then the marker" cmp -s want.txt out.txt
snippet escape.lua "os.execute('echo pwned')\n"
check "os.execute is not available in the sandbox" 1 err 'os.execute is not available' -- "$cli" run escape.lua
check "--unsafe opens the full standard library" 0 out '^pwned$' -- "$cli" run --unsafe escape.lua

snippet forever.lua "local t = uv.new_timer()\nt:start(600000, 0, function() end)\nprint('waiting')\n"
check "--timeout stops a run that waits too long" 1 err 'timeout: the run took longer' -- "$cli" run --timeout 1 forever.lua
snippet spin_idle.lua "uv.new_idle():start(function() end)\nlocal t = uv.new_timer()\nt:start(0, 0, function() t:start(0, 0, function() end) end)\nuv.new_timer():start(0, 1, function() end)\n"
check "--timeout stops a loop that spins on idle and 0 ms timers" 1 err 'timeout: the run took longer' -- "$cli" run --timeout 1 spin_idle.lua
signal_when_waiting() {  # signal_when_waiting SIGNAL TRACE: runs forever.lua, signals it once it printed 'waiting'
  "$cli" run --trace "$2" forever.lua >out.txt 2>err.txt & local pid=$!
  for _ in $(seq 200); do grep -q waiting out.txt && break; sleep 0.05; done  # bounded: at most 10 s
  kill -s "$1" $pid; wait $pid
}
check "Ctrl-C (SIGINT) stops the run cleanly with status 130" 130 err '^interrupted: the run was stopped by Ctrl-C' -- \
  signal_when_waiting INT ctrlc.jsonl
pass_if "the trace is written after Ctrl-C" grep -q '"ev":"run_end"' <(tail -n 1 ctrlc.jsonl)
check "SIGTERM stops the run cleanly with status 143, and says so" 143 err '^terminated: the run was stopped by SIGTERM' -- \
  signal_when_waiting TERM term.jsonl
pass_if "SIGTERM does not claim a Ctrl-C" bash -c '! grep -q Ctrl-C err.txt'
pass_if "the trace is written after SIGTERM" grep -q '"ev":"run_end"' <(tail -n 1 term.jsonl)

check "--trace writes JSON Lines" 0 out 'first' -- "$cli" run --deterministic --trace t.jsonl two_timers.lua
python3 -c "import json,sys; [json.loads(l) for l in open('t.jsonl')]; h=json.loads(open('t.jsonl').readline()); sys.exit(0 if h['format']=='loopscope-trace' and h['clock']=='virtual' else 1)" &&
  { passed=$((passed + 1)); echo "ok   every JSONL line parses; the header names the virtual clock"; } ||
  { failed=$((failed + 1)); echo "FAIL JSONL trace"; }
check "--trace-format chrome writes Chrome Trace Event JSON" 0 out 'first' -- \
  "$cli" run --deterministic --trace t.json --trace-format chrome two_timers.lua
balanced_slices() {  # balanced_slices CHROME: every E closes the slice last opened, and every slice is closed
  awk 'match($0, /"name":"[^"]*"/) { name = substr($0, RSTART + 8, RLENGTH - 9) }
       /"ph":"B"/ { open[++depth] = name }
       /"ph":"E"/ { if (depth == 0 || open[depth] != name) { print "E without its B: " $0; exit 1 } depth-- }
       END { if (depth != 0) { print depth " unclosed slices"; exit 1 } }' "$1"
}
chrome_seqs() { python3 -c "import json,sys; print([e['args']['seq'] for e in json.load(open(sys.argv[1]))['traceEvents']])" "$1"; }
jsonl_seqs() { python3 -c "import json,sys; print([json.loads(l)['seq'] for l in list(open(sys.argv[1]))[1:]])" "$1"; }
pass_if "the Chrome trace has balanced B/E slices" balanced_slices t.json
pass_if "the Chrome trace holds the JSONL trace's events" cmp -s <(chrome_seqs t.json) <(jsonl_seqs t.jsonl)
snippet idle_60k.lua "local n, idle = 0, uv.new_idle()\nidle:start(function() n = n + 1 if n == 60000 then idle:close() end end)\n"
"$cli" run --deterministic --trace wrap.json --trace-format chrome idle_60k.lua >/dev/null 2>err.txt
pass_if "a trace longer than the ring says how many events it dropped" grep -q 'earlier ones were dropped' err.txt
pass_if "after the ring wrapped, the Chrome trace has balanced B/E slices" balanced_slices wrap.json
# The ring holds 1048576 events; only E's whose B was dropped (one per open slice: run, iteration, phase,
# callback) may be left out.
pass_if "after the ring wrapped, only a few orphan E's are left out" \
  test "$(grep -c '"ph":' wrap.json)" -ge $((1048576 - 8))

header_says() {  # header_says NAME TRACE KEY VALUE: the trace's first line names the backend or clock
  python3 -c "import json,sys; h=json.loads(open('$2').readline()); sys.exit(0 if h['$3']=='$4' else 1)" &&
    { passed=$((passed + 1)); echo "ok   $1"; } || { failed=$((failed + 1)); echo "FAIL $1: $(head -n1 "$2")"; }
}
"$cli" run --trace plain.jsonl two_timers.lua >/dev/null 2>&1
header_says "the default backend is epoll" plain.jsonl backend epoll
header_says "epoll runs on the real clock by default" plain.jsonl clock monotonic
"$cli" run --backend emulated --trace emu.jsonl two_timers.lua >/dev/null 2>&1
header_says "--backend emulated runs the emulated backend" emu.jsonl backend emulated
header_says "the emulated backend runs on the virtual clock by default" emu.jsonl clock virtual
header_says "--deterministic runs the emulated backend" t.jsonl backend emulated
check "--backend takes only epoll or emulated" 2 err 'backend' -- "$cli" run --backend kqueue two_timers.lua
check "--deterministic with --clock real is a usage error" 2 err 'emulated backend on the virtual clock' -- \
  "$cli" run --deterministic --clock real two_timers.lua
snippet echo.lua "local uv = require('luv')\nlocal server = uv.new_tcp()\nassert(server:bind('127.0.0.1', 0))\nserver:listen(8, function()\n  local c = uv.new_tcp()\n  server:accept(c)\n  c:read_start(function(err, data)\n    if data then c:write(data) else c:close() server:close() end\n  end)\nend)\nlocal client = uv.new_tcp()\nclient:connect('127.0.0.1', server:getsockname().port, function(err)\n  assert(not err, err)\n  client:write('ping')\n  client:read_start(function(err, data)\n    print('echo: ' .. data)\n    client:close()\n  end)\nend)\n"
check "a TCP echo runs over real loopback sockets" 0 out '^echo: ping$' -- "$cli" run echo.lua
check "the same TCP echo runs on the emulated network" 0 out '^echo: ping$' -- "$cli" run --backend emulated echo.lua

snippet gai.lua "uv.getaddrinfo('localhost', nil, { family = 'inet' }, function(err, res) print(err, res[1].addr) end)\n"
check "getaddrinfo answers localhost with a callback" 0 out '^nil\s127\.0\.0\.1$' -- "$cli" run --deterministic --trace gai.jsonl gai.lua
grep -q '"ev":"request_submit".*"type":"getaddrinfo"' gai.jsonl && { passed=$((passed + 1)); echo "ok   the trace names the getaddrinfo request"; } ||
  { failed=$((failed + 1)); echo "FAIL the trace has no getaddrinfo request"; }

check "examples lists the gallery" 0 out 'timer0_vs_check' -- "$cli" examples
for f in "$gallery"/*.lua; do  # every snippet, in order, with its title line
  printf '%-26s %s\n' "$(basename "$f" .lua)" "$(sed -n 's/^-- title: //p' "$f")"
done >want.txt
pass_if "examples lists every gallery snippet with its title, nothing else" cmp -s want.txt out.txt
check "examples NAME prints a snippet" 0 out "require\('luv'\)" -- "$cli" examples run_modes
check "an unknown example is a usage error" 2 err 'no example named' -- "$cli" examples nope

snippet random.lua "print(math.random(1000000000))\n"
for seed in 1 2; do  # Debian's lua5.4 is the oracle: the same xoshiro256** generator, seeded the same way
  lua5.4 -e "math.randomseed($seed) print(math.random(1000000000))" >want.txt
  check "--seed $seed seeds math.random as lua5.4's math.randomseed($seed)" 0 out . -- "$cli" run --seed $seed random.lua
  pass_if "--seed $seed: the number lua5.4 draws" cmp -s want.txt out.txt
done
check "the default seed is 1" 0 out "^$(lua5.4 -e 'math.randomseed(1) print(math.random(1000000000))')\$" -- "$cli" run random.lua

# A server no client can reach on the emulated network: nothing can ever wake the loop. It ends as stalled, with a
# message, instead of waiting for ever (the Ctrl-C wake-up must not count as something that could wake it).
snippet lonely_server.lua "local s = uv.new_tcp()\ns:bind('127.0.0.1', 7000)\ns:listen(8, function() end)\nprint('listening')\n"
check "--deterministic ends a run nothing can wake as stalled, and says so" 0 err '^loopscope: the run ended stalled' -- \
  timeout 20 "$cli" run --deterministic lonely_server.lua

snippet args.lua "print(arg[0], arg[1], arg[2], #arg)\n"
(lua5.4 args.lua one --two) >want.txt
check "run FILE ARGS sets arg as lua5.4 does (options after FILE included)" 0 out . -- "$cli" run args.lua one --two
pass_if "the arg table is lua5.4's" cmp -s want.txt out.txt

snippet long_timer.lua "local t = uv.new_timer()\nt:start(3600000, 0, function() print('an hour later') t:close() end)\n"
check "--clock virtual on epoll: an hour-long timer fires without waiting" 0 out '^an hour later$' -- \
  timeout 20 "$cli" run --clock virtual --trace vclock.jsonl long_timer.lua
header_says "--clock virtual names the virtual clock in the trace" vclock.jsonl clock virtual
"$cli" run --backend emulated --clock real --trace rclock.jsonl two_timers.lua >/dev/null 2>&1
header_says "--clock real on the emulated backend runs the real clock" rclock.jsonl clock monotonic
check "--clock takes only real or virtual" 2 err 'clock' -- "$cli" run --clock sundial two_timers.lua

snippet blocked_timer.lua "local t = uv.new_timer()\nt:start(1, 0, function()\n  while true do end\nend)\n"
check "a callback that never returns names its kind and line" 1 err \
  '^the loop was blocked: [0-9]+ instructions in timer callback at line 3' -- "$cli" run --budget 100000 blocked_timer.lua

# `loopscope -`: lua's stdin form, with the full library (how a luv program runs itself as a child process).
printf 'print("stdin", io.open ~= nil, ...)\n' > stdin.lua
check "loopscope - runs stdin with its arguments and the full library" 0 out '^stdin	true	x	y$' -- \
  bash -c '"$0" - x y < stdin.lua' "$cli"
printf '%s' 'io.write(string.dump(function() print("dumped chunk ran") end))' > dump.lua
"$cli" run --unsafe dump.lua > dumped.bin 2>/dev/null
check "loopscope - loads a binary chunk (string.dump's), as lua - does" 0 out '^dumped chunk ran$' -- \
  bash -c '"$0" - < dumped.bin' "$cli"
check "a binary chunk is refused without --unsafe" 1 err 'attempt to load a binary chunk' -- "$cli" run dumped.bin
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
