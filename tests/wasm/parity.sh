#!/usr/bin/env bash
# parity.sh NATIVE_CLI WASM_CLI_JS DIR...: runs every DIR/*.lua through both and compares stdout, stderr, status.
set -u
native=$1 wasm=$2; shift 2
[ -x "$native" ] || { echo "native CLI not built: $native (make native)"; echo "0 passed, 1 failed"; exit 1; }
passed=0 failed=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for dir in "$@"; do
  for f in "$dir"/*.lua; do
    [ -e "$f" ] || continue
    flags=$(sed -n 's/^-- parity-flags: //p' "$f" | head -n1)
    (cd "$(dirname "$f")" && timeout 60 "$native" run $flags "$(basename "$f")" >"$tmp/n.out" 2>"$tmp/n.err"); ns=$?
    (cd "$(dirname "$f")" && timeout 60 node --no-experimental-fetch "$wasm" run $flags "$(basename "$f")" \
      >"$tmp/w.out" 2>"$tmp/w.err"); ws=$?
    if [ $ns -eq $ws ] && cmp -s "$tmp/n.out" "$tmp/w.out" && cmp -s "$tmp/n.err" "$tmp/w.err"; then
      passed=$((passed + 1)); echo "ok   $(basename "$f") (exit $ns, $(wc -c <"$tmp/n.out") bytes)"
    else
      failed=$((failed + 1)); echo "FAIL $(basename "$f"): native exit $ns, wasm exit $ws"
      diff <(cat "$tmp/n.out" "$tmp/n.err") <(cat "$tmp/w.out" "$tmp/w.err") | head -20
    fi
  done
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
