"""Who runs what in `make bench`: the peers, the scenarios, and the command line of each scenario on each peer.

The scenarios follow ../shared/notes/bench-scenarios.md (S1-S5) plus S6 async wake-ups and S7 write batch (their
specification is in the peer programs' headers and in the report). Every command prints one `scenario=... key=value`
result line; a peer that cannot run a scenario has no command for it (n/a in the report, with the reason).
"""
import os
import sys

PEERS = ["core", "core-coro", "lua-epoll", "lua-emulated", "libuv", "luv", "node", "asyncio", "uvloop"]
PEER_LABELS = {
    "core": "loopscope C++ (callbacks)",
    "core-coro": "loopscope C++ (coroutines)",
    "lua-epoll": "loopscope Lua, epoll",
    "lua-emulated": "loopscope Lua, emulated --clock real",
    "libuv": "libuv 1.44 C",
    "luv": "luv, Lua 5.4",
    "node": "Node.js",
    "asyncio": "asyncio",
    "uvloop": "uvloop",
}
# Why a peer has no figure for a scenario (shown in the report instead of a number).
NOT_APPLICABLE = {
    ("lua-epoll", "async"): "no uv.new_thread in the Lua runtime",
    ("lua-emulated", "async"): "no uv.new_thread in the Lua runtime",
    ("luv", "async"): "kept out: the Lua peers share one script set",
    ("lua-emulated", "echo"): "emulated sockets cannot be reached by another process",
}


class Scenario:
    """One row of the report. `metric` is the headline key, `lower` says lower is better; `full`/`quick` the size."""

    def __init__(self, name, title, metric, unit, lower, full, quick, goal=None):
        self.name, self.title, self.metric, self.unit, self.lower = name, title, metric, unit, lower
        self.full, self.quick, self.goal = full, quick, goal


SCENARIOS = [
    Scenario("timers", "S1 timers, 1M scrambled: CPU ns/timer", "ns_per_timer", "ns", True, 1000000, 2000),
    Scenario("loopcount", "S2 loop count, no fd: iterations/s", "iters_per_s", "/s", False, 2000, 50),
    Scenario("loopcount-fd", "S2 loop count, one watched idle socket: iterations/s", "iters_per_s", "/s", False,
             2000, 50),
    Scenario("pingpong", "S3 TCP ping-pong: round trips/s", "rt_per_s", "/s", False, 100000, 200),
    Scenario("pump", "S4 pump: MiB/s", "mib_per_s", "MiB/s", False, 2048, 16),
    Scenario("echo", "S5 echo, 100 conns x 1000 msgs: server CPU us/round trip", "us_per_rt", "us", True,
             (100, 1000), (10, 20)),
    Scenario("async", "S6 async wake-ups across threads: wake-ups/s", "wakeups_per_s", "/s", False, 50000, 200),
    Scenario("writebatch", "S7 write batch, 1M x 16 B: CPU ns/write", "ns_per_write", "ns", True, 1000000, 2000),
    Scenario("trace", "tracing on (4096-event ring): loop count iterations/s", "iters_per_s", "/s", False, 2000, 50),
    Scenario("coro-pingpong", "coroutines vs callbacks, ping-pong: CPU ns/trip", "ns_per_trip", "ns", True,
             100000, 200),
    Scenario("coro-timers", "coroutines vs callbacks, 1000 sleeping strands: CPU ns/timer", "ns_per_timer",
             "ns", True, (1000, 1000), (20, 5)),
]
BY_NAME = {s.name: s for s in SCENARIOS}


class Paths:
    def __init__(self, root, bindir):
        self.root = root
        self.bin = bindir
        self.lua = os.path.join(root, "bench", "lua")
        self.peers = os.path.join(root, "bench", "peers")
        self.loopscope = os.path.join(os.path.dirname(bindir), "loopscope")

    def exe(self, name):
        return os.path.join(self.bin, name)


