#!/usr/bin/env bash
# cli.sh LOOPSCOPE: the command line as a user meets it — exit codes, error messages, abuse, Ctrl-C, traces.
set -u
cli=$(readlink -f "$1")
passed=0 failed=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
check() {  # check NAME EXPECTED_STATUS GREP_PATTERN_IN_OUTPUT -- COMMAND...
  local name=$1 want=$2 pattern=$3; shift 4
  "$@" >out.txt 2>err.txt; local got=$?
  if [ "$got" -eq "$want" ] && grep -qE -- "$pattern" out.txt err.txt; then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); echo "FAIL $name: exit $got (want $want), output:"; head -c 600 out.txt err.txt; echo
  fi
}
snippet() { printf '%b' "$2" > "$1"; }

check "--version prints the version" 0 '^loopscope [0-9]+\.[0-9]+' -- "$cli" --version
check "--help lists the subcommands" 0 'run' -- "$cli" --help
check "no subcommand is a usage error" 2 'subcommand' -- "$cli"
check "run without a file is a usage error" 2 'file' -- "$cli" run
check "a missing file is a usage error" 2 'cannot read' -- "$cli" run nope.lua
check "an unknown option is a usage error" 2 'frobnicate' -- "$cli" run --frobnicate x.lua

snippet two_timers.lua "local uv = require('luv')\nlocal a, b = uv.new_timer(), uv.new_timer()\na:start(30, 0, function() print('second') a:close() end)\nb:start(10, 0, function() print('first') b:close() end)\n"
check "two timers print in due order" 0 '^first$' -- "$cli" run two_timers.lua
[ "$(cat out.txt)" = "$(printf 'first\nsecond')" ] && { passed=$((passed + 1)); echo "ok   exactly first, second"; } ||
  { failed=$((failed + 1)); echo "FAIL two timers output: $(cat out.txt)"; }

snippet syntax.lua "local x = 1\nlocal y = = 2\n"
check "a syntax error exits 1 with file:line" 1 '^syntax.lua:2: ' -- "$cli" run syntax.lua
snippet runtime_error.lua "local t = uv.new_timer()\nt:start(1, 0, function()\n  local n = nil\n  print(n.field)\nend)\n"
check "an error in a callback exits 1 with its line and a traceback" 1 'runtime_error.lua:4: attempt to index' -- "$cli" run runtime_error.lua
grep -q 'stack traceback' err.txt && { passed=$((passed + 1)); echo "ok   the callback error has a traceback"; } ||
  { failed=$((failed + 1)); echo "FAIL no traceback"; }

snippet spin.lua "local n = 0\nwhile true do\n  n = n + 1\nend\n"
check "an endless loop is reported as a blocked loop" 1 'the loop was blocked: [0-9]+ instructions in the main chunk at line 3' -- "$cli" run --budget 1000000 spin.lua
snippet bomb.lua "local s = 'x'\nwhile true do s = s .. s end\n"
check "a memory bomb hits the cap" 1 'out of memory' -- "$cli" run --memory 32 bomb.lua
snippet rep.lua "print(#string.rep('x', 1e9))\n"
check "a string.rep bomb hits the cap" 1 'out of memory' -- "$cli" run --memory 32 rep.lua
snippet recurse.lua "local function f() return f() + 1 end\nf()\n"
check "deep recursion is a stack overflow error" 1 'stack overflow' -- "$cli" run recurse.lua
snippet handles.lua "for i = 1, 1e6 do uv.new_timer() end\n"
check "a million handles hit the memory cap, naming the option" 1 'is --memory 64' -- "$cli" run --memory 64 handles.lua
snippet million.lua "local uv = require('luv')\nlocal timers, fired = {}, 0\nlocal function on_timeout() fired = fired + 1 end\nfor i = 0, 999999 do\n  local t = uv.new_timer()\n  t:start(1 + (i * 7919) % 1000, 0, on_timeout)\n  timers[i + 1] = t\nend\nuv.run()\nprint('fired', fired)\n"
check "one million live timers (luv's S1 snippet) run with the default limits" 0 'fired.1000000' -- "$cli" run million.lua
snippet flood.lua "for i = 1, 1e6 do print(i) end\n"
check "a print flood is cut at the output cap" 0 'output truncated' -- "$cli" run --output 64 flood.lua
snippet escape.lua "os.execute('echo pwned')\n"
check "os.execute is not available in the sandbox" 1 'os.execute is not available' -- "$cli" run escape.lua
check "--unsafe opens the full standard library" 0 '^pwned$' -- "$cli" run --unsafe escape.lua

