// Every gallery example, in the page: run instantly, its trace('jsonl') equals the CLI's golden trace byte for
// byte and its console the golden output; stepped by callback to the end, the same trace and console again.
// The page runs exactly `loopscope run --deterministic NAME.lua`.
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, checker, waitFor } from './harness.mjs';

const [webDir, goldenDir] = process.argv.slice(2);
const t = checker();
const server = await serve(webDir);
const url = `http://127.0.0.1:${server.address().port}/index.html`;
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(url, { waitUntil: 'load' });
  await waitFor(page, () => window.loopscope && window.loopscope.hasFirstFrame(), null, 30000, 'the first frame');
  const examples = await page.evaluate(() => window.loopscope.examples());
  const goldens = fs.readdirSync(goldenDir).filter((f) => f.endsWith('.out')).map((f) => f.slice(0, -4));
  t.check('the gallery offers every example of examples/snippets',
          goldens.length >= 15 && goldens.every((g) => examples.some((e) => e.name === g)),
          `${examples.length} in the page, ${goldens.length} golden files`);
  t.check('every example has a title, a description and a note on what to watch',
          examples.every((e) => e.title && e.title !== e.name && e.description.length > 20 && e.watch.length > 20));
  t.check('an unknown example is refused', await page.evaluate(() => window.loopscope.loadExample('nope')) === false);

  for (const name of goldens) {
    let trace = fs.readFileSync(path.join(goldenDir, name + '.trace.jsonl'), 'utf8');
    const out = fs.readFileSync(path.join(goldenDir, name + '.out'), 'utf8');
    // A server ('-- serves:') never exits: where the CLI's run stalls, the page's waits for the network client,
    // so the page's trace is the CLI's up to the stall.
    const serves = examples.find((e) => e.name === name).serves > 0;
    if (serves) trace = trace.slice(0, trace.lastIndexOf('{"seq":', trace.indexOf('"ev":"stall"')));
    const ended = serves ? () => window.loopscope.state().status === 'waiting' : () => !window.loopscope.state().running;
    const loaded = await page.evaluate((n) => window.loopscope.loadExample(n), name);
    await page.evaluate(() => window.loopscope.runInstant());
    await waitFor(page, ended, null, 60000, `${name} to finish`);
    const run = await page.evaluate(() => ({ s: window.loopscope.state(), trace: window.loopscope.trace('jsonl') }));
    t.check(`${name}: run instantly, the trace equals the CLI's byte for byte`, loaded && run.trace === trace,
            `${run.s.status} ${run.s.error} (${run.trace.length} vs ${trace.length} bytes)`);
    t.check(`${name}: and the console equals the CLI's output`, run.s.console === out, run.s.console.slice(0, 200));

    const stepped = await page.evaluate(() => {
      window.loopscope.reset();
      let s = window.loopscope.step('callback');
      for (let i = 0; i < 100000 && s.running && s.status !== 'waiting'; i++) s = window.loopscope.step('callback');
      return { s, trace: window.loopscope.trace('jsonl') };
    });
    t.check(`${name}: stepped by callback to the end, the same trace and console`,
            stepped.trace === trace && stepped.s.console === out, `${stepped.s.status} after ${stepped.s.steps} steps`);
  }
} catch (e) {
  t.check('the gallery test ran to the end', false, e.message);
} finally {
  await browser.close();
  server.close();
}
process.exit(t.finish());
