// Playground II in the page: the echo server waits for the network client; a client connects (the wait ends
// with a time_jump and an input event), sends three lines and gets them back byte for byte; the fd state shows
// the listener and the connection; each fault as the snippet sees it (reset -> ECONNRESET in the read callback,
// fd limit -> a new client closed at once while others echo and a new socket fails with EMFILE, refuse ->
// ECONNREFUSED, latency, a small send buffer); clear errors for bad calls; runInstant stops at the wait;
// screenshots of the client and fds panels at 1280x800 (and 1920x1080).
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, checker, waitFor } from './harness.mjs';

const [webDir, artifacts] = process.argv.slice(2);
fs.mkdirSync(artifacts, { recursive: true });
const t = checker();
const server = await serve(webDir);
const url = `http://127.0.0.1:${server.address().port}/index.html`;
const browser = await launch();
const errors = [];

// An echo server that also opens a socket once a second (shared with tests/ui).
const PROBE = fs.readFileSync(new URL('../ui/fixtures/fdlimit_probe.lua', import.meta.url), 'utf8');

const state = (page) => page.evaluate(() => window.loopscope.state());
const clientOf = (s, id) => s.clients.find((c) => c.id === id);
async function shot(page, name) {
  const file = path.join(artifacts, name);
  await new Promise((r) => setTimeout(r, 250));  // a few frames, so the panel shows the newest state
  await page.screenshot({ path: file });
  return file;
}