# The Lua runtime's per-callback instruction budget guards snippets; a million writes in one callback is a
# benchmark, not a blocked loop. Memory and handles keep the CLI's defaults (S1 runs with the defaults).
LOOPSCOPE_BUDGET = ["--budget", "100000000000"]
LUA_SCRIPTS = {"timers": "timers.lua", "loopcount": "loopcount.lua", "loopcount-fd": "loopcount.lua",
               "pingpong": "pingpong.lua", "pump": "pump.lua", "echo": "echo_server.lua",
               "writebatch": "writebatch.lua"}
PY = "/usr/bin/python3"  # Debian's: the python3 on PATH may be another one without uvloop


def command(p, peer, scenario, size):
    """The argv that runs `scenario` at `size` on `peer`, or None when the peer has no such scenario."""
    s = scenario
    arg = str(size) if not isinstance(size, tuple) else str(size[0])
    fd = s == "loopcount-fd"
    if (peer, s) in NOT_APPLICABLE:
        return None
    if peer == "core":
        table = {
            "timers": [p.exe("bench_core"), "timers", arg],
            "loopcount": [p.exe("bench_core"), "loopcount-timed", arg],
            "loopcount-fd": [p.exe("bench_core"), "loopcount-timed", arg, "--fd"],
            "trace": [p.exe("bench_core"), "loopcount-timed", arg, "--trace", "4096"],
            "async": [p.exe("bench_core"), "async", arg],
            "pingpong": [p.exe("bench_streams"), "pingpong", arg],
            "pump": [p.exe("bench_streams"), "pump", arg],
            "echo": [p.exe("bench_streams"), "echo-server", arg],
            "writebatch": [p.exe("bench_streams"), "writebatch", arg],
            "coro-pingpong": [p.exe("coro_bench"), "pingpong", arg, "--runs", "1"],
            "coro-timers": [p.exe("coro_bench"), "timers", str(size[0]), str(size[1]), "--runs", "1"]
            if isinstance(size, tuple) else None,
        }
        return table.get(s)
    if peer == "core-coro":
        return None  # its figures come from the core's coro_bench runs (both styles in one run, alternating)
    if peer == "libuv":
        table = {
            "timers": [p.exe("bench_libuv_peer"), "timers", arg],
            "loopcount": [p.exe("bench_libuv_peer"), "loopcount-timed", arg],
            "loopcount-fd": [p.exe("bench_libuv_peer"), "loopcount-timed", arg, "--fd"],
            "async": [p.exe("bench_libuv_peer"), "async", arg],
            "pingpong": [p.exe("libuv_streams_peer"), "pingpong", arg],
            "pump": [p.exe("libuv_streams_peer"), "pump", arg],
            "echo": [p.exe("libuv_streams_peer"), "echo-server", arg],
            "writebatch": [p.exe("libuv_streams_peer"), "writebatch", arg],
        }
        return table.get(s)
    if peer in ("lua-epoll", "lua-emulated", "luv"):
        script = LUA_SCRIPTS.get(s)
        if not script:
            return None
        args = [arg, "fd"] if fd else [arg]
        if peer == "luv":
            return ["lua5.4", script] + args
        backend = ["--backend", "emulated", "--clock", "real"] if peer == "lua-emulated" else []
        return [p.loopscope, "run"] + backend + LOOPSCOPE_BUDGET + [script] + args
    if peer == "node":
        mode = {"loopcount": "loopcount-timed", "loopcount-fd": "loopcount-timed", "echo": "echo-server"}.get(s, s)
        if s not in ("timers", "loopcount", "loopcount-fd", "pingpong", "pump", "echo", "async", "writebatch"):
            return None
        return ["node", os.path.join(p.peers, "node_peer.js"), mode, arg] + (["fd"] if fd else [])
    if peer in ("asyncio", "uvloop"):
        mode = {"loopcount": "loopcount-timed", "loopcount-fd": "loopcount-timed", "echo": "echo-server"}.get(s, s)
        if s not in ("timers", "loopcount", "loopcount-fd", "pingpong", "pump", "echo", "async", "writebatch"):
            return None
        return [PY, os.path.join(p.peers, "asyncio_peer.py"), peer, mode, arg] + (["fd"] if fd else [])
    sys.exit(f"unknown peer {peer}")


def cwd_of(p, peer):
    return p.lua if peer in ("lua-epoll", "lua-emulated", "luv") else p.root
