#!/usr/bin/env bash
# peer.sh CLI DIR: luv conformance. Every DIR/*.lua uses only luv's API and prints what luv returns; it is run by
# Debian's lua5.4 + luv (libuv 1.44.2, so --order legacy) and by loopscope on both backends, and the outputs must
# be the same bytes. Each snippet ends by printing "done", so a run that stopped early cannot pass, and loopscope
# must exit 0 (a crash after the last line would otherwise pass).
# The modern order (libuv >= 1.45) has no outside oracle here: a snippet whose output the order changes has a
# hand-checked NAME.modern beside it; every other snippet must print luv's bytes in the modern order too.
# PEER_BACKENDS=epoll runs the native backend only (host-only functions, tests/lua/peer_native); PEER_FLAGS adds
# options to loopscope's command line (--unsafe for tests/lua/peer_unsafe, whose snippets start host programs).
set -u
cli=$(readlink -f "$1") dir=$(readlink -f "$2")
passed=0 failed=0 snippets=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for f in "$dir"/*.lua; do
  name=$(basename "$f") snippets=$((snippets + 1))
  # Debian's luv sometimes crashes at exit, after the snippet's output: its exit status is not compared.
  (cd "$dir" && timeout 60 lua5.4 "$name" >"$tmp/luv.out" 2>&1)
  if [ "$(tail -n 1 "$tmp/luv.out")" != done ]; then
    failed=$((failed + 1)); echo "FAIL $name: Debian's luv did not reach the end"; tail -5 "$tmp/luv.out"; continue
  fi
  modern="$tmp/luv.out" oracle="luv"
  if [ -f "${f%.lua}.modern" ]; then modern="${f%.lua}.modern" oracle="${name%.lua}.modern (hand-checked)"; fi
  for order in legacy modern; do
    want="$tmp/luv.out" by="luv"
    [ $order = modern ] && want=$modern by=$oracle
    for backend in ${PEER_BACKENDS:-epoll emulated}; do
      (cd "$dir" && timeout 60 "$cli" run ${PEER_FLAGS:-} --order $order --backend "$backend" "$name" >"$tmp/ls.out" 2>&1)
      status=$?
      if [ $status -ne 0 ]; then
        failed=$((failed + 1)); echo "FAIL $name: $backend, $order order exits $status"; tail -5 "$tmp/ls.out"
      elif cmp -s "$want" "$tmp/ls.out"; then
        passed=$((passed + 1)); echo "ok   $name: $backend, $order order prints what $by prints ($(wc -l <"$tmp/ls.out") lines)"
      else
        failed=$((failed + 1)); echo "FAIL $name: $backend, $order order differs from $by"; diff "$want" "$tmp/ls.out" | head -10
      fi
    done
  done
done
echo "$passed passed, $failed failed"
[ $snippets -gt 0 ] || { echo "FAIL no snippet in $dir"; exit 1; }
[ $failed -eq 0 ]
