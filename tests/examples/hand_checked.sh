#!/usr/bin/env bash
# hand_checked.sh CLI EXAMPLES_DIR: the gallery snippets that have no luv peer (their golden files are
# Loopscope's own output, see golden/README.md) checked against expectations worked out by hand from the
# snippet and the documented clock and kernel settings, not copied from a run.
set -u
cli=$(readlink -f "$1") examples=$(readlink -f "$2")
passed=0 failed=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
expect() {  # expect NAME FILE EXTENDED_REGEX: some line of FILE matches
  if grep -qE -- "$3" "$2"; then passed=$((passed + 1)); echo "ok   $1"
  else failed=$((failed + 1)); echo "FAIL $1: no line matches /$3/ in:"; cat "$2"; fi
}
run() {  # run OUT OPTIONS... SNIPPET: loopscope must exit 0
  local out=$1; shift
  (cd "$examples" && timeout 60 "$cli" run "$@" >"$out" 2>&1); local status=$?
  [ $status -eq 0 ] || { failed=$((failed + 1)); echo "FAIL loopscope run $* exits $status"; cat "$out"; }
}

# blocking_the_loop: the idle callback busy-waits 30 ms, then uv.sleep(100) blocks. The 10 ms timer cannot run
# until that callback returns, so it runs at 30 + 100 ms: exactly 130 on the virtual clock (the costs of the
# other callbacks are microseconds), and no earlier on the real one.
run "$tmp/blocking.det" --deterministic blocking_the_loop.lua
[ "$(cat "$tmp/blocking.det")" = "$(printf 'busy-waited 30 ms\nslept 100 ms\ntimer due at 10 ms ran at 130 ms')" ] &&
  { passed=$((passed + 1)); echo "ok   blocking_the_loop: the 10 ms timer runs at 130 ms, after the callback"; } ||
  { failed=$((failed + 1)); echo "FAIL blocking_the_loop, virtual clock:"; cat "$tmp/blocking.det"; }
run "$tmp/blocking.real" blocking_the_loop.lua
late=$(sed -n 's/^timer due at 10 ms ran at \([0-9]*\) ms$/\1/p' "$tmp/blocking.real")
[ -n "$late" ] && [ "$late" -ge 130 ] &&
  { passed=$((passed + 1)); echo "ok   blocking_the_loop: on the real clock the timer runs no earlier than 130 ms"; } ||
  { failed=$((failed + 1)); echo "FAIL blocking_the_loop, real clock:"; cat "$tmp/blocking.real"; }

# backpressure: 128 writes of 64 KiB (8192 KiB). The careless writer queues everything at once; the emulated
# kernel takes only its 64 KiB send buffer plus the reader's 64 KiB receive buffer, so 8064 KiB stay queued in
# the process. The polite writer stops once the queue reaches 256 KiB, so its queue never exceeds 256 KiB, and
# pauses at least once. Both readers receive all 8192 KiB.
run "$tmp/bp" --deterministic backpressure.lua
expect "backpressure: the careless writer queues 8192 - 128 KiB" "$tmp/bp" \
  '^careless: all 8192 KiB written at once; queued in this process: 8064 KiB$'
expect "backpressure: the careless writer's reader gets everything" "$tmp/bp" '^careless: the reader got 8192 KiB$'
expect "backpressure: the polite writer's reader gets everything" "$tmp/bp" '^polite: the reader got 8192 KiB$'
largest=$(sed -n 's/^polite: 8192 KiB written, \([1-9][0-9]*\) pauses, largest queue \([0-9]*\) KiB$/\2/p' "$tmp/bp")
[ -n "$largest" ] && [ "$largest" -lt 320 ] &&
  { passed=$((passed + 1)); echo "ok   backpressure: the polite writer pauses and its queue stays below 320 KiB"; } ||
  { failed=$((failed + 1)); echo "FAIL backpressure, polite writer:"; cat "$tmp/bp"; }

echo "$passed passed, $failed failed"
[ $passed -gt 0 ] && [ $failed -eq 0 ]
