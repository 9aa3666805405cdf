"""The full bench's measurements beyond the interleaved rounds (bench/bench.py runs them after the rounds):
  * callgrind: instructions per unit, (Ir(N) - Ir(base)) / (N - base) over the whole process, so start-up cancels
    out; deterministic to about 0.1 %, which is what to compare when wall figures are noisy;
  * tracing off: the share of Ir spent inside the tracing entry points while tracing is off (their early return);
  * strace -f -c: syscalls per ping-pong round trip, (calls(N) - calls(base)) / (N - base);
  * the kernel's share of the CPU (getrusage user/sys of the whole process) where the goals are syscall-bound:
    echo server, ping-pong, pump;
  * memory per live timer, all-in: (max RSS with 1M timers - max RSS with 1 timer) / 1M, and the 1M-timer luv
    snippet run by `loopscope run` with the CLI's default limits (no option at all).
"""
import os
import re
import subprocess
import tempfile

import peers as P


def _result(stdout):
    lines = [l for l in stdout.splitlines() if l.startswith("scenario=")]
    return dict(kv.split("=", 1) for kv in lines[-1].split() if "=" in kv) if lines else {}


def callgrind(cmd, cwd, functions=None):
    """Total Ir of cmd; with `functions` (a regex) also the inclusive Ir of the matching functions."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "cg.out")
        # Not check=True: Debian's luv may crash at exit after its work is done.
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"] + cmd, cwd=cwd,
                       capture_output=True, text=True, timeout=1800)
        total = None
        with open(out) as f:
            for line in f:
                m = re.match(r"(?:summary|totals):\s+(\d+)", line)
                if m:
                    total = int(m.group(1))
        matched = 0
        if functions:
            ann = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", "--auto=no", out],
                                 capture_output=True, text=True, check=True).stdout
            for line in ann.splitlines():  # "  9,000 ( 0.25%)  file:function(args) [object]"
                m = re.match(r"\s*([\d,]+)\s+\([^)]*\)\s+(.*)$", line)
                if m and re.search(functions, m.group(2)):
                    matched += int(m.group(1).replace(",", ""))  # inclusive: an upper bound if they nest
        return total, matched


def strace_calls(cmd, cwd):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "strace.txt")
        subprocess.run(["strace", "-f", "-c", "-o", out] + cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
        calls = {}
        with open(out) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 5 and parts[0][0].isdigit() and parts[-1] != "total":
                    calls[parts[-1]] = int(parts[3])
        return calls


def measure(p, raw):
    ex = {"callgrind": {}, "strace": {}, "memory": {}, "trace_off": {}, "kernel": {}}

    def log(line):
        print(line, flush=True)
        raw.write(line + "\n")

    core, uv = p.exe("bench_core"), p.exe("bench_libuv_peer")
    # Loop iterations, without and with a watched fd, and timers: C++ core against libuv C.
    cg = [("loopcount-fixed", "iteration", 200000, 1, []), ("loopcount-fixed", "iteration", 200000, 1, ["--fd"]),
          ("timers", "timer", 100000, 0, [])]
    for mode, unit, n, base, extra in cg:
        for peer, exe in (("core", core), ("libuv", uv)):
            hi, _ = callgrind([exe, mode, str(n)] + extra, p.root)
            lo, _ = callgrind([exe, mode, str(base)] + extra, p.root)
            key = f"{mode}{'-fd' if extra else ''}"
            per = (hi - lo) / (n - base)
            ex["callgrind"].setdefault(key, {})[peer] = per
            log(f"callgrind bench={key} peer={peer} n={n} ir_per_{unit}={per:.0f}")
    # Lua timers: the runtime against luv (same script).
    for peer in ("lua-epoll", "luv"):
        def cmd(n):
            c = P.command(p, peer, "timers", n)
            return c
        hi, _ = callgrind(cmd(100000), p.lua)
        lo, _ = callgrind(cmd(1), p.lua)
        per = (hi - lo) / (100000 - 1)
        ex["callgrind"].setdefault("timers-lua", {})[peer] = per
        log(f"callgrind bench=timers-lua peer={peer} n=100000 ir_per_timer={per:.0f}")
    # Tracing: on against off, and what the off switch itself costs (the early returns of the entry points).
    trace_fns = r"trace_handle|Trace::emit|emit_event"
    for mode, n, base in (("loopcount-fixed", 200000, 1), ("timers", 100000, 0)):
        off_hi, off_fn_hi = callgrind([core, mode, str(n)], p.root, trace_fns)
        off_lo, off_fn_lo = callgrind([core, mode, str(base)], p.root, trace_fns)
        on_hi, _ = callgrind([core, mode, str(n), "--trace", "4096"], p.root)
        on_lo, _ = callgrind([core, mode, str(base), "--trace", "4096"], p.root)
        off = (off_hi - off_lo) / (n - base)
        on = (on_hi - on_lo) / (n - base)
        off_fn = (off_fn_hi - off_fn_lo) / (n - base)
        ex["trace_off"][mode] = {"ir_off": off, "ir_on": on, "ir_in_trace_fns_off": off_fn,
                                 "off_cost": off_fn / (off - off_fn) if off > off_fn else 0.0}
        log(f"callgrind bench=trace-{mode} ir_off={off:.0f} ir_on={on:.0f} ir_in_trace_entry_points_off={off_fn:.1f}")
    # Syscalls per ping-pong round trip.
    for peer in ("core", "libuv", "lua-epoll", "luv", "node", "asyncio", "uvloop"):
        n, base = 20000, 2000
        hi = strace_calls(P.command(p, peer, "pingpong", n), P.cwd_of(p, peer))
        lo = strace_calls(P.command(p, peer, "pingpong", base), P.cwd_of(p, peer))
        per = {k: (hi.get(k, 0) - lo.get(k, 0)) / (n - base) for k in hi}
        per = {k: v for k, v in per.items() if v >= 0.01}
        ex["strace"][peer] = {"total": sum(per.values()), "calls": per}
        detail = " ".join(f"{k}={v:.2f}" for k, v in sorted(per.items()))
        log(f"strace bench=pingpong peer={peer} syscalls_per_rt={sum(per.values()):.2f} {detail}")
    import bench
    # The kernel's share: user and sys CPU of the whole process (for echo: of the server process).
    for scen in ("echo", "pingpong", "pump"):
        s = P.BY_NAME[scen]
        for peer in ("core", "libuv", "lua-epoll", "luv", "uvloop"):
            cmd = P.command(p, peer, scen, s.full)
            if scen == "echo":
                kv, err = bench.run_echo(p, peer, cmd, s.full)
                if not kv:
                    continue
                user, sys_ = float(kv["server_user_s"]), float(kv["server_sys_s"])
            else:
                out, err, status, ru = bench.run_measured(cmd, P.cwd_of(p, peer))
                user, sys_ = ru.ru_utime, ru.ru_stime
            ex["kernel"].setdefault(scen, {})[peer] = {"user_s": user, "sys_s": sys_}
            log(f"rusage bench={scen} peer={peer} user_s={user:.3f} sys_s={sys_:.3f} "
                f"sys_share={sys_ / max(user + sys_, 1e-9):.2f}")
    # Memory per live timer, all-in (max RSS of the whole process).
    for peer in ("core", "libuv", "lua-epoll", "luv", "node", "asyncio", "uvloop"):
        rss = {}
        for n in (1, 1000000):
            out, err, status, ru = bench.run_measured(P.command(p, peer, "timers", n), P.cwd_of(p, peer))
            rss[n] = ru.ru_maxrss
        per = (rss[1000000] - rss[1]) * 1024 / 1000000
        ex["memory"][peer] = {"bytes_per_timer": per, "max_rss_mib_1m": rss[1000000] / 1024}
        log(f"memory bench=timers peer={peer} max_rss_kib_1={rss[1]} max_rss_kib_1m={rss[1000000]} "
            f"bytes_per_timer={per:.0f}")
    # The S1 luv snippet, unchanged, with the CLI's default limits.
    out, err, status, ru = bench.run_measured([p.loopscope, "run", "timers.lua", "1000000"], p.lua)
    maxrss = ru.ru_maxrss
    ex["default_limits"] = {"status": status, "stdout": out.strip(), "stderr": err.strip()[-500:],
                            "max_rss_mib": maxrss / 1024}
    log(f"default-limits loopscope run timers.lua 1000000: status={status} max_rss_kib={maxrss} "
        f"{out.strip()} {err.strip()[-300:]}")
    return ex
