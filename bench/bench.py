#!/usr/bin/python3
"""`make bench`: every scenario against every peer, interleaved, then one report.

    bench/bench.py [--quick] [--rounds R] [--bin build/native/bench] [--out build/bench] [--only a,b]
    bench/bench.py --report-only [--out build/bench]   re-renders report.md and chart.png from results.json

Round r runs every scenario on every peer once (A B A B ...), so the drift of a shared machine hits every peer
alike; the report gives the median and min-max of the rounds. After the rounds (not with --quick): callgrind
instructions per unit for the CPU-bound scenarios, syscalls per ping-pong round trip (strace -f -c), and memory
per live timer (max RSS of the S1 run, all-in). Writes OUT/raw.txt (every result line), OUT/results.json,
OUT/report.md and OUT/chart.png (OUT: build/bench, or build/bench/quick with --quick).

--quick: one round at tiny sizes, no callgrind/strace; it still checks that every peer produced its result line
for every scenario it has (exit status 1 otherwise), which is what `make test` asserts. Timings never fail it.
The peers and their command lines are in bench/peers.py; the report in bench/report.py.
"""
import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers as P  # noqa: E402
import report  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT_S = 300


def parse_line(line):
    return dict(kv.split("=", 1) for kv in line.split() if "=" in kv)


