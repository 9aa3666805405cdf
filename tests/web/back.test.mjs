// Step backward in the page: a whole echo-server session stepped by callback, with a client that connects,
// sends, and is reset by a fault; then Back, step by step to the start: every state equals the one the run had
// there (trace, console, fds, clients, inputs); forward again: the same end. Also the history scrubber's
// rewind(), Alt+B, and the figure: Back after 10,000 steps.
import { serve, launch, checker, waitFor } from './harness.mjs';

const [webDir] = process.argv.slice(2);
const t = checker();
const server = await serve(webDir);
const url = `http://127.0.0.1:${server.address().port}/index.html`;
const browser = await launch();
const errors = [];
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(url, { waitUntil: 'load' });
  await waitFor(page, () => window.loopscope && window.loopscope.hasFirstFrame(), null, 30000, 'the first frame');

  const result = await page.evaluate(() => {
    const L = window.loopscope;
    // What must come back: the run's trace and console and what the panels show of it.
    const snap = () => {
      const s = L.state();
      return JSON.stringify({ trace: L.trace('jsonl'), console: s.console, status: s.status, phase: s.phase,
                              iteration: s.iteration, now: s.now, handles: s.handles, timers: s.timers, fds: s.fds,
                              clients: s.clients, connections: s.connections, inputs: s.inputs, steps: s.steps });
    };
    L.loadExample('echo_server');
    const before = [];
    const script = [];  // what the user did, to do it again after going back
    const step = () => { before.push(snap()); script.push(() => L.step('callback')); return L.step('callback'); };
    const act = (f) => { script.push(f); f(); };
    const untilWaiting = () => { for (let i = 0; i < 500 && L.state().status !== 'waiting'; i++) step(); };
    untilWaiting();
    act(() => L.connect(7000));
    for (let i = 0; i < 500 && !L.state().clients[0].connected; i++) step();
    act(() => L.send(1, 'hello\n'));
    for (let i = 0; i < 500 && L.state().clients[0].received !== 'hello\n'; i++) step();
    act(() => L.fault({ kind: 'reset', client: 1 }));
    for (let i = 0; i < 500 && !L.state().console.includes('ECONNRESET'); i++) step();
    untilWaiting();
    const end = snap();
    const n = before.length;
    const positions = L.state().positions;
    const mismatches = [];
    for (let i = n - 1; i >= 0; i--) {
      L.back();
      if (snap() !== before[i]) mismatches.push(i);
    }
    const atStart = L.state();
    for (const f of script) f();
    return { n, positions, mismatches, startPositions: atStart.positions, startSteps: atStart.steps,
             endSame: snap() === end, sawReset: end.includes('read error ECONNRESET') };
  });
  t.check('the session stepped through a client connect, its echo and a reset fault',
          result.n >= 8 && result.sawReset, JSON.stringify(result));
  t.check('state().positions counts the steps Back can return to', result.positions === result.n,
          `${result.positions} positions, ${result.n} steps`);
  t.check('Back, step by step to the start: every state equals the one the run had there',
          result.mismatches.length === 0 && result.startPositions === 0 && result.startSteps === 0,
          `mismatches at ${result.mismatches.slice(0, 10)}`);
  t.check('forward again by the same steps: the same end state and trace', result.endSame);

  // The scrubber's rewind(), and Alt+B.
  const scrub = await page.evaluate(() => {
    const L = window.loopscope;
    const p = L.state().positions;
    L.rewind(5);
    const at5 = L.state();
    let bad = '';
    try { L.rewind(p + 10); } catch (e) { bad = e.message; }
    return { p, at5: at5.positions, steps: at5.steps, bad };
  });
  t.check('rewind(5) goes to step 5; an out-of-range position is refused with a message',
          scrub.at5 === 5 && scrub.steps === 5 && /position/.test(scrub.bad), JSON.stringify(scrub));
  await page.keyboard.down('Alt');
  await page.keyboard.press('KeyB');
  await page.keyboard.up('Alt');
  const afterAltB = await page.evaluate(() => window.loopscope.state().positions);
  t.check('Alt+B goes back one step', afterAltB === 4, String(afterAltB));

  // The figure: Back after 10,000 steps.
  const fig = await page.evaluate(() => {
    const L = window.loopscope;
    L.load("local uv = require('luv')\nlocal n = 0\nlocal t = uv.new_timer()\nt:start(1, 1, function()\n  n = n + 1\n  if n == 20000 then t:close() end\nend)\n");
    for (let i = 0; i < 10000; i++) L.step('callback');
    const t0 = performance.now();
    const s = L.back();
    return { ms: performance.now() - t0, positions: s.positions, notice: s.notice };
  });
  console.log(`figure Back after 10,000 callback steps (ms): ${fig.ms.toFixed(1)}`);
  t.check('Back after 10,000 steps lands on step 9,999', fig.positions === 9999, JSON.stringify(fig));
  // A share link carries the recorded inputs: opened with &run=1, the session with its client and its reset
  // fault happens again, to the same trace.
  await page.evaluate(() => { window.loopscope.loadExample('echo_server'); window.loopscope.run(); });
  await waitFor(page, () => window.loopscope.state().status === 'waiting', null, 30000, 'the server to wait');
  await page.evaluate(() => window.loopscope.connect(7000));
  await waitFor(page, () => (window.loopscope.state().clients[0] || {}).connected, null, 20000, 'the client');
  await page.evaluate(() => window.loopscope.send(1, 'shared\n'));
  await waitFor(page, () => window.loopscope.state().clients[0].received === 'shared\n', null, 20000, 'the echo');
  await page.evaluate(() => window.loopscope.fault({ kind: 'reset', client: 1 }));
  await waitFor(page, () => window.loopscope.state().console.includes('ECONNRESET') &&
                            window.loopscope.state().status === 'waiting', null, 20000, 'the reset');
  const original = await page.evaluate(async () => ({ trace: window.loopscope.trace('jsonl'),
                                                       inputs: window.loopscope.state().inputs.length,
                                                       link: await window.loopscope.shareLink() }));
  t.check('the share link of a session with inputs is a #code= link', /#code=v1\./.test(original.link) && original.inputs === 3,
          original.link.slice(0, 80));
  const again = await browser.newPage();
  again.on('pageerror', (e) => errors.push(String(e)));
  await again.setViewport({ width: 1280, height: 800 });
  await again.goto(original.link + '&run=1', { waitUntil: 'load' });
  await waitFor(again, (n) => window.loopscope && window.loopscope.hasFirstFrame() &&
                               window.loopscope.state().inputs.length === n &&
                               window.loopscope.state().status === 'waiting', original.inputs, 30000, 'the replayed session');
  const replayed = await again.evaluate(() => window.loopscope.trace('jsonl'));
  t.check('opened with &run=1, the link replays the client and the fault to the same trace', replayed === original.trace,
          `${replayed.length} vs ${original.trace.length} bytes`);
  t.check('the page had no uncaught error', errors.length === 0, errors.join('; '));
} catch (e) {
  t.check('the back test ran to the end', false, e.stack);
} finally {
  await browser.close();
  server.close();
}
process.exit(t.finish());
