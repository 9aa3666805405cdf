#!/usr/bin/env bash
# peer.sh CLI DIR: luv conformance. Every DIR/*.lua uses only luv's API and prints what luv returns; it is run by
# Debian's lua5.4 + luv (libuv 1.44.2, so --order legacy) and by loopscope on both backends, and the three
# outputs must be the same bytes (PEER_BACKENDS=epoll: the native backend only, for host-only functions).
# Each snippet ends by printing "done", so a run that stopped early cannot pass.
set -u
cli=$(readlink -f "$1") dir=$(readlink -f "$2")
passed=0 failed=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for f in "$dir"/*.lua; do
  name=$(basename "$f")
  # Debian's luv sometimes crashes at exit, after the snippet's output: its exit status is not compared.
  (cd "$dir" && timeout 60 lua5.4 "$name" >"$tmp/luv.out" 2>&1)
  if [ "$(tail -n 1 "$tmp/luv.out")" != done ]; then
    failed=$((failed + 1)); echo "FAIL $name: Debian's luv did not reach the end"; tail -5 "$tmp/luv.out"; continue
  fi
  for backend in ${PEER_BACKENDS:-epoll emulated}; do
    (cd "$dir" && timeout 60 "$cli" run --order legacy --backend "$backend" "$name" >"$tmp/ls.out" 2>&1)
    if cmp -s "$tmp/luv.out" "$tmp/ls.out"; then
      passed=$((passed + 1)); echo "ok   $name: $backend prints what luv prints ($(wc -l <"$tmp/ls.out") lines)"
    else
      failed=$((failed + 1)); echo "FAIL $name: $backend differs from luv"; diff "$tmp/luv.out" "$tmp/ls.out" | head -10
    fi
  done
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
