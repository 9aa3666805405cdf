// The page around the canvas: it follows window resizes, renders at the device pixel ratio, ships the
// third-party notices, and says in plain HTML when the browser has no WebGL2.
import { serve, launch, checker, waitFor } from './harness.mjs';

const [webDir] = process.argv.slice(2);
const t = checker();
const server = await serve(webDir);
const url = `http://127.0.0.1:${server.address().port}/index.html`;

async function canvasSize(page) {
  return page.evaluate(() => {
    const c = document.getElementById('canvas');
    const r = c.getBoundingClientRect();
    return { w: c.width, h: c.height, cssW: Math.round(r.width), cssH: Math.round(r.height) };
  });
}

let browser = await launch();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1000, height: 700, deviceScaleFactor: 2 });
  await page.goto(url, { waitUntil: 'load' });
  await waitFor(page, () => window.loopscope && window.loopscope.hasFirstFrame(), null, 30000, 'the first frame');
  let s = await canvasSize(page);
  t.check('the canvas fills the window', s.cssW === 1000 && s.cssH === 700, JSON.stringify(s));
  t.check('the canvas renders at the device pixel ratio (HiDPI)', s.w === 2000 && s.h === 1400, JSON.stringify(s));

  await page.setViewport({ width: 800, height: 500, deviceScaleFactor: 2 });
  await waitFor(page, () => document.getElementById('canvas').width === 1600, null, 5000, 'the canvas to resize');
  s = await canvasSize(page);
  t.check('the canvas follows a window resize', s.cssW === 800 && s.h === 1000, JSON.stringify(s));

  const notices = await page.evaluate(async () => (await fetch('THIRD_PARTY_NOTICES.txt')).text());
  t.check('the third-party notices name Lua, Dear ImGui and SDL2',
          ['Lua 5.4', 'Dear ImGui', 'SDL2'].every((n) => notices.includes(`= ${n} =`)) && notices.length > 2000);
  const link = await page.$eval('.notices a', (a) => a.getAttribute('href'));
  t.check('the page links to the notices', link === 'THIRD_PARTY_NOTICES.txt', link);
} catch (e) {
  t.check('the page test ran to the end', false, e.message);
} finally {
  await browser.close();
}

// A browser without WebGL2 gets an explanation, not a blank canvas.
browser = await launch(['--disable-3d-apis', '--disable-webgl']);
try {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const msg = await page.$eval('#message', (m) => ({ hidden: m.hidden, text: m.textContent }));
  t.check('without WebGL2 the page says so in plain HTML', !msg.hidden && msg.text.includes('WebGL2'), msg.text);
  const loaded = await page.evaluate(() => typeof window.Module === 'object');
  t.check('without WebGL2 the wasm app is not loaded at all', !loaded);
} catch (e) {
  t.check('the no-WebGL2 test ran to the end', false, e.message);
} finally {
  await browser.close();
  server.close();
}
process.exit(t.finish());
