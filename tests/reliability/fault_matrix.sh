#!/usr/bin/env bash
# fault_matrix.sh CORE_TESTS LUA_TESTS LOOPSCOPE LOAD_ECHO ECHO_SERVER: the fault matrix of issue 14. It walks every
# row of B1 (event-loop faults) on both backends and every row of B2 (the snippet sandbox) as DESIGN handles it,
# in the CLI where it applies (../shared/notes/anchors-style-reliability.md), and prints one line per
# (fault, backend) with its result. It writes no check of its own: each cell runs the existing tests that prove
# the row (core_tests cases, lua_tests cases, the named checks of tests/cli/cli.sh, load_echo) and passes only
# if every one of them ran at least one assertion and passed. Any failed cell fails the script (ctest: fault_matrix).
set -u
core=$1 luat=$2 cli=$3 load=$4 echo_server=$5
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
failed=0 cells=0 rows=()

# A doctest binary run on one filter: passes when it exits 0 and ran >= 1 test case and >= 1 assertion (an
# "[emulated only]" case run on epoll, or a filter that matches nothing, is a failure, not a silent pass).
doctest_ran() {  # doctest_ran BINARY FILTER [ENV=VALUE...]
  local bin=$1 filter=$2; shift 2
  env "$@" "$bin" --test-case="$filter" --no-intro >"$tmp/out" 2>&1; local rc=$?
  local cases asserts
  cases=$(grep -oE 'test cases: *[0-9]+' "$tmp/out" | grep -oE '[0-9]+$')
  asserts=$(grep -oE 'assertions: *[0-9]+' "$tmp/out" | grep -oE '[0-9]+$')
  [ "$rc" -eq 0 ] && [ "${cases:-0}" -ge 1 ] && [ "${asserts:-0}" -ge 1 ] && return 0
  echo "    $filter ($*): exit $rc, ${cases:-0} test cases, ${asserts:-0} assertions" >>"$tmp/why"
  tail -n 15 "$tmp/out" | sed 's/^/      /' >>"$tmp/why"
  return 1
}

# cli.sh run once, for the named checks only (CLI_ONLY); each cell then looks for its checks' "ok" lines.
cli_names=()
cli_ok() { grep -qxF "ok   $1" "$tmp/cli.out" || { echo "    cli check '$1' did not pass" >>"$tmp/why"; return 1; }; }

# One check of a cell: loop:NAME  a loop test run on every backend (TEST_CASE_TEMPLATE, name ends in <backend>)
#                      io:NAME    an I/O conformance case, run with LOOPSCOPE_IO_BACKEND=backend
#                      core:NAME  a core_tests case that exists for this backend alone ([native], emu ...)
#                      lua:NAME   a lua_tests case;  cli:NAME  a check of cli.sh;  load:ARGS  load_echo ARGS
run_check() {  # run_check BACKEND CHECK
  local backend=$1 kind=${2%%:*} arg=${2#*:}
  case $kind in
    loop) doctest_ran "$core" "$arg*<$backend>" ;;
    io) doctest_ran "$core" "$arg" LOOPSCOPE_IO_BACKEND="$backend" ;;
    core) doctest_ran "$core" "$arg" ;;
    lua) doctest_ran "$luat" "$arg" ;;
    cli) cli_ok "$arg" ;;
    load) "$load" --backend "$backend" $arg >"$tmp/out" 2>&1 ||
            { echo "    load_echo --backend $backend $arg failed:" >>"$tmp/why"; tail -n 5 "$tmp/out" >>"$tmp/why"; false; } ;;
    *) echo "    unknown check kind '$kind'" >>"$tmp/why"; false ;;
  esac
}

cell() {  # cell ROW BACKEND FAULT CHECK...: one line of the table
  local row=$1 backend=$2 fault=$3; shift 3
  : >"$tmp/why"
  local result=pass c
  for c in "$@"; do run_check "$backend" "$c" || result=FAIL; done
  cells=$((cells + 1))
  printf '| %-5s | %-62s | %-8s | %-4s | %d checks\n' "$row" "$fault" "$backend" "$result" "$#"
  if [ "$result" != pass ]; then failed=$((failed + 1)); cat "$tmp/why"; fi
}
both() {  # both ROW FAULT CHECK...: the same checks on epoll and on the emulated backend
  local row=$1 fault=$2; shift 2
  cell "$row" epoll "$fault" "$@"
  cell "$row" emulated "$fault" "$@"
}

# The CLI checks the B2 rows use (names exactly as in tests/cli/cli.sh), run in one go.
b2_cli=(
  "an endless loop is reported as a blocked loop"
  "a callback that never returns names its kind and line"
  "a memory bomb hits the cap"
  "a string.rep bomb hits the cap"
  "a million handles hit the memory cap, naming the option"
  "deep recursion is a stack overflow error"
  "a print flood is cut at the output cap"
  "the output cap keeps exactly 64 KiB of output, then the marker"
  "os.execute is not available in the sandbox"
  "--timeout stops a loop that spins on idle and 0 ms timers"
  "one million live timers (luv's S1 snippet) run with the default limits"
)
pattern=$(printf '%s\n' "${b2_cli[@]}")
CLI_ONLY=$pattern bash "$here/../cli/cli.sh" "$cli" >"$tmp/cli.out" 2>&1