try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(url, { waitUntil: 'load' });
  await waitFor(page, () => window.loopscope && window.loopscope.hasFirstFrame(), null, 30000, 'the first frame');

  // Before a run: a client call says what to do first.
  const early = await page.evaluate(() => { try { window.loopscope.connect(7000); return ''; } catch (e) { return e.message; } });
  t.check('connect() before a run is refused with a reason', /run the snippet first/.test(early), early);

  // runInstant stops at the wait.
  await page.evaluate(() => { window.loopscope.loadExample('echo_server'); window.loopscope.runInstant(); });
  await waitFor(page, () => window.loopscope.state().status === 'waiting', null, 30000, 'the instant run to wait');
  let s = await state(page);
  t.check('runInstant() on a server stops at the wait: status waiting, still running', s.running && s.mode === 'instant',
          `${s.status} ${s.mode}`);

  // Paced: waiting -> input -> time_jump.
  await page.evaluate(() => { window.loopscope.reset(); window.loopscope.run(); });
  await waitFor(page, () => window.loopscope.state().status === 'waiting', null, 30000, 'the paced run to wait');
  await new Promise((r) => setTimeout(r, 400));
  s = await state(page);
  t.check('while nobody connects, the pace\'s virtual time goes on and the loop\'s clock stands still',
          s.virtualNow > s.now, `virtualNow ${s.virtualNow}, now ${s.now}`);
  const id = await page.evaluate(() => window.loopscope.connect(7000));
  t.check('connect(7000) returns the client id 1', id === 1, String(id));
  let trace = (await page.evaluate(() => window.loopscope.trace('jsonl'))).trim().split('\n').map((l) => JSON.parse(l));
  const inputAt = trace.findIndex((e) => e.ev === 'input');
  t.check('the wait ends with a time_jump, then the input event (connect, client 1, port 7000)',
          inputAt > 0 && trace[inputAt - 1].ev === 'time_jump' && trace[inputAt].input === 'connect' &&
          trace[inputAt].client === 1 && trace[inputAt].value === 7000, JSON.stringify(trace.slice(inputAt - 2, inputAt + 1)));

  await waitFor(page, () => (window.loopscope.state().clients[0] || {}).connected, null, 20000, 'the client to connect');
  await page.evaluate(() => { for (const l of ['one', 'two', 'three']) window.loopscope.send(1, l + '\n'); });
  await waitFor(page, () => window.loopscope.state().clients[0].received === 'one\ntwo\nthree\n', null, 20000, 'the echo');
  s = await state(page);
  t.check('three lines sent, the same bytes come back', clientOf(s, 1).received === 'one\ntwo\nthree\n',
          JSON.stringify(clientOf(s, 1).received));
  const listener = s.listening.find((l) => l.port === 7000);
  const connFd = s.fds.find((f) => f.kind === 'tcp' && f.state === 'ESTABLISHED');
  t.check('the fd state shows the listener (port 7000, its handle) and the connection (owned, watched readable)',
          listener && listener.handle > 0 && connFd && connFd.handle > 0 && (connFd.interest & 1) === 1 &&
          s.fds.some((f) => f.fd === listener.fd && f.state === 'listening'),
          JSON.stringify({ listening: s.listening, fds: s.fds.map((f) => [f.fd, f.kind, f.state, f.handle, f.interest]) }));
  t.check('the connection table lists the remote client', s.connections.length === 1 && s.connections[0].remoteClient === 1,
          JSON.stringify(s.connections));
  t.check('the inputs are recorded with their seq and time', s.inputs.length === 4 &&
          s.inputs.every((i, k) => i.seq > 0 && (k === 0 || i.seq >= s.inputs[k - 1].seq)) && s.inputs[1].text === 'one\n',
          JSON.stringify(s.inputs));

  await page.evaluate(() => window.loopscope.showPanel('client'));
  await page.evaluate(() => window.loopscope.showPanel('fds'));
  await shot(page, 'network-client-1280.png');
  s = await state(page);
  t.check('showPanel() brings the client and fds tabs to the front, and they stay there',
          s.panels.left === 'client' && s.panels.right === 'fds', JSON.stringify(s.panels));

  // Latency on one connection, a small send buffer: the echo still arrives whole.
  const id2 = await page.evaluate(() => window.loopscope.connect(7000));
  await waitFor(page, (n) => (window.loopscope.state().clients.find((c) => c.id === n) || {}).connected, id2, 20000, 'client 2');
  await page.evaluate((n) => {
    window.loopscope.fault({ kind: 'latency', ms: 200, client: n });
    window.loopscope.fault({ kind: 'sndbuf', client: n, bytes: 100 });
    window.loopscope.send(n, 'x'.repeat(1000) + '\n');
  }, id2);
  s = await state(page);
  const conn2 = s.connections.find((c) => c.remoteClient === id2);
  const fd2 = s.fds.find((f) => f.fd === conn2.serverFd);
  t.check('latency 200 ms on client 2\'s connection; its server end\'s send buffer is 100 bytes',
          conn2.latency === 200 && fd2 && fd2.sendCapacity === 100, JSON.stringify({ conn2, fd2 }));
  await waitFor(page, (n) => window.loopscope.state().clients.find((c) => c.id === n).received.length === 1001, id2,
                30000, 'the 1001-byte echo through a 100-byte send buffer');
  t.check('a 1001-byte line comes back whole through the small buffer (partial writes, libuv retries)', true);

  // Reset: the snippet's read callback sees ECONNRESET as luv reports it.
  await page.evaluate(() => window.loopscope.fault({ kind: 'reset', client: 1 }));
  await waitFor(page, () => window.loopscope.state().console.includes('client 1: read error ECONNRESET'), null, 20000,
                'the read callback to see ECONNRESET');
  s = await state(page);
  t.check('reset: the snippet prints "read error ECONNRESET"; the client reports ECONNRESET',
          clientOf(s, 1).error === 'ECONNRESET', JSON.stringify(clientOf(s, 1)));

  // Refuse: the client gets ECONNREFUSED, the server never hears of it.
  await page.evaluate(() => window.loopscope.fault({ kind: 'refuse', port: 7000, on: true }));
  const id3 = await page.evaluate(() => window.loopscope.connect(7000));
  await waitFor(page, (n) => (window.loopscope.state().clients.find((c) => c.id === n) || {}).error, id3, 20000, 'refusal');
  s = await state(page);
  t.check('refuse: the new client gets ECONNREFUSED', clientOf(s, id3).error === 'ECONNREFUSED' &&
          !s.console.includes(`client ${id3} connected`), JSON.stringify(clientOf(s, id3)));
  await page.evaluate(() => window.loopscope.fault({ kind: 'refuse', port: 7000, on: false }));

  // Bad calls: clear errors, nothing applied.
  const bad = await page.evaluate(() => {
    const out = [];
    for (const f of [() => window.loopscope.fault({ kind: 'bogus' }), () => window.loopscope.fault({ kind: 'fdlimit', n: -1 }),
                     () => window.loopscope.send(99, 'x'), () => window.loopscope.fault({ kind: 'reset' })]) {
      try { f(); out.push(''); } catch (e) { out.push(e.message); }
    }
    return out;
  });
  t.check('malformed fault specs and unknown clients throw clear errors', /kind/.test(bad[0]) && /n/.test(bad[1]) &&
          bad[2] === 'no client 99' && /client/.test(bad[3]), JSON.stringify(bad));
  t.check('the page had no uncaught error', errors.length === 0, errors.join('; '));

  // The fd limit, with a snippet that also opens a socket once a second.
  await page.evaluate((code) => { window.loopscope.load(code); window.loopscope.run(); }, PROBE);
  await waitFor(page, () => window.loopscope.state().iteration >= 1, null, 20000, 'the probe snippet to run');
  await page.evaluate(() => window.loopscope.connect(7000));
  await waitFor(page, () => window.loopscope.state().console.includes('accepted'), null, 20000, 'the first accept');
  await page.evaluate(() => {
    const s = window.loopscope.state();
    window.loopscope.fault({ kind: 'fdlimit', n: s.faults.openFds });
    window.loopscope.connect(7000);
  });
  await waitFor(page, () => window.loopscope.state().clients[1].state !== 'connecting' &&
                            window.loopscope.state().clients[1].state !== 'connected', null, 20000, 'client 2 to be closed');
  await page.evaluate(() => window.loopscope.send(1, 'still here\n'));
  await waitFor(page, () => window.loopscope.state().clients[0].received === 'still here\n', null, 20000, 'client 1 echo');
  await waitFor(page, () => window.loopscope.state().console.includes('new socket: EMFILE'), null, 30000, 'EMFILE');
  s = await state(page);
  t.check('fd limit: the new client is closed at once, never accepted by the snippet; client 1 still echoes; a new socket fails with EMFILE',
          s.clients[1].eof && s.clients[1].received === '' && s.console.split('accepted').length === 2,
          JSON.stringify({ c2: s.clients[1], console: s.console }));
  await page.evaluate(() => window.loopscope.showPanel('fds'));
  await shot(page, 'network-fdlimit-1280.png');

  await page.setViewport({ width: 1920, height: 1080 });
  await page.evaluate(() => window.loopscope.showPanel('client'));
  await shot(page, 'network-client-1920.png');
} catch (e) {
  t.check('the network test ran to the end', false, e.stack);
} finally {
  await browser.close();
  server.close();
}
process.exit(t.finish());