def run_measured(cmd, cwd):
    """Runs cmd; returns (stdout, stderr, status, the child's rusage: ru_maxrss in KiB, ru_utime, ru_stime)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, text=True)
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, ru = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return out.read(), err.read(), proc.returncode, ru


def result_lines(stdout):
    return [l for l in stdout.splitlines() if l.startswith("scenario=")]


def run_echo(p, peer, cmd, size):
    """S5: the server under test in its own process, the load generator (echo_client) in another."""
    conns, msgs = size
    server = subprocess.Popen(cmd, cwd=P.cwd_of(p, peer), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    try:
        first = server.stdout.readline()
        m = re.match(r"PORT (\d+)", first)
        if not m:
            server.kill()
            return None, f"no PORT line: {first!r} {server.stderr.read()}"
        client = subprocess.run([p.exe("echo_client"), m.group(1), str(conns), str(msgs), "64"],
                                capture_output=True, text=True, timeout=TIMEOUT_S)
        out = server.stdout.read()  # to its end: the server has exited (or the guard timer will end it)
        err = server.stderr.read()
        _, status, ru = os.wait4(server.pid, 0)  # the server's own user/sys split (kernel share of its CPU)
        server.returncode = os.waitstatus_to_exitcode(status)
    except subprocess.TimeoutExpired:
        server.kill()
        return None, "timed out"
    lines = result_lines(out)
    if client.returncode != 0 or server.returncode not in (0, -11) or not lines:
        return None, f"client: {client.stdout}{client.stderr} server: {out}{err}"
    kv = parse_line(lines[-1])
    ckv = parse_line(result_lines(client.stdout)[-1])
    trips = conns * msgs
    kv["us_per_rt"] = f"{float(kv['server_cpu_s']) / trips * 1e6:.3f}"
    kv["client_rt_per_s"] = ckv["rt_per_s"]
    kv["server_user_s"] = f"{ru.ru_utime:.3f}"
    kv["server_sys_s"] = f"{ru.ru_stime:.3f}"
    return kv, None


def run_one(p, peer, scen, size):
    """Returns ({peer: result dict}, error text or None)."""
    cmd = P.command(p, peer, scen.name, size)
    if scen.name == "echo":
        kv, err = run_echo(p, peer, cmd, size)
        return ({peer: kv} if kv else {}), err
    out, err, status, ru = run_measured(cmd, P.cwd_of(p, peer))
    lines = result_lines(out)
    # Debian's luv may crash at exit after printing its line (SIGSEGV), seen on this machine.
    if status not in (0, -11) or not lines:
        return {}, f"status {status}: {' '.join(cmd)}\n{out[-2000:]}{err[-2000:]}"
    if scen.name.startswith("coro-"):
        got = {}
        for line in lines:
            kv = parse_line(line)
            if "style" in kv:
                unit = "trip" if scen.name == "coro-pingpong" else "timer"
                kv[scen.metric] = kv[f"ns_per_{unit}"]
                got["core" if kv["style"] == "callbacks" else "core-coro"] = kv
        return got, None
    kv = parse_line(lines[-1])
    kv["max_rss_kib"] = str(ru.ru_maxrss)
    return {peer: kv}, None


def versions():
    def out(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
        except OSError:
            return "missing"
    return {
        "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
        "node": out(["node", "-p", "process.version + ' (bundled libuv ' + process.versions.uv + ')'"]),
        "python": out([P.PY, "-c", "import sys, uvloop; print(sys.version.split()[0], 'uvloop', uvloop.__version__)"]),
        "luv": out(["lua5.4", "-e", "local uv = require('luv'); print('luv', uv.version_string(), _VERSION)"]),
        "libuv": out(["pkg-config", "--modversion", "libuv"]),
        "loopscope": out(["git", "-C", ROOT, "describe", "--always", "--dirty"]),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--rounds", type=int)
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "native", "bench"))
    ap.add_argument("--out", help="default build/bench, with --quick build/bench/quick (a quick run never "
                                  "overwrites the full report)")
    ap.add_argument("--only", help="comma-separated scenario names")
    ap.add_argument("--report-only", action="store_true")
    a = ap.parse_args()
    a.out = a.out or os.path.join(ROOT, "build", "bench", *(["quick"] if a.quick else []))
    if a.report_only:
        with open(os.path.join(a.out, "results.json")) as f:
            saved = json.load(f)
        report.write(a.out, saved["meta"], saved["results"], saved.get("extras", {}))
        print(f"bench: report {os.path.join(a.out, 'report.md')}")
        return
    rounds = a.rounds or (1 if a.quick else 3)
    p = P.Paths(ROOT, os.path.abspath(a.bin))
    for exe in ["bench_core", "bench_streams", "coro_bench", "bench_libuv_peer", "libuv_streams_peer", "echo_client"]:
        if not os.access(p.exe(exe), os.X_OK):
            sys.exit(f"bench: missing {p.exe(exe)}: build the native preset's bench_programs first")
    scenarios = [s for s in P.SCENARIOS if not a.only or s.name in a.only.split(",")]
    os.makedirs(a.out, exist_ok=True)
    raw = open(os.path.join(a.out, "raw.txt"), "w")
    results, failures = {}, []
    built = versions()  # before the rounds: the checkout may move on while they run
    t_start = time.monotonic()
    for r in range(1, rounds + 1):
        for scen in scenarios:
            size = scen.quick if a.quick else scen.full
            for peer in P.PEERS:
                if P.command(p, peer, scen.name, size) is None:
                    continue
                got, err = run_one(p, peer, scen, size)
                if err:
                    failures.append(f"{scen.name} on {peer}: {err}")
                    print(f"bench: FAILED {scen.name} on {peer}: {err}", file=sys.stderr, flush=True)
                for who, kv in got.items():
                    results.setdefault(scen.name, {}).setdefault(who, []).append(kv)
                    line = f"round={r} bench={scen.name} peer={who} " + " ".join(
                        f"{k}={v}" for k, v in kv.items() if k != "peer")
                    print(line, flush=True)
                    raw.write(line + "\n")
    extras = {}
    if not a.quick:
        with open(os.path.join(a.out, "results.json"), "w") as f:  # the rounds are kept if the extras fail
            json.dump({"results": results}, f)
        import extras as X
        try:
            extras = X.measure(p, raw)
        except (subprocess.SubprocessError, OSError, KeyError, ValueError) as e:
            failures.append(f"extras (callgrind/strace/memory): {e}")
    raw.close()
    elapsed = time.monotonic() - t_start
    # Every scenario a peer has must have produced its result line (what `make test` asserts via --quick).
    for scen in scenarios:
        size = scen.quick if a.quick else scen.full
        for peer in P.PEERS:
            has_cmd = P.command(p, peer, scen.name, size) is not None or \
                (peer == "core-coro" and scen.name.startswith("coro-"))
            if has_cmd and len(results.get(scen.name, {}).get(peer, [])) != rounds:
                failures.append(f"{scen.name} on {peer}: {len(results.get(scen.name, {}).get(peer, []))} "
                                f"result lines in {rounds} rounds")
    meta = {"rounds": rounds, "quick": a.quick, "elapsed_s": round(elapsed, 1), "versions": built,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "failures": failures}
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump({"meta": meta, "results": results, "extras": extras}, f, indent=1)
    report.write(a.out, meta, results, extras)
    print(f"bench: {rounds} round(s) in {elapsed:.0f} s; report {os.path.join(a.out, 'report.md')}")
    if failures:
        print("bench: missing results:\n  " + "\n  ".join(failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
