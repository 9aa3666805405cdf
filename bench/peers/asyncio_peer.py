#!/usr/bin/python3
"""The Python peer of the benchmark scenarios (../../../shared/notes/bench-scenarios.md), asyncio or uvloop,
written the way an asyncio user writes them: call_later, a self re-arming call_soon, protocols and transports,
call_soon_threadsafe.

    /usr/bin/python3 asyncio_peer.py asyncio|uvloop MODE ARG [fd]
    MODE: timers N | loopcount-timed MS [fd] | pingpong N | pump MIB | echo-server CONNS | async N | writebatch N

Debian's /usr/bin/python3 has python3-uvloop. One key=value result line on stdout (echo-server prints PORT n
first).
"""
import asyncio
import resource
import sys
import threading
import time


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)  # microseconds; os.times() ticks in 10 ms
    return r.ru_utime + r.ru_stime


def out(peer, scenario, **fields):
    items = {"scenario": scenario, "peer": peer, "python": sys.version.split()[0], **fields}
    print(" ".join(f"{k}={v}" for k, v in items.items()), flush=True)


def timers(loop, peer, n):
    fired = 0
    done = loop.create_future()

    def on_timeout():
        nonlocal fired
        fired += 1
        if fired == n:
            done.set_result(None)

    w0, c0 = time.monotonic(), cpu()
    for i in range(n):
        loop.call_later((1 + (i * 7919) % 1000) / 1000, on_timeout)
    c1 = cpu()
    loop.run_until_complete(done)
    w2, c2 = time.monotonic(), cpu()
    out(peer, "timers", n=n, start_cpu_s=f"{c1 - c0:.4f}", fire_cpu_s=f"{c2 - c1:.4f}", wall_s=f"{w2 - w0:.4f}",
        ns_per_timer=f"{(c2 - c0) * 1e9 / n:.1f}")


def loopcount(loop, peer, ms, with_fd):
    server = None
    if with_fd:
        server = loop.run_until_complete(loop.create_server(asyncio.Protocol, "127.0.0.1", 0))
    iters = 0
    running = True
    done = loop.create_future()

    def turn():
        nonlocal iters
        iters += 1
        if running:
            loop.call_soon(turn)

    def stop():
        nonlocal running
        running = False
        done.set_result(None)

    w0 = time.monotonic()
    loop.call_soon(turn)
    loop.call_later(ms / 1000, stop)
    loop.run_until_complete(done)
    wall = time.monotonic() - w0
    if server:
        server.close()
    out(peer, "loopcount-timed", arg=ms, fd=int(with_fd), iters=iters, wall_s=f"{wall:.4f}",
        iters_per_s=f"{iters / wall:.0f}", ns_per_iter=f"{wall * 1e9 / iters:.1f}")


class Echo(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)


class Sink(asyncio.Protocol):
    """Counts bytes and resolves `done` once `total` have arrived."""

    def __init__(self, total, done):
        self.total, self.done, self.received = total, done, 0

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.received += len(data)
        if self.received == self.total:
            self.done.set_result((time.monotonic(), cpu()))


def pair(loop, server_protocol, client_protocol):
    """A listener that accepts one connection (then closes), and a client connected to it."""
    accepted = loop.create_future()

    def factory():
        p = server_protocol()
        accepted.set_result(p)
        return p

    server = loop.run_until_complete(loop.create_server(factory, "127.0.0.1", 0))
    port = server.sockets[0].getsockname()[1]
    transport, client = loop.run_until_complete(loop.create_connection(client_protocol, "127.0.0.1", port))
    loop.run_until_complete(accepted)
    server.close()
    return transport, client, accepted.result()


def nodelay(transport):
    import socket
    transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def pingpong(loop, peer, n):
    done = loop.create_future()

    class Pinger(asyncio.Protocol):
        trips = received = 0

        def connection_made(self, transport):
            self.transport = transport

        def data_received(self, data):
            self.received += len(data)
            while self.received >= 4:
                self.received -= 4
                self.trips += 1
                if self.trips == n:
                    done.set_result((time.monotonic(), cpu()))
                    return
                self.transport.write(b"PING")

    transport, _, server = pair(loop, Echo, Pinger)
    nodelay(transport)
    nodelay(server.transport)
    w0, c0 = time.monotonic(), cpu()
    transport.write(b"PING")
    w1, c1 = loop.run_until_complete(done)
    transport.close()
    wall = w1 - w0
    out(peer, "pingpong", n=n, wall_s=f"{wall:.4f}", cpu_s=f"{c1 - c0:.4f}", rt_per_s=f"{n / wall:.0f}",
        us_per_rt=f"{wall * 1e6 / n:.2f}")


