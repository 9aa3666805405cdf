// The Node.js peer of the benchmark scenarios (../../../shared/notes/bench-scenarios.md), written the way a Node
// user writes them: setTimeout, a self re-arming setImmediate, net sockets, worker_threads.
//   node node_peer.js timers N | loopcount-timed MS [fd] | pingpong N | pump MIB | echo-server CONNS |
//                     async N | writebatch N
// One key=value result line on stdout (echo-server prints `PORT n` first).
'use strict';
const net = require('net');
const { Worker, isMainThread, workerData } = require('worker_threads');

const now = () => Number(process.hrtime.bigint()) / 1e9;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const out = (fields) => console.log(Object.entries(fields).map(([k, v]) => `${k}=${v}`).join(' '));
const head = (scenario) => ({ scenario, peer: 'node', node: process.version, libuv: process.versions.uv });

function listenAny(server, cb) {
  server.listen(0, '127.0.0.1', () => cb(server.address().port));
}

function timers(n) {
  let fired = 0;
  const onTimeout = () => { fired++; };
  const w0 = now(), c0 = cpu();
  for (let i = 0; i < n; i++) setTimeout(onTimeout, 1 + (i * 7919) % 1000);
  const c1 = cpu();
  process.on('beforeExit', function done() {
    process.removeListener('beforeExit', done);
    const w2 = now(), c2 = cpu();
    if (fired !== n) throw new Error(`fired ${fired} of ${n}`);
    out({ ...head('timers'), n, start_cpu_s: (c1 - c0).toFixed(4), fire_cpu_s: (c2 - c1).toFixed(4),
          wall_s: (w2 - w0).toFixed(4), ns_per_timer: ((c2 - c0) * 1e9 / n).toFixed(1) });
  });
}

function loopcount(ms, withFd) {
  let iters = 0, running = true;
  const server = withFd ? net.createServer(() => {}) : null;
  const turn = () => { iters++; if (running) setImmediate(turn); };
  const go = () => {
    const w0 = now();
    setImmediate(turn);
    setTimeout(() => {
      running = false;
      const wall = now() - w0;
      if (server) server.close();
      out({ ...head('loopcount-timed'), arg: ms, fd: withFd ? 1 : 0, iters, wall_s: wall.toFixed(4),
            iters_per_s: (iters / wall).toFixed(0), ns_per_iter: (wall * 1e9 / iters).toFixed(1) });
    }, ms);
  };
  if (server) listenAny(server, go); else go();
}

function pair(opts, onServerSocket, onClient) {
  const server = net.createServer((sock) => { server.close(); onServerSocket(sock); });
  listenAny(server, (port) => {
    const client = net.connect({ port, host: '127.0.0.1', noDelay: opts.noDelay }, () => onClient(client));
  });
}

function pingpong(n) {
  let trips = 0, received = 0, w0, c0;
  pair({ noDelay: true }, (sock) => {
    sock.setNoDelay(true);
    sock.on('data', (d) => sock.write(d));
    sock.on('end', () => sock.end());
  }, (client) => {
    client.setNoDelay(true);
    client.on('data', (d) => {
      received += d.length;
      while (received >= 4) {
        received -= 4;
        if (++trips === n) {
          const wall = now() - w0, c = cpu() - c0;
          out({ ...head('pingpong'), n, wall_s: wall.toFixed(4), cpu_s: c.toFixed(4),
                rt_per_s: (n / wall).toFixed(0), us_per_rt: (wall * 1e6 / n).toFixed(2) });
          client.end();
          return;
        }
        client.write('PING');
      }
    });
    w0 = now(); c0 = cpu();
    client.write('PING');
  });
}

function pump(mib) {
  const chunk = Buffer.alloc(64 * 1024, 'p');
  const total = mib * 1024 * 1024;
  let issued = 0, received = 0, w0, c0;
  pair({ noDelay: false }, (sock) => {
    sock.on('data', (d) => {
      received += d.length;
      if (received === total) {
        const wall = now() - w0, c = cpu() - c0;
        out({ ...head('pump'), mib, wall_s: wall.toFixed(4), cpu_s: c.toFixed(4), mib_per_s: (mib / wall).toFixed(0) });
        sock.destroy();
      }
    });
  }, (client) => {
    client.setNoDelay(false);
    const fill = () => {
      while (issued < total) {
        issued += chunk.length;
        if (!client.write(chunk)) return;  // the default highWaterMark; 'drain' resumes
      }
      client.end();
    };
    client.on('drain', fill);
    client.on('error', () => {});
    w0 = now(); c0 = cpu();
    fill();
  });
}

function echoServer(conns) {
  let accepted = 0, closed = 0;
  const guard = setTimeout(() => { console.error('echo-server: 120 s guard reached'); process.exit(1); }, 120000);
  const server = net.createServer((sock) => {
    accepted++;
    sock.setNoDelay(true);
    sock.on('data', (d) => sock.write(d));
    sock.on('end', () => sock.end());
    sock.on('close', () => {
      if (++closed === conns) {
        server.close();
        clearTimeout(guard);
        out({ ...head('echo-server'), conns: accepted, server_cpu_s: cpu().toFixed(4) });
      }
    });
  });
  listenAny(server, (port) => console.log(`PORT ${port}`));
}

// S6: a worker thread posts a message, then waits (Atomics.wait) until the main loop has seen it.
function asyncWakeups(n) {
  const shared = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(__filename, { workerData: { n, shared } });
  let seen = 0;
  const w0 = now(), c0 = cpu();
  worker.on('message', () => {
    Atomics.store(shared, 0, ++seen);
    Atomics.notify(shared, 0);
    if (seen === n) {
      const wall = now() - w0, c = cpu() - c0;
      out({ ...head('async'), n, wall_s: wall.toFixed(4), cpu_s: c.toFixed(4),
            wakeups_per_s: (n / wall).toFixed(0), us_per_wakeup: (wall * 1e6 / n).toFixed(2) });
    }
  });
}

function asyncSender({ n, shared }) {
  const { parentPort } = require('worker_threads');
  for (let i = 1; i <= n; i++) {
    parentPort.postMessage(0);
    while (Atomics.load(shared, 0) < i) Atomics.wait(shared, 0, i - 1);
  }
}

function writebatch(n) {
  const small = Buffer.alloc(16, 'w');
  const total = n * small.length;
  let received = 0, w0, c0;
  pair({ noDelay: false }, (sock) => {
    sock.on('data', (d) => {
      received += d.length;
      if (received === total) {
        const wall = now() - w0, c = cpu() - c0;
        out({ ...head('writebatch'), n, wall_s: wall.toFixed(4), cpu_s: c.toFixed(4),
              ns_per_write: (c * 1e9 / n).toFixed(1) });
        sock.destroy();
      }
    });
  }, (client) => {
    client.on('error', () => {});
    w0 = now(); c0 = cpu();
    for (let i = 0; i < n; i++) client.write(small);
    client.end();
  });
}

if (!isMainThread) {
  asyncSender(workerData);
} else {
  const [mode, arg, extra] = process.argv.slice(2);
  const n = Number(arg);
  const modes = { timers, 'loopcount-timed': (x) => loopcount(x, extra === 'fd'), pingpong, pump,
                  'echo-server': echoServer, async: asyncWakeups, writebatch };
  if (!modes[mode] || !Number.isFinite(n)) {
    console.error('usage: node_peer.js timers N | loopcount-timed MS [fd] | pingpong N | pump MIB | ' +
                  'echo-server CONNS | async N | writebatch N');
    process.exit(2);
  }
  modes[mode](n);
}
