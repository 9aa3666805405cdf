// Every gallery snippet loads in the playground, runs there, and prints exactly what the native CLI prints in a
// deterministic run (the golden files of tests/examples): the browser runs the same runtime on the same clock.
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
          goldens.length > 0 && goldens.every((g) => examples.some((e) => e.name === g)),
          `${examples.length} in the page, ${goldens.length} golden files`);
  t.check('every example has a title and a note on what to watch',
          examples.every((e) => e.title && e.title !== e.name && e.watch.length > 20));
  t.check('an unknown example is refused', await page.evaluate(() => window.loopscope.loadExample('nope')) === false);

  for (const name of goldens) {
    const loaded = await page.evaluate((n) => window.loopscope.loadExample(n), name);
    await page.evaluate(() => window.loopscope.run());
    await waitFor(page, () => ['done', 'failed'].includes(window.loopscope.state().state), null, 30000,
                  `${name} to finish`);
    const state = await page.evaluate(() => window.loopscope.state());
    const golden = fs.readFileSync(path.join(goldenDir, name + '.out'), 'utf8');
    t.check(`${name} runs in the browser and prints what the CLI prints`,
            loaded && state.state === 'done' && state.console === golden && state.example === name,
            `${state.state} ${state.error}\n--- browser\n${state.console}--- golden\n${golden}`);
  }
  await page.evaluate(() => window.loopscope.loadExample('watcher_order'));
  await page.screenshot({ path: path.join(path.dirname(goldenDir), '..', '..', 'build', 'test-artifacts', 'gallery.png') });
} catch (e) {
  t.check('the gallery test ran to the end', false, e.message);
} finally {
  await browser.close();
  server.close();
}
process.exit(t.finish());
