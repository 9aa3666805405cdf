#!/usr/bin/env python3
"""Runs loopscope's benchmarks against the libuv peer, interleaved, and prints medians and ratios.

    bench/run.py [--bin DIR] [--runs 5] [--timers 1000000] [--ms 2000] [--callgrind]

DIR holds bench_core and bench_libuv_peer (default: build/native/bench). Runs are interleaved round-robin
(round 1: every scenario x every peer, then round 2, ...) so machine drift hits both peers alike, as
../shared/notes/bench-scenarios.md asks. --callgrind adds deterministic instruction counts per unit:
(Ir(N) - Ir(0)) / N over the whole process, N = 100000 timers / 200000 iterations.
Python 3 standard library only. Benchmarks are reports, never pass/fail.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile


def run(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    line = [l for l in out.splitlines() if l.startswith("scenario=")][-1]
    return dict(kv.split("=", 1) for kv in line.split())


def callgrind_ir(cmd):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "cg.out")
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"] + cmd,
                       check=True, capture_output=True, text=True)
        with open(out) as f:
            for line in f:
                m = re.match(r"(?:summary|totals):\s+(\d+)", line)
                if m:
                    return int(m.group(1))
    raise RuntimeError("no callgrind summary")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/native/bench")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timers", type=int, default=1000000)
    ap.add_argument("--ms", type=int, default=2000)
    ap.add_argument("--callgrind", action="store_true")
    a = ap.parse_args()

    peers = {"loopscope": os.path.join(a.bin, "bench_core"), "libuv": os.path.join(a.bin, "bench_libuv_peer")}
    for p in peers.values():
        if not os.access(p, os.X_OK):
            sys.exit(f"missing {p}: build the native preset first")
    scenarios = [
        ("timers", [str(a.timers)], "ns_per_timer", "lower"),
        ("loopcount-timed", [str(a.ms)], "iters_per_s", "higher"),
    ]
    results = {}
    for r in range(a.runs):
        for name, args, key, _ in scenarios:
            for peer, exe in peers.items():
                res = run([exe, name] + args)
                print(" ".join(f"{k}={v}" for k, v in res.items()), flush=True)
                results.setdefault((name, peer), []).append(res)

    print("\n# medians of %d interleaved runs" % a.runs)
    for name, args, key, better in scenarios:
        med = {}
        for peer in peers:
            vals = [float(x[key]) for x in results[(name, peer)]]
            med[peer] = statistics.median(vals)
            extra = ""
            if name == "timers":
                for k in ("start_cpu_s", "fire_cpu_s", "wall_s"):
                    extra += f" {k}={statistics.median(float(x[k]) for x in results[(name, peer)]):.4f}"
            print(f"scenario={name} peer={peer} median_{key}={med[peer]:.1f} min={min(vals):.1f} "
                  f"max={max(vals):.1f}{extra}")
        ratio = med["loopscope"] / med["libuv"]
        target = "<= 0.8" if better == "lower" else ">= 1.5"
        print(f"scenario={name} ratio_loopscope_over_libuv={ratio:.3f} ({better} is better; target {target})")

    if a.callgrind:
        print("\n# callgrind: instructions per unit, (Ir(N) - Ir(0)) / N, whole process")
        for name, n, unit in (("timers", 100000, "timer"), ("loopcount-fixed", 200000, "iteration")):
            for peer, exe in peers.items():
                hi = callgrind_ir([exe, name, str(n)])
                lo = callgrind_ir([exe, name, "0"]) if name == "timers" else callgrind_ir([exe, name, "1"])
                print(f"callgrind scenario={name} peer={peer} n={n} ir_per_{unit}={(hi - lo) / n:.0f}")
        exe = peers["loopscope"]
        n = 200000
        hi = callgrind_ir([exe, "loopcount-fixed", str(n), "--trace", "4096"])
        lo = callgrind_ir([exe, "loopcount-fixed", "1", "--trace", "4096"])
        print(f"callgrind scenario=loopcount-fixed peer=loopscope+trace4096 n={n} ir_per_iteration={(hi - lo) / n:.0f}")


if __name__ == "__main__":
    main()
