"""The bench report: OUT/report.md (one table, scenario x peer, with the ratio to libuv; the goals, met or not) and
OUT/chart.png (performance relative to libuv per scenario, a bar per peer; python3-matplotlib).

"vs libuv" is always oriented so that > 1 means better than libuv: peer/libuv for throughputs, libuv/peer for
costs. The goals use the issue's own orientation (e.g. CPU per timer <= 0.5x libuv's)."""
import os
import sys
import statistics

import peers as P

# Browser figures (issue 13 item 4: .wasm+.js sizes, time to first frame, frame time with 100k trace events, 1M
# virtual-time timers) are measured by a later step; a file OUT/browser.md, when present, is appended as is.
BROWSER_HOOK = "browser.md"
# What limits each missed goal, as profiled on the run of the date it names (bench/analysis.md, kept in the tree):
# appended to full reports, so the figures next to it can be checked against it.
ANALYSIS = "analysis.md"


def med(results, scen, peer):
    """(median, min, max) of the scenario's headline metric on peer, or None."""
    runs = results.get(scen.name, {}).get(peer, [])
    vals = [float(r[scen.metric]) for r in runs if scen.metric in r]
    if not vals:
        return None
    return statistics.median(vals), min(vals), max(vals)


def vs_libuv(results, scen, peer):
    a, b = med(results, scen, peer), med(results, scen, "libuv")
    if not a or not b or not a[0] or not b[0]:
        return None
    return b[0] / a[0] if scen.lower else a[0] / b[0]


def fmt(x):
    if x >= 100000:
        return f"{x / 1e6:.2f} M" if x >= 1e6 else f"{x / 1e3:.0f} k"
    if x >= 100:
        return f"{x:.0f}"
    return f"{x:.3g}"


def cell(results, scen, peer):
    m = med(results, scen, peer)
    if (peer, scen.name) in P.NOT_APPLICABLE:
        return f"n/a ({P.NOT_APPLICABLE[(peer, scen.name)]})"
    if not m:
        return "–"
    r = vs_libuv(results, scen, peer)
    ratio = f" **{r:.2f}×**" if r and peer != "libuv" else ""
    return f"{fmt(m[0])} [{fmt(m[1])}–{fmt(m[2])}]{ratio}"


def ratio(results, scen_name, a, b, lower):
    """a's median over b's, in the metric's own orientation (cost ratio for lower-is-better metrics)."""
    scen = P.BY_NAME[scen_name]
    x, y = med(results, scen, a), med(results, scen, b)
    if not x or not y or not y[0]:
        return None
    return x[0] / y[0]


def goals(results, extras):
    """(goal text, measured text, met: True/False/None) rows."""
    rows = []

    def add(text, value, ok, fmt_value="{:.2f}×"):
        rows.append((text, "not measured" if value is None else fmt_value.format(value),
                     None if value is None else ok(value)))

    add("core vs libuv: CPU per timer ≤ 0.5×", ratio(results, "timers", "core", "libuv", True), lambda v: v <= 0.5)
    cg = extras.get("callgrind", {}).get("loopcount-fixed-fd", {})
    add("core vs libuv: instructions per iteration with a watched fd ≤ 1.0×",
        cg["core"] / cg["libuv"] if cg else None, lambda v: v <= 1.0)
    add("core vs libuv: iterations/s with no fd ≥ 2.5×", ratio(results, "loopcount", "core", "libuv", False),
        lambda v: v >= 2.5)
    add("core vs libuv: iterations/s with a watched fd (no goal; ≥ 1.0× expected)",
        ratio(results, "loopcount-fd", "core", "libuv", False), lambda v: v >= 1.0)
    add("core vs libuv: ping-pong round trips/s ≥ 1.2×", ratio(results, "pingpong", "core", "libuv", False),
        lambda v: v >= 1.2)
    add("core vs libuv: pump MiB/s ≥ 1.1×", ratio(results, "pump", "core", "libuv", False), lambda v: v >= 1.1)
    add("core vs uvloop: pump MiB/s ≥ 1.0×", ratio(results, "pump", "core", "uvloop", False), lambda v: v >= 1.0)
    add("core vs libuv: echo server CPU per round trip ≤ 0.9×", ratio(results, "echo", "core", "libuv", True),
        lambda v: v <= 0.9)
    t = extras.get("trace_off", {}).get("loopcount-fixed")
    add("tracing off costs ≤ 2 % (Ir in the tracing entry points while off, loop iteration)",
        t["off_cost"] * 100 if t else None, lambda v: v <= 2.0, "{:.2f} %")
    t = extras.get("trace_off", {}).get("timers")
    add("tracing off costs ≤ 2 % (the same, per timer)", t["off_cost"] * 100 if t else None, lambda v: v <= 2.0,
        "{:.2f} %")
    add("coroutines ≤ 1.1× callbacks (ping-pong CPU)", ratio(results, "coro-pingpong", "core-coro", "core", True),
        lambda v: v <= 1.1)
    add("coroutines ≤ 1.1× callbacks (timers CPU)", ratio(results, "coro-timers", "core-coro", "core", True),
        lambda v: v <= 1.1)
    for name, label in (("timers", "timers"), ("loopcount", "loop count"), ("pingpong", "ping-pong"),
                        ("pump", "pump")):
        scen = P.BY_NAME[name]
        r = ratio(results, name, "lua-epoll", "luv", scen.lower)
        if r and scen.lower:
            r = 1 / r  # a speed-up: luv's cost over ours
        add(f"Lua runtime vs luv: {label} ≥ 1.2× (speed-up)", r, lambda v: v >= 1.2)
    mem = extras.get("memory", {})
    if mem.get("lua-epoll") and mem.get("luv"):
        add("Lua runtime vs luv: memory per live timer, all-in ≤ 1.0×",
            mem["lua-epoll"]["bytes_per_timer"] / mem["luv"]["bytes_per_timer"], lambda v: v <= 1.0)
    else:
        add("Lua runtime vs luv: memory per live timer, all-in ≤ 1.0×", None, None)
    return rows