snippet forever.lua "local t = uv.new_timer()\nt:start(600000, 0, function() end)\nprint('waiting')\n"
check "--timeout stops a run that waits too long" 1 'timeout: the run took longer' -- "$cli" run --timeout 1 forever.lua
check "Ctrl-C (SIGINT) stops the run cleanly with status 130" 130 'stopped by Ctrl-C' -- \
  timeout --preserve-status -s INT 1 "$cli" run --trace ctrlc.jsonl forever.lua
tail -n 1 ctrlc.jsonl | grep -q '"ev":"run_end"' && { passed=$((passed + 1)); echo "ok   the trace is written after Ctrl-C"; } ||
  { failed=$((failed + 1)); echo "FAIL no trace after Ctrl-C"; }

check "--trace writes JSON Lines" 0 'first' -- "$cli" run --deterministic --trace t.jsonl two_timers.lua
python3 -c "import json,sys; [json.loads(l) for l in open('t.jsonl')]; h=json.loads(open('t.jsonl').readline()); sys.exit(0 if h['format']=='loopscope-trace' and h['clock']=='virtual' else 1)" &&
  { passed=$((passed + 1)); echo "ok   every JSONL line parses; the header names the virtual clock"; } ||
  { failed=$((failed + 1)); echo "FAIL JSONL trace"; }
check "--trace-format chrome writes Chrome Trace Event JSON" 0 'first' -- \
  "$cli" run --deterministic --trace t.json --trace-format chrome two_timers.lua
python3 -c "import json,sys; d=json.load(open('t.json')); sys.exit(0 if len(d['traceEvents']) > 10 else 1)" &&
  { passed=$((passed + 1)); echo "ok   the Chrome trace parses (Perfetto input)"; } ||
  { failed=$((failed + 1)); echo "FAIL chrome trace"; }

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
check "--backend takes only epoll or emulated" 2 'backend' -- "$cli" run --backend kqueue two_timers.lua
check "--deterministic with --clock real is a usage error" 2 'emulated backend on the virtual clock' -- \
  "$cli" run --deterministic --clock real two_timers.lua
snippet echo.lua "local uv = require('luv')\nlocal server = uv.new_tcp()\nassert(server:bind('127.0.0.1', 0))\nserver:listen(8, function()\n  local c = uv.new_tcp()\n  server:accept(c)\n  c:read_start(function(err, data)\n    if data then c:write(data) else c:close() server:close() end\n  end)\nend)\nlocal client = uv.new_tcp()\nclient:connect('127.0.0.1', server:getsockname().port, function(err)\n  assert(not err, err)\n  client:write('ping')\n  client:read_start(function(err, data)\n    print('echo: ' .. data)\n    client:close()\n  end)\nend)\n"
check "a TCP echo runs over real loopback sockets" 0 '^echo: ping$' -- "$cli" run echo.lua
check "the same TCP echo runs on the emulated network" 0 '^echo: ping$' -- "$cli" run --backend emulated echo.lua

snippet gai.lua "uv.getaddrinfo('localhost', nil, { family = 'inet' }, function(err, res) print(err, res[1].addr) end)\n"
check "getaddrinfo answers localhost with a callback" 0 '^nil\s127\.0\.0\.1$' -- "$cli" run --deterministic --trace gai.jsonl gai.lua
grep -q '"ev":"request_submit".*"type":"getaddrinfo"' gai.jsonl && { passed=$((passed + 1)); echo "ok   the trace names the getaddrinfo request"; } ||
  { failed=$((failed + 1)); echo "FAIL the trace has no getaddrinfo request"; }

check "examples lists the gallery" 0 'timer0_vs_check' -- "$cli" examples
check "examples NAME prints a snippet" 0 "require\('luv'\)" -- "$cli" examples run_modes
check "an unknown example is a usage error" 2 'no example named' -- "$cli" examples nope

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
