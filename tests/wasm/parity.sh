#!/usr/bin/env bash
# parity.sh NATIVE_CLI WASM_CLI_JS DIR...: runs every DIR/*.lua through both, deterministically (virtual clock,
# seed 1, emulated backend) with a trace, and compares stdout, stderr, exit status and the trace byte for byte.
set -u
native=$(readlink -f "$1") wasm=$(readlink -f "$2"); shift 2
[ -x "$native" ] || { echo "native CLI not built: $native (make native)"; echo "0 passed, 1 failed"; exit 1; }
passed=0 failed=0 snippets=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for dir in "$@"; do
  for f in "$dir"/*.lua; do
    [ -e "$f" ] || continue
    snippets=$((snippets + 1))
    flags="--deterministic $(sed -n 's/^-- parity-flags: //p' "$f" | head -n1)"
    rm -f "$tmp/n.trace" "$tmp/w.trace"
    (cd "$(dirname "$f")" && timeout 60 "$native" run $flags --trace "$tmp/n.trace" "$(basename "$f")" \
      >"$tmp/n.out" 2>"$tmp/n.err"); ns=$?
    (cd "$(dirname "$f")" && timeout 60 node --no-experimental-fetch "$wasm" run $flags --trace "$tmp/w.trace" \
      "$(basename "$f")" >"$tmp/w.out" 2>"$tmp/w.err"); ws=$?
    if [ $ns -eq 124 ] || [ $ws -eq 124 ]; then  # two equal timeouts are not parity: nothing finished
      failed=$((failed + 1)); echo "FAIL $(basename "$f"): timed out (native exit $ns, wasm exit $ws)"
    elif [ $ns -eq $ws ] && cmp -s "$tmp/n.out" "$tmp/w.out" && cmp -s "$tmp/n.err" "$tmp/w.err" &&
       cmp -s "$tmp/n.trace" "$tmp/w.trace" && [ -s "$tmp/n.trace" ]; then
      passed=$((passed + 1)); echo "ok   $(basename "$f") (exit $ns, $(wc -c <"$tmp/n.out") bytes, $(wc -l <"$tmp/n.trace") trace lines)"
    else
      failed=$((failed + 1)); echo "FAIL $(basename "$f"): native exit $ns, wasm exit $ws"
      diff <(cat "$tmp/n.out" "$tmp/n.err") <(cat "$tmp/w.out" "$tmp/w.err") | head -10
      diff "$tmp/n.trace" "$tmp/w.trace" | head -10
    fi
  done
done
echo "$passed passed, $failed failed"
[ $snippets -gt 0 ] || { echo "FAIL no snippet found in: $*"; exit 1; }
[ $failed -eq 0 ]