def chart(out, results):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    scens = [s for s in P.SCENARIOS if med(results, s, "libuv")]
    peers = [p for p in P.PEERS if p != "libuv" and any(vs_libuv(results, s, p) for s in scens)]
    fig, ax = plt.subplots(figsize=(13, 5.5))
    width = 0.8 / max(1, len(peers))
    for i, peer in enumerate(peers):
        xs = [j + (i - (len(peers) - 1) / 2) * width for j in range(len(scens))]
        ys = [vs_libuv(results, s, peer) or 0 for s in scens]
        ax.bar(xs, ys, width, label=P.PEER_LABELS[peer])
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xticks(range(len(scens)))
    ax.set_xticklabels([s.title.split(":")[0] for s in scens], rotation=20, ha="right", fontsize=8)
    ax.set_ylabel("performance relative to libuv 1.44 C (> 1 is better)")
    ax.set_yscale("log")
    ax.set_title("make bench: each peer against libuv, median of the interleaved rounds")
    ax.legend(fontsize=8, ncol=3)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "chart.png"), dpi=110)
    plt.close(fig)


def write(out, meta, results, extras):
    v = meta["versions"]
    lines = [
        "# Loopscope benchmarks (`make bench`)", "",
        f"{meta['date']}; {meta['rounds']} interleaved round(s){' (QUICK: tiny sizes, timings meaningless)' if meta['quick'] else ''}; "
        f"{meta['elapsed_s']} s. Machine: {v['machine']} at the start — a shared VM whose load other work may "
        "raise, so compare peers within this run only.", "",
        f"Peers: loopscope {v['loopscope']} (C++ core with callbacks and coroutines; the Lua runtime via "
        f"`loopscope run` on epoll, and on the emulated backend with `--clock real`); libuv {v['libuv']} C; "
        f"{v['luv']}; Node.js {v['node']}; Python {v['python']} (asyncio and uvloop, /usr/bin/python3).", "",
        "Each cell: median [min–max] of the rounds, then **performance relative to libuv** (> 1 is better than "
        "libuv, whichever way the metric runs).", "",
    ]
    head = "| scenario | " + " | ".join(P.PEER_LABELS[p] for p in P.PEERS) + " |"
    lines += [head, "|" + "---|" * (len(P.PEERS) + 1)]
    for s in P.SCENARIOS:
        if s.name not in results:
            continue
        lines.append(f"| {s.title} ({'lower' if s.lower else 'higher'} is better) | " +
                     " | ".join(cell(results, s, p) for p in P.PEERS) + " |")
    lines += ["", "![ratio vs libuv](chart.png)", "", "## Goals", "", "| goal | measured | met |", "|---|---|---|"]
    for text, value, ok in goals(results, extras):
        lines.append(f"| {text} | {value} | {'—' if ok is None else ('yes' if ok else '**no**')} |")
    if extras:
        lines += ["", "## Instructions (callgrind), syscalls (strace), memory", "",
                  "Ir per unit = (Ir(N) − Ir(base)) / (N − base) over the whole process.", "",
                  "| what | " + " | ".join(P.PEER_LABELS[p] for p in ("core", "libuv", "lua-epoll", "luv")) + " |",
                  "|---|---|---|---|---|"]
        for key, d in extras.get("callgrind", {}).items():
            lines.append(f"| Ir per unit, {key} | " + " | ".join(
                f"{d[p]:.0f}" if p in d else "" for p in ("core", "libuv", "lua-epoll", "luv")) + " |")
        for key, d in extras.get("trace_off", {}).items():
            lines.append(f"| tracing, {key}: Ir off / on; Ir in the tracing entry points while off | "
                         f"{d['ir_off']:.0f} / {d['ir_on']:.0f}; {d['ir_in_trace_fns_off']:.1f} | | | |")
        lines += ["", "| syscalls per ping-pong round trip | total | by call |", "|---|---|---|"]
        for peer, d in extras.get("strace", {}).items():
            calls = ", ".join(f"{k} {v:.2f}" for k, v in sorted(d["calls"].items(), key=lambda kv: -kv[1]))
            lines.append(f"| {P.PEER_LABELS[peer]} | {d['total']:.2f} | {calls} |")
        if extras.get("kernel"):
            lines += ["", "| user / sys CPU s of the whole process (getrusage; echo: the server) | " +
                      " | ".join(P.PEER_LABELS[p] for p in ("core", "libuv", "lua-epoll", "luv", "uvloop")) + " |",
                      "|---|---|---|---|---|---|"]
            for scen, d in extras["kernel"].items():
                lines.append(f"| {scen} | " + " | ".join(
                    f"{d[p]['user_s']:.2f} / {d[p]['sys_s']:.2f}" if p in d else ""
                    for p in ("core", "libuv", "lua-epoll", "luv", "uvloop")) + " |")
        lines += ["", "| memory, 1M live timers (S1) | bytes per timer, all-in | max RSS MiB |", "|---|---|---|"]
        for peer, d in extras.get("memory", {}).items():
            lines.append(f"| {P.PEER_LABELS[peer]} | {d['bytes_per_timer']:.0f} | {d['max_rss_mib_1m']:.0f} |")
        dl = extras.get("default_limits")
        if dl:
            lines += ["", "The S1 luv snippet, unchanged, with the CLI's default limits: "
                      "`loopscope run bench/lua/timers.lua 1000000` → exit status "
                      f"{dl['status']}, max RSS {dl['max_rss_mib']:.0f} MiB:", "", "```",
                      (dl["stdout"] or dl["stderr"]), "```"]
    if meta["failures"]:
        lines += ["", "## Missing results", ""] + [f"- {f}" for f in meta["failures"]]
    lines += ["", "## Scenarios", "",
              "S1–S5 as ../shared/notes/bench-scenarios.md. S2 with a watched fd: the same idle counter plus one "
              "listening TCP socket nobody connects to, so every iteration polls (epoll_wait). S5: the server is the "
              "peer under test in its own process, the load generator `bench/echo_client.c` (libuv) another; server "
              "CPU is the whole process's (start-up included, which favours the C servers a little). S6: another "
              "thread sends a wake-up (uv_async_send; node: worker postMessage; Python: call_soon_threadsafe) and "
              "waits until the loop has seen it before the next, so each send wakes a blocked loop. S7: 1M writes of "
              "16 bytes issued back to back on one connection, timed until the server has every byte (CPU of the "
              "process). The emulated backend's sockets are in memory, so its ping-pong, pump and write batch measure the "
              "emulation (no kernel), not a network. Memory: all-in max RSS with 1M timers minus that with one "
              "(the one-timer run's figure includes what the child inherits from the driver, ~15 MiB). "
              "Tracing: the core's S2 with a 4096-event ring. Coroutines vs callbacks: bench/coro_bench "
              "(both styles on the same loop, alternating)."]
    analysis = os.path.join(os.path.dirname(os.path.abspath(__file__)), ANALYSIS)
    if os.path.exists(analysis) and not meta["quick"]:
        lines += ["", open(analysis).read()]
    hook = os.path.join(out, BROWSER_HOOK)
    lines += ["", "## Browser", ""]
    if os.path.exists(hook):
        lines += [open(hook).read()]
    else:
        lines += [f"Not measured yet (issue 13 item 4): a later step writes {BROWSER_HOOK} next to this report "
                  "and it is appended here."]
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    try:
        chart(out, results)
    except ImportError as e:  # a Python without Debian's matplotlib (make bench runs /usr/bin/python3)
        print(f"bench: no chart ({e}); run bench/bench.py --report-only with /usr/bin/python3", file=sys.stderr)
