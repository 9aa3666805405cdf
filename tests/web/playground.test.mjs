// Loads the playground in headless chromium, waits for the first ImGui frame, runs the default snippet through
// window.loopscope and checks what its console shows; saves a screenshot for a person to look at.
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
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(url, { waitUntil: 'load' });
  await waitFor(page, () => window.loopscope && window.loopscope.hasFirstFrame(), null, 30000, 'the first frame');
  t.check('the first ImGui frame is drawn', true);

  const code = await page.evaluate(() => window.loopscope.code());
  t.check('the editor starts with the default snippet', code.includes("require('luv')"), code.slice(0, 80));

  await page.evaluate(() => window.loopscope.run());
  await waitFor(page, () => ['done', 'failed'].includes(window.loopscope.state().state), null, 30000,
                'the default snippet to finish');
  const state = await page.evaluate(() => window.loopscope.state());
  t.check('the default snippet ends without error', state.state === 'done', state.error);
  const lines = state.console.trim().split('\n');
  t.check('the chunk prints before any callback', lines[0] === 'timers started; the loop runs them', lines[0]);
  const order = lines.map((l) => (l.startsWith('fast') ? 'fast' : l.startsWith('slow') ? 'slow' : l));
  t.check('the fast timer fires before the slow one', order.indexOf('fast') >= 0 &&
          order.indexOf('fast') < order.indexOf('slow'), state.console);
  t.check('the ticker ticks eight times', lines.filter((l) => l.startsWith('tick')).length === 8, state.console);
  t.check('the loop is no longer alive at the end', state.alive === false);

  await page.evaluate(() => window.loopscope.load("print('hello from a test')"));
  await page.evaluate(() => window.loopscope.run());
  await waitFor(page, () => window.loopscope.state().state === 'done', null, 10000, 'the second snippet');
  const second = await page.evaluate(() => window.loopscope.state());
  t.check('a loaded snippet replaces the default one and runs', second.console === 'hello from a test\n',
          JSON.stringify(second.console));

  await page.evaluate(() => window.loopscope.load("local x = = 1"));
  await page.evaluate(() => window.loopscope.run());
  await waitFor(page, () => window.loopscope.state().state === 'failed', null, 10000, 'the syntax error');
  const bad = await page.evaluate(() => window.loopscope.state());
  t.check('a syntax error is shown with its line', bad.error.startsWith('snippet.lua:1:'), bad.error);

  await page.evaluate((c) => { window.loopscope.load(c); window.loopscope.run(); }, code);
  await waitFor(page, () => window.loopscope.state().state === 'done', null, 30000, 'the rerun');
  await new Promise((r) => setTimeout(r, 300));
  const shot = path.join(artifacts, 'playground.png');
  await page.screenshot({ path: shot });
  t.check('a screenshot was saved', fs.statSync(shot).size > 10000, shot);
  t.check('no page errors', errors.length === 0, errors.join('; '));
} catch (e) {
  t.check('the browser test ran to the end', false, e.message);
} finally {
  await browser.close();
  server.close();
}
process.exit(t.finish());
