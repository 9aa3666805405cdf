#!/usr/bin/env bash
# examples.sh CLI EXAMPLES_DIR GOLDEN_DIR [--update]
# For every gallery snippet: run it deterministically (virtual clock, seed 1) and compare stdout and the trace
# with the golden files; for snippets tagged "-- peer: luv", also run them with Debian's lua5.4 + luv (libuv
# 1.44.2) and require the same stdout from `loopscope run --order legacy`. "-- peer: luv+async" snippets also use
# Loopscope's async module, which is plain Lua over luv: Debian's lua5.4 loads it from lua/modules.
set -u
cli=$(readlink -f "$1") examples=$(readlink -f "$2") golden=$(readlink -f "$3") update=${4:-}
modules=$(readlink -f "$(dirname "$0")/../../lua/modules")
passed=0 failed=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

for f in "$examples"/*.lua; do
  name=$(basename "$f" .lua)
  (cd "$examples" && timeout 60 "$cli" run --deterministic --trace "$tmp/$name.trace.jsonl" "$name.lua" \
     >"$tmp/$name.out" 2>"$tmp/$name.err"); status=$?
  if [ "$update" = --update ]; then
    cp "$tmp/$name.out" "$golden/$name.out"; cp "$tmp/$name.trace.jsonl" "$golden/$name.trace.jsonl"
  fi
  # The playground's font (Dear ImGui's default) has ASCII glyphs only: anything else shows as "?".
  if LC_ALL=C grep -q '[^ -~]' <(tr -d '\n\t' <"$f"); then fail "$name: the snippet is ASCII only"; fi
  if ! grep -qE '^-- description: .{10,}' "$f"; then fail "$name: a '-- description:' header line"; fi
  if [ $status -ne 0 ]; then fail "$name exits 0 (got $status: $(head -c 300 "$tmp/$name.err"))"; continue; fi
  # A server that never exits: in the CLI nobody can connect, so the run ends stalled and says so.
  if grep -q '^-- serves: [0-9]' "$f"; then
    if grep -q '^loopscope: the run ended stalled' "$tmp/$name.err"; then ok "$name: a server nobody reaches stalls"
    else fail "$name: a '-- serves:' snippet ends stalled in the CLI (stderr: $(head -c 200 "$tmp/$name.err"))"; fi
  fi
  if cmp -s "$tmp/$name.out" "$golden/$name.out"; then ok "$name: stdout matches the golden file"
  else fail "$name: stdout differs from $golden/$name.out"; diff "$golden/$name.out" "$tmp/$name.out" | head -10; fi
  if cmp -s "$tmp/$name.trace.jsonl" "$golden/$name.trace.jsonl"; then ok "$name: trace matches the golden file"
  else fail "$name: trace differs from $golden/$name.trace.jsonl"
    diff "$golden/$name.trace.jsonl" "$tmp/$name.trace.jsonl" | head -6; fi

  if grep -q '^-- peer: luv' "$f"; then
    # Debian's luv 1.44.2 sometimes crashes at exit, after the snippet's output; only the output is compared.
    LUA_PATH="$modules/?.lua;;" bash -c 'cd "$1" && timeout 60 lua5.4 "$2.lua" >"$3" 2>&1' _ "$examples" "$name" \
      "$tmp/$name.luv" 2>/dev/null
    (cd "$examples" && timeout 60 "$cli" run --order legacy "$name.lua" >"$tmp/$name.legacy" 2>&1); status=$?
    if [ $status -ne 0 ]; then fail "$name: --order legacy exits 0 (got $status)"
    elif cmp -s "$tmp/$name.luv" "$tmp/$name.legacy"; then ok "$name: same output as Debian's luv (libuv 1.44.2)"
    else fail "$name: differs from Debian's luv"; diff "$tmp/$name.luv" "$tmp/$name.legacy" | head -10; fi
  fi
done
echo "$passed passed, $failed failed"
[ "$(ls "$examples"/*.lua 2>/dev/null | wc -l)" -gt 0 ] || { echo "FAIL no snippet in $examples"; exit 1; }
[ $failed -eq 0 ]
