#!/usr/bin/env bash
# Runs each libFuzzer target for a while: scripts/fuzz.sh <fuzz build dir> <seconds each> <fuzzer>...
# Each starts from its checked-in corpus (tests/fuzz/corpus/<name>, read only) plus what earlier runs found
# (<build>/corpus/<name>, where new inputs go). A crash or a broken invariant leaves <build>/crash-<name>-* and
# fails the run; a crash worth keeping becomes a file of tests/fuzz/corpus/<name>, replayed by every later run
# and by the fuzz_replay.* tests of `make test`. The full log of each run is <build>/<name>.log.
set -uo pipefail
build=$1 seconds=$2; shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
status=0
for f in "$@"; do
  mkdir -p "$build/corpus/$f"
  log=$build/$f.log
  nice -n 10 "$build/tests/fuzz/$f" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$build/crash-$f-" "$build/corpus/$f" "$root/tests/fuzz/corpus/$f" >"$log" 2>&1
  rc=$?
  execs=$(awk '/stat::number_of_executed_units/{print $2}' "$log")
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n1)
  rss=$(awk '/stat::peak_rss_mb/{print $2}' "$log")
  printf 'fuzz: %-18s %4s s  execs %-9s %-22s peak rss %s MB  %s\n' "$f" "$seconds" "${execs:-?}" "${cov:-cov: ?}" \
    "${rss:-?}" "$([ $rc -eq 0 ] && echo ok || echo "FAILED (exit $rc, see $log)")"
  [ $rc -eq 0 ] || { grep -E 'ERROR|SUMMARY|invariant' "$log" | head -n 5; status=1; }
done
exit $status
