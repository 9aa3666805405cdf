#!/usr/bin/env python3
"""Stream benchmarks, loopscope against the libuv peer, interleaved; prints medians, ratios and syscalls.

    bench/streams_run.py [--bin DIR] [--runs 5] [--pingpong 100000] [--pump 1024] [--strace]

DIR holds bench_streams and libuv_streams_peer (default: build/native/bench). Each round runs every scenario x
every peer once (loopscope on epoll, libuv, loopscope on the emulated backend), so machine drift hits all alike
(../shared/notes/bench-scenarios.md). --strace adds syscalls per ping-pong round trip from `strace -f -c`
((calls(N) - calls(0-ish)) / N is approximated by total / N at N = 20000). Reports, never pass/fail.
Python 3 standard library only.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile


def run(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    line = [l for l in out.splitlines() if l.startswith("scenario=")][-1]
    return line, dict(kv.split("=", 1) for kv in line.split())


def strace_calls(cmd):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "strace.txt")
        subprocess.run(["strace", "-f", "-c", "-o", out] + cmd, check=True, capture_output=True, text=True)
        calls = {}
        with open(out) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 5 and parts[0][0].isdigit() and parts[-1] != "total":
                    calls[parts[-1]] = int(parts[3])
        return calls


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/native/bench")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pingpong", type=int, default=100000)
    ap.add_argument("--pump", type=int, default=1024)
    ap.add_argument("--strace", action="store_true")
    a = ap.parse_args()

    ls_exe = os.path.join(a.bin, "bench_streams")
    uv_exe = os.path.join(a.bin, "libuv_streams_peer")
    for p in (ls_exe, uv_exe):
        if not os.access(p, os.X_OK):
            sys.exit(f"missing {p}: build the native preset first")
    peers = {
        "loopscope/epoll": [ls_exe],
        "libuv": [uv_exe],
        "loopscope/emulated": None,  # filled per scenario (needs --backend after the arguments)
    }
    scenarios = [("pingpong", str(a.pingpong), "rt_per_s"), ("pump", str(a.pump), "mib_per_s")]
    results = {}
    for r in range(a.runs):
        for name, arg, key in scenarios:
            for peer in peers:
                cmd = [uv_exe, name, arg] if peer == "libuv" else [ls_exe, name, arg]
                if peer == "loopscope/emulated":
                    cmd += ["--backend", "emulated"]
                line, kv = run(cmd)
                print(line, flush=True)
                results.setdefault((name, peer), []).append(float(kv[key]))
    print()
    for name, _, key in scenarios:
        med = {peer: statistics.median(results[(name, peer)]) for peer in peers}
        for peer in peers:
            vals = results[(name, peer)]
            print(f"median scenario={name} peer={peer} {key}={med[peer]:.0f} min={min(vals):.0f} max={max(vals):.0f}")
        print(f"ratio scenario={name} loopscope/libuv={med['loopscope/epoll'] / med['libuv']:.3f}")
    if a.strace:
        n = 20000
        for peer, cmd in (("loopscope", [ls_exe, "pingpong", str(n)]), ("libuv", [uv_exe, "pingpong", str(n)])):
            calls = strace_calls(cmd)
            per = {k: v / n for k, v in calls.items() if v / n >= 0.01}
            total = sum(calls.values()) / n
            detail = " ".join(f"{k}={v:.2f}" for k, v in sorted(per.items()))
            print(f"strace scenario=pingpong peer={peer} n={n} syscalls_per_rt={total:.2f} {detail}")


if __name__ == "__main__":
    main()