echo "Fault matrix (B1: event-loop faults x backend; B2: the snippet sandbox in the CLI)"
printf '| %-5s | %-62s | %-8s | %-4s |\n' row fault backend result
echo "|-------|----------------------------------------------------------------|----------|------|"
both B1.1 "EMFILE on accept: spare fd, no busy loop, recovery" "io:tcp: EMFILE on accept*"
both B1.2 "ECONNRESET on read; the handle stays valid" "io:tcp: close_reset makes the peer's read fail with ECONNRESET"
cell B1.2 emulated "ECONNRESET (kernel level: RST after the data, then EPIPE)" "core:emu faults: RST from close_reset*" \
  "core:emu faults: closing with unread data sends RST*"
both B1.3 "EPIPE after the peer closed: write callback, process lives" "io:tcp: writing after the peer closed*"
both B1.4 "partial writes, FIFO completion, close cancels the queue" "io:tcp: 64 writes of 64 KiB*" \
  "io:tcp: closing cancels the write queue*" "io:tcp: try_write writes now or says EAGAIN*"
cell B1.4 emulated "short writes of 3 bytes reassemble (injected)" "io:[emulated only] short writes*"
both B1.5 "close inside own callback; stop the next handle" "loop:queue_foreach_delete*" "loop:close_order*" \
  "loop:callback_stack*" "loop:a handle may be destroyed inside its own close callback"
both B1.6 "close twice / use after close" "loop:close twice is an error*" "loop:timer start: -EINVAL when closing*"
both B1.7 "timers re-armed from callbacks, 0 ms re-arm" "loop:timer_zero_timeout*" "loop:timer_no_double_call_once*" \
  "loop:timer_from_check*" "loop:a timer stopped or restarted by an earlier callback*"
both B1.8 "equal timeouts in start order; watcher order (LIFO)" "loop:timer_order*" "loop:idle/prepare/check run in*"
both B1.9 "huge timeouts saturate, poll timeout clamps" "loop:timer_huge_timeout*" "loop:timer_huge_repeat*"
both B1.10 "clock jumps, never early" "loop:timer_early_check: a timer never fires*" "loop:clock jump forward*"
both B1.11 "starvation: idle vs timers, bounded pending re-drain" "loop:idle_starvation*" "loop:pending queue*"
both B1.12 "re-entrant run() is EBUSY" "loop:run is not re-entrant*"
both B1.13 "fd reuse inside a callback: no stale event" "io:tcp: fd reuse inside a callback*"
cell B1.13 epoll "fd reuse: stale event of the same epoll batch" "core:[native] stale event*"
cell B1.13 emulated "fd reuse: new fd generation, old registration gone" "core:emu readiness: closing fd 5 and reusing it*" \
  "core:emu readiness: a wake-up for a closed fd's old generation is ignored"
cell B1.14 epoll "EINTR: real signals during epoll_wait, retried" "core:[native] EINTR*"
cell B1.14 emulated "EINTR injected into poll, retried, no event lost" "io:[emulated only] EINTR injected into poll*" \
  "core:emu faults: EINTR from epoll_wait*"
both B1.15 "many timers: heap order under removal" "loop:heap: many timers*"
cell B1.15 epoll "one million live timers (CLI)" "cli:one million live timers (luv's S1 snippet) run with the default limits"
cell B1.16 epoll "many connections: bytes verified, RSS bounded" "io:tcp: 50 concurrent clients*" \
  "load:--server $echo_server --connections 200 --messages 50 --timeout 120 --max-rss-mb 200"
cell B1.16 emulated "many connections: bytes verified, RSS bounded" "io:tcp: 50 concurrent clients*" \
  "load:--connections 1000 --fd-limit 2100 --messages 5 --timeout 120 --max-rss-mb 400"
both B1.17 "close while connecting: ECANCELED, then close" "io:tcp: close while connecting*"
both B1.18 "shutdown twice, write after shutdown" "io:tcp: EOF and shutdown*"
both B1.19 "loop close with live handles; stop semantics" "loop:loop_close*" "loop:loop_stop_before_run*" \
  "loop:loop_stop inside a callback*"
both B1.20 "thread pool cancel: queued ECANCELED, running EBUSY" "io:work: cancel a queued job*"
both B1.21 "unref'd handles do not keep the loop alive" "loop:timer_no_run_on_unref*" "loop:an unref'd async*"
both B1.22 "embedding: backend_timeout, run(NoWait)" "loop:backend_timeout and its reason*" \
  "loop:run(NoWait) with a timer not due*"
cell B2.1 cli "infinite loop (main chunk, callback)" "cli:${b2_cli[0]}" "cli:${b2_cli[1]}" \
  "lua:an endless loop in a callback cannot be swallowed by pcall"
cell B2.2 cli "memory bomb (s..s, string.rep, a million handles)" "cli:${b2_cli[2]}" "cli:${b2_cli[3]}" "cli:${b2_cli[4]}"
cell B2.3 cli "deep recursion" "cli:${b2_cli[5]}"
cell B2.4 cli "huge output" "cli:${b2_cli[6]}" "cli:${b2_cli[7]}"
echo "| B2.5  | malformed share links                                          | web      | n/a  | the codec lives in web/ (tests/web), not in the CLI"
cell B2.6 cli "escape surface (os, io, binary load)" "cli:${b2_cli[8]}" "lua:load accepts text only" \
  "lua:process control and host files are not reachable*"
cell B2.7 cli "loop-level abuse (idle and 0 ms timers spinning)" "cli:${b2_cli[9]}"

echo "$cells cells, $((cells - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
