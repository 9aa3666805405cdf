#!/usr/bin/env python3
"""Lua benchmarks written only against the luv API, run unchanged on Debian's lua5.4 + luv (libuv 1.44.2) and on
`loopscope run`, interleaved round by round so machine drift hits both alike. Prints key=value lines per run,
then medians and the loopscope/luv ratio per scenario. Never a pass/fail test.

usage: bench/lua/run.py [--rounds N] [--loopscope build/native/loopscope] [--only timers,pingpong,...]"""
import argparse, os, re, statistics, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
# (script, args, headline metric, higher is better)
SCENARIOS = [
    ("timers.lua", ["200000"], "ns_per_timer", False),
    ("loopcount.lua", ["2000"], "iters_per_s", True),
    ("pingpong.lua", ["100000"], "rt_per_s", True),  # S3: 100k round trips of 4 bytes, one connection
    ("pump.lua", ["1024"], "mib_per_s", True),  # S4: 1 GiB in 64 KiB writes, 16 outstanding
]


def run(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=HERE)
    line = [l for l in out.stdout.splitlines() if l.startswith("scenario=")]
    if out.returncode not in (0, -11) or not line:  # Debian's luv may crash at exit after printing (SIGSEGV)
        sys.exit(f"benchmark failed: {' '.join(cmd)}\n{out.stdout}{out.stderr}")
    return dict(kv.split("=", 1) for kv in line[-1].split())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--loopscope", default=os.path.join(HERE, "..", "..", "build", "native", "loopscope"))
    ap.add_argument("--only", help="comma-separated scenario names (default: all)")
    a = ap.parse_args()
    a.loopscope = os.path.abspath(a.loopscope)  # the scripts run with cwd=HERE
    scenarios = [s for s in SCENARIOS if not a.only or s[0][:-4] in a.only.split(",")]
    peers = {
        "luv": lambda script, args: ["lua5.4", script, *args],
        # The sandbox's limits are for snippets, not benchmarks: lift the memory cap and budget, keep the rest.
        "loopscope": lambda script, args: [a.loopscope, "run", "--memory", "4096",
                                           "--budget", "100000000000", script, *args],
    }
    results = {}
    for r in range(a.rounds):
        for script, args, metric, _ in scenarios:
            for peer, cmd in peers.items():
                kv = run(cmd(script, args))
                print(f"round={r + 1} peer={peer} " + " ".join(f"{k}={v}" for k, v in kv.items()), flush=True)
                results.setdefault((script, peer), []).append(float(kv[metric]))
    for script, _, metric, higher in scenarios:
        luv = statistics.median(results[(script, "luv")])
        ls = statistics.median(results[(script, "loopscope")])
        ratio = ls / luv if higher else luv / ls
        print(f"summary scenario={script[:-4]} metric={metric} luv_median={luv:.0f} loopscope_median={ls:.0f} "
              f"speedup_vs_luv={ratio:.2f}")


if __name__ == "__main__":
    main()