def pump(loop, peer, mib):
    total = mib * 1024 * 1024
    chunk = b"p" * (64 * 1024)
    done = loop.create_future()

    class Pumper(asyncio.Protocol):
        issued = 0
        paused = False

        def connection_made(self, transport):
            self.transport = transport
            transport.set_write_buffer_limits(high=1024 * 1024)

        def fill(self):
            while self.issued < total and not self.paused:
                self.issued += len(chunk)
                self.transport.write(chunk)

        def pause_writing(self):
            self.paused = True

        def resume_writing(self):
            self.paused = False
            self.fill()

    transport, client, _ = pair(loop, lambda: Sink(total, done), Pumper)
    w0, c0 = time.monotonic(), cpu()
    client.fill()
    w1, c1 = loop.run_until_complete(done)
    transport.close()
    out(peer, "pump", mib=mib, wall_s=f"{w1 - w0:.4f}", cpu_s=f"{c1 - c0:.4f}", mib_per_s=f"{mib / (w1 - w0):.0f}")


def echo_server(loop, peer, conns):
    state = {"accepted": 0, "closed": 0}
    done = loop.create_future()

    class Server(Echo):
        def connection_made(self, transport):
            super().connection_made(transport)
            nodelay(transport)
            state["accepted"] += 1

        def connection_lost(self, exc):
            state["closed"] += 1
            if state["closed"] == conns:
                done.set_result(None)

    server = loop.run_until_complete(loop.create_server(Server, "127.0.0.1", 0, backlog=128))
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    loop.run_until_complete(asyncio.wait_for(done, 120))
    server.close()
    out(peer, "echo-server", conns=state["accepted"], server_cpu_s=f"{cpu():.4f}")


def async_wakeups(loop, peer, n):
    """S6: a thread schedules a callback, then waits until the loop has run it before the next."""
    seen = threading.Semaphore(0)
    count = 0
    done = loop.create_future()

    def on_wakeup():
        nonlocal count
        count += 1
        seen.release()
        if count == n:
            done.set_result(None)

    def sender():
        for _ in range(n):
            loop.call_soon_threadsafe(on_wakeup)
            seen.acquire()

    w0, c0 = time.monotonic(), cpu()
    t = threading.Thread(target=sender)
    t.start()
    loop.run_until_complete(done)
    t.join()
    wall = time.monotonic() - w0
    out(peer, "async", n=n, wall_s=f"{wall:.4f}", cpu_s=f"{cpu() - c0:.4f}", wakeups_per_s=f"{n / wall:.0f}",
        us_per_wakeup=f"{wall * 1e6 / n:.2f}")


def writebatch(loop, peer, n):
    small = b"w" * 16
    done = loop.create_future()
    transport, _, _ = pair(loop, lambda: Sink(n * len(small), done), asyncio.Protocol)
    w0, c0 = time.monotonic(), cpu()
    for _ in range(n):
        transport.write(small)
    w1, c1 = loop.run_until_complete(done)
    transport.close()
    out(peer, "writebatch", n=n, wall_s=f"{w1 - w0:.4f}", cpu_s=f"{c1 - c0:.4f}", ns_per_write=f"{(c1 - c0) * 1e9 / n:.1f}")


MODES = {"timers": timers, "pingpong": pingpong, "pump": pump, "echo-server": echo_server, "async": async_wakeups,
         "writebatch": writebatch}


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("asyncio", "uvloop") or \
            sys.argv[2] not in list(MODES) + ["loopcount-timed"]:
        sys.exit(__doc__)
    flavour, mode, arg = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if flavour == "uvloop":
        import uvloop
        loop = uvloop.new_event_loop()
    else:
        loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    if mode == "loopcount-timed":
        loopcount(loop, flavour, arg, sys.argv[4:] == ["fd"])
    else:
        MODES[mode](loop, flavour, arg)
    loop.close()


if __name__ == "__main__":
    main()
