// Playground III, sharing: share links (a Hangul snippet of 60 KiB round trip, 64 KiB exactly, settings, run on
// open), a corpus of bad links each with its message (empty editor, working page, the stored snippet kept), the
// last snippet in localStorage, the gallery, Hangul (the font fetched on first use, glyphs added between
// frames, typed through an input method), embed mode, the Share button, screenshots at 1280x800, 1920x1080
// and DPR 2. Figures are printed, never asserted, except the page-size budget the issue sets.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, launch, checker, waitFor } from './harness.mjs';

const [webDir, artifacts] = process.argv.slice(2);
fs.mkdirSync(artifacts, { recursive: true });
const t = checker();
const server = await serve(webDir);
const base = `http://127.0.0.1:${server.address().port}/index.html`;
const errors = [];
const figure = (what, value) => console.log(`figure ${what}: ${value}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const b64url = (buf) => Buffer.from(buf).toString('base64url');
const deflated = (text) => b64url(zlib.deflateSync(Buffer.from(text, 'utf8')));
const STORE = 'loopscope.last.v1';

async function open(browser, hash = '', { width = 1280, height = 800, dpr = 1 } = {}) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setViewport({ width, height, deviceScaleFactor: dpr });
  await page.evaluateOnNewDocument(() => {
    window.addEventListener('loopscope-first-frame', () => { window.firstFrameAt = performance.now(); });
    window.addEventListener('loopscope-glyphs', (e) => {
      if (e.detail.glyphs > 0 && !window.glyphsAt) window.glyphsAt = performance.now();
    });
  });
  await page.goto(base + hash, { waitUntil: 'load' });
  await waitFor(page, () => window.loopscope && window.loopscope.hasFirstFrame(), null, 30000, 'the first frame');
  const opened = await page.evaluate(() => window.loopscope.opened);
  return { page, opened };
}
const st = (page) => page.evaluate(() => window.loopscope.state());
const codeOf = (page) => page.evaluate(() => window.loopscope.code());

// A 60 KiB snippet with Hangul in its comments, strings and output; varied text, so it does not compress to
// nothing, deterministic (a tiny LCG), so the figures compare across runs.
function hangulSnippet(bytes) {
  const words = ['이벤트', '루프', '타이머', '콜백', '코루틴', 'poll', 'check', '대기열', '소켓', 'idle'];
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  let code = "-- 한글 스니펫: 타이머가 한국어로 말한다\nlocal uv = require('luv')\n" +
             "local t = uv.new_timer()\nt:start(10, 0, function() print('안녕하세요, 루프! 콜백이 실행되었습니다') t:close() end)\n";
  let n = 0;
  while (Buffer.byteLength(code) < bytes - 200) {
    let line = `-- ${n++}:`;
    for (let i = 0; i < 8; i++) line += ' ' + words[next() % words.length] + (next() % 100);
    code += line + '\n';
  }
  code += '--';
  while (Buffer.byteLength(code) < bytes) code += Buffer.byteLength(code) <= bytes - 3 ? '값' : 'x';
  return code;
}

// Each part in a browser of its own (a fresh profile: empty localStorage); an exception fails the part.
async function part(what, body) {
  const browser = await launch();
  try {
    await body(browser);
  } catch (e) {
    t.check(`${what} ran to the end`, false, e.stack || e.message);
  } finally {
    await browser.close();
  }
}

await part('the share link round trip', async (browser) => {
  // --- Round trip: 60 KiB with Hangul, settings, no run without &run=1 -----------------------------------------
  const { page } = await open(browser);
  const big = hangulSnippet(60 * 1024);
  const link = await page.evaluate((code) => {
    window.loopscope.load(code);
    window.loopscope.setOrder('legacy');
    window.loopscope.setSpeed(2.5);
    window.loopscope.setStepKind('phase');
    return window.loopscope.shareLink();
  }, big);
  const hash = link.slice(link.indexOf('#'));
  figure('share link for the 60 KiB Hangul snippet (characters)', `${link.length} (${Buffer.byteLength(big)} bytes of code)`);
  t.check('shareLink() gives a versioned, URL-safe code link', /^#code=v1\.[A-Za-z0-9_-]+$/.test(hash), hash.slice(0, 40));
  const p2 = await open(browser, hash);
  const back = await codeOf(p2.page);
  t.check('the 60 KiB Hangul snippet round-trips byte for byte (through the link and the wasm editor)',
          back === big && Buffer.from(back, 'utf8').equals(Buffer.from(big, 'utf8')),
          `${Buffer.byteLength(back)} vs ${Buffer.byteLength(big)} bytes`);
  const set2 = await p2.page.evaluate(() => window.loopscope.settings());
  t.check('the link carries the order, speed and step kind',
          set2.order === 'legacy' && set2.speed === 2.5 && set2.step === 'phase', JSON.stringify(set2));
  let s = await st(p2.page);
  t.check('opening a link loads and shows it, without running it', !s.running && s.status === 'loaded' &&
          s.notice.startsWith('Opened a shared snippet'), `${s.status} ${s.notice}`);
  await p2.page.close();
  const p3 = await open(browser, hash + '&run=1');
  s = await st(p3.page);
  t.check('with &run=1 it runs on open', s.running || s.status === 'done', s.status);
  await waitFor(p3.page, () => window.loopscope.state().console.includes('안녕하세요'), null, 10000, 'the Korean output');
  s = await st(p3.page);
  t.check('the Hangul snippet prints Korean to the console', s.console === '안녕하세요, 루프! 콜백이 실행되었습니다\n',
          JSON.stringify(s.console));
  await p3.page.close();

  // Exactly 64 KiB still goes; one byte more is refused with a message, not a broken link.
  const exact = hangulSnippet(64 * 1024);
  const r64 = await page.evaluate(async (code) => {
    window.loopscope.load(code);
    const l = await window.loopscope.shareLink();
    await window.loopscope.openLink(l.slice(l.indexOf('#')));
    const ok = window.loopscope.code() === code;
    let refused = '';
    try { window.loopscope.load(code + 'x'); await window.loopscope.shareLink(); } catch (e) { refused = e.message; }
    return { ok, refused, bytes: new TextEncoder().encode(code).length };
  }, exact);
  t.check('a snippet of exactly 64 KiB round-trips', r64.ok && r64.bytes === 65536, JSON.stringify(r64));
  t.check('one byte over 64 KiB: shareLink() refuses and says why', r64.refused.includes('at most 64 KiB'), r64.refused);

  // Gallery examples: an unedited example shares by name; the largest one's code link is measured.
  const ex = await page.evaluate(async () => {
    const all = window.loopscope.examples();
    const sizes = all.map((e) => ({ name: e.name, bytes: new TextEncoder().encode(window.loopscope.exampleCode(e.name)).length }));
    sizes.sort((a, b) => b.bytes - a.bytes);
    const largest = sizes[0];
    window.loopscope.loadExample(largest.name);
    window.loopscope.setOrder('modern'); window.loopscope.setSpeed(1); window.loopscope.setStepKind('callback');
    const byName = await window.loopscope.shareLink();
    window.loopscope.load(window.loopscope.exampleCode(largest.name));  // the same text, as the user's own
    const byCode = await window.loopscope.shareLink();
    return { largest, byName, byCode };
  });
  figure(`share link for the largest gallery example, ${ex.largest.name} (${ex.largest.bytes} bytes)`,
         `${ex.byCode.length} characters as #code=, ${ex.byName.length} as #example=`);
  t.check('an unedited gallery example shares as #example=NAME', ex.byName.endsWith(`#example=${ex.largest.name}`), ex.byName);
  const p4 = await open(browser, ex.byCode.slice(ex.byCode.indexOf('#')));
  t.check("the largest example's code link opens to the same text",
          (await codeOf(p4.page)) === (await page.evaluate((n) => window.loopscope.exampleCode(n), ex.largest.name)));
  await p4.page.close();
  const p5 = await open(browser, '#example=why_no_exit&order=legacy&step=iteration');
  s = await st(p5.page);
  const set5 = await p5.page.evaluate(() => window.loopscope.settings());
  t.check('#example=NAME opens the gallery example with the settings of the link',
          set5.example === 'why_no_exit' && set5.order === 'legacy' && set5.step === 'iteration' && !s.running,
          JSON.stringify(set5));
  await p5.page.close();
  // A link with recorded inputs (Playground II) schedules them for the run; a damaged list opens the code alone
  // and says so (tests/web/back.test.mjs replays a whole shared session).
  const withInputs = '#code=v1.' + deflated(JSON.stringify({ code: 'print(1)',
    inputs: [{ seq: 3, t_ns: 0, action: 'connect', value: 7000 }] }));
  const ri = await page.evaluate(async (h) => { await window.loopscope.openLink(h); return window.loopscope.state().notice; }, withInputs);
  t.check('recorded inputs in a link are accepted (the code loads) and the page says it replays them',
          ri.includes('replays 1 recorded') && (await codeOf(page)) === 'print(1)', ri);
  const damaged = '#code=v1.' + deflated(JSON.stringify({ code: 'print(2)', inputs: [{ seq: 3, kind: 'send', text: 'hi' }] }));
  const rd = await page.evaluate(async (h) => { await window.loopscope.openLink(h); return window.loopscope.state().notice; }, damaged);
  t.check('a damaged recorded input is named and the code still opens without the inputs',
          rd.includes('recorded input 1 is damaged') && (await codeOf(page)) === 'print(2)', rd);
  await page.close();
});

// --- Bad links: each shows its message, an empty editor, a working page; the stored snippet is kept ----------
await part('the bad-link corpus', async (browser) => {
  const { page } = await open(browser);
  const good = await page.evaluate(async () => { const l = await window.loopscope.shareLink(); return l.slice(l.indexOf('#')); });
  const bomb = '#code=v1.' + b64url(zlib.deflateSync(Buffer.alloc(50 * 1024 * 1024)));
  figure('decompression bomb link (characters, unpacks to 50 MiB)', bomb.length);
  const corpus = [
    ['bad base64', '#code=v1.eJw$$$notbase64', "has '$' at character 4"],
    ['truncated', good.slice(0, good.length - 9), 'damaged or cut short'],
    ['a stray last character', good.slice(0, 9 + 4 * 5 + 1), 'damaged or cut short'],
    ['a decompression bomb', bomb, 'unpacks to more than 512 KiB'],
    ['an unknown version', '#code=v7.' + deflated('{"code":"print(1)"}'), 'format v7, which this Loopscope does not read'],
    ['no version', '#code=' + deflated('{"code":"print(1)"}'), "does not start with a format version"],
    ['an unknown example', '#example=no_such_example', "the example 'no_such_example', which the gallery does not have"],
    ['not an example name', '#example=../etc', 'is not an example name'],
    ['both example and code', '#example=why_no_exit&' + good.slice(1), 'both an example and a snippet'],
    ['a payload that is not JSON', '#code=v1.' + deflated('print(1)'), 'is not the JSON of a snippet'],
    ['a payload without code', '#code=v1.' + deflated('{"order":"modern"}'), 'has no snippet in it'],
    ['invalid UTF-8 in the payload', '#code=v1.' + b64url(zlib.deflateSync(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))), 'is not the JSON'],
    ['a snippet over 64 KiB', '#code=v1.' + deflated(JSON.stringify({ code: 'x'.repeat(70000) })), 'links carry at most 64 KiB'],
    ['a bad setting', '#example=why_no_exit&order=sideways', "phase order 'sideways'"],
    ['a bad speed', '#code=v1.' + deflated('{"code":"x","speed":1e9}'), "speed '1000000000'"],
    ['inputs that are not a list', '#code=v1.' + deflated('{"code":"x","inputs":7}'), "'inputs') are not a list"],
    ['an oversized fragment', '#code=v1.' + 'A'.repeat(300000), 'too long (300009 characters'],
    ['neither example nor code', '#snippet=42', 'neither #example=NAME nor #code='],
    ['bad percent-encoding', '#example=%E0%A4%A', "'example' is not valid URL text"],
  ];
  for (const [what, hash, expect] of corpus) {
    const r = await page.evaluate(async (h) => {
      window.loopscope.load('-- something in the editor');
      const res = await window.loopscope.openLink(h);
      return { res, s: window.loopscope.state(), code: window.loopscope.code() };
    }, hash);
    t.check(`bad link (${what}): "${expect}" is shown, the editor is empty`,
            !r.res.ok && r.res.message.includes(expect) && r.s.notice === r.res.message && r.code === '',
            `${r.res.message} | notice ${r.s.notice} | code ${JSON.stringify(r.code.slice(0, 40))}`);
  }
  // The page still works after them: an example steps.
  let s = await page.evaluate(() => { window.loopscope.loadExample('timers_due_order'); return window.loopscope.step('phase'); });
  t.check('after the bad links the page still runs examples', s.running && s.steps === 1, `${s.status} ${s.steps}`);
  // The user's own snippet is stored ...
  await page.evaluate(() => { window.loopscope.load("print('저장된 스니펫')"); window.loopscope.setOrder('legacy'); });
  await waitFor(page, (k) => (localStorage.getItem(k) || '').includes('저장된'), STORE, 5000, 'the snippet to be stored');
  const stored = await page.evaluate((k) => localStorage.getItem(k), STORE);
  t.check('the last snippet and its settings are stored', JSON.parse(stored).order === 'legacy', stored);
  await page.close();

  // A bad link opened as a page (not through openLink): the same, and the page draws on.
  for (const [what, hash, expect] of [corpus[0], corpus[3], corpus[6]]) {
    const o = await open(browser, hash);
    s = await st(o.page);
    const f0 = await o.page.evaluate(() => window.loopscope.frames());
    await sleep(300);
    const f1 = await o.page.evaluate(() => window.loopscope.frames());
    t.check(`a page opened with ${what}: message, empty editor, frames go on`,
            s.notice.includes(expect) && (await codeOf(o.page)) === '' && f1 > f0, `${s.notice} ${f0}->${f1}`);
    if (what === 'a decompression bomb') await o.page.screenshot({ path: path.join(artifacts, 'share-bad-link-1280x800.png') });
    await sleep(700);  // past a store tick
    t.check(`... and the stored snippet is still the user's`,
            (await o.page.evaluate((k) => localStorage.getItem(k), STORE)) === stored);
    await o.page.close();
  }
  // A bad link pasted into the address bar of an open page (hashchange).
  const o = await open(browser);
  await o.page.evaluate(() => { location.hash = '#code=v9.abc'; });
  await waitFor(o.page, () => window.loopscope.state().notice.includes('format v9'), null, 5000, 'the hashchange message');
  t.check('a bad link pasted into the address bar shows its message too', (await codeOf(o.page)) === '');
  await o.page.close();

  // No link: the stored snippet and settings come back; then a bad page did not change them.
  const r = await open(browser);
  const restored = await r.page.evaluate(() => ({ code: window.loopscope.code(), s: window.loopscope.settings() }));
  t.check('opened without a link, the page restores the last snippet and its settings',
          restored.code === "print('저장된 스니펫')" && restored.s.order === 'legacy', JSON.stringify(restored));
  await r.page.close();
});

// --- Hangul: the font on first use, glyphs between frames, typing through an input method --------------------
await part('the Hangul test', async (browser) => {
  const fontFile = fs.readFileSync(path.join(webDir, 'fonts', 'hangul.ttf'));
  figure('Hangul font subset fonts/hangul.ttf raw / gzip -9 (bytes)',
         `${fontFile.length} / ${zlib.gzipSync(fontFile, { level: 9 }).length}`);
  await (await open(browser)).page.close();  // a first page warms the browser's caches: the figures compare
  const plain = await open(browser);
  figure('time to first frame, no Hangul (ms, navigation start = 0)', Math.round(await plain.page.evaluate(() => window.firstFrameAt)));
  let f = await plain.page.evaluate(() => window.loopscope.fontStatus());
  t.check('a page without text outside Latin-1 never fetches the Hangul font', !f.requested && !f.loaded, JSON.stringify(f));
  await plain.page.close();

  const korean = "-- 한글 주석\nlocal uv = require('luv')\nlocal t = uv.new_timer()\n" +
                 "t:start(20, 0, function()\n  print('타이머가 울렸다: 루프는 살아 있다')\n  t:close()\nend)\nprint('시작')\n";
  const link = '#code=v1.' + deflated(JSON.stringify({ code: korean }));
  const { page } = await open(browser, link);
  await waitFor(page, () => window.glyphsAt, null, 10000, 'the Hangul glyphs');
  const times = await page.evaluate(() => ({ first: window.firstFrameAt, glyphs: window.glyphsAt, f: window.loopscope.fontStatus() }));
  figure('time to first frame, Hangul link (ms)', Math.round(times.first));
  figure('time to the first frame with Hangul glyphs (ms, font fetched + atlas rebuilt)',
         `${Math.round(times.glyphs)} (atlas rebuild ${times.f.lastBuildMs} ms, ${times.f.glyphs} glyphs)`);
  const has = await page.evaluate((text) => [...new Set(text)].filter((c) => c.codePointAt(0) > 0xff)
    .filter((c) => !window.loopscope.fontHas(c.codePointAt(0))), korean);
  t.check('every Hangul character of the snippet has its glyph in the atlas', has.length === 0, has.join(''));
  t.check('glyphs not shown are not in the atlas (it holds what the text needs)',
          !(await page.evaluate(() => window.loopscope.fontHas('퓨'.codePointAt(0)))));
  await page.evaluate(() => window.loopscope.runInstant());
  await waitFor(page, () => !window.loopscope.state().running, null, 10000, 'the Korean snippet to finish');
  await waitFor(page, () => window.loopscope.fontHas('울'.codePointAt(0)), null, 5000, 'the console glyphs');
  const s = await st(page);
  t.check('the console shows the Korean output, its glyphs added between frames',
          s.console === '시작\n타이머가 울렸다: 루프는 살아 있다\n', JSON.stringify(s.console));
  await sleep(200);
  await page.screenshot({ path: path.join(artifacts, 'hangul-1280x800.png') });

  // The Korean gallery example: its title and note in the toolbar, its output in the console.
  await page.evaluate(() => { window.loopscope.loadExample('utf8_chunks'); window.loopscope.runInstant(); });
  await waitFor(page, () => !window.loopscope.state().running, null, 10000, 'utf8_chunks to finish');
  const shown = await page.evaluate(() => {
    const e = window.loopscope.examples().find((x) => x.name === 'utf8_chunks');
    return e.title + e.watch + window.loopscope.state().console;
  });
  await waitFor(page, (text) => [...text].every((c) => c.codePointAt(0) <= 0xff || window.loopscope.fontHas(c.codePointAt(0))),
                shown, 5000, "the glyphs of utf8_chunks' title, note and output");
  t.check('the Korean gallery example shows its title, note and output in Hangul', shown.includes('안녕하세요'));
  await sleep(200);
  await page.screenshot({ path: path.join(artifacts, 'utf8-chunks-1280x800.png') });

  // Typing Hangul through the input-method path: click into the editor, compose with CDP, commit.
  await page.evaluate(() => window.loopscope.load('-- ime\n'));
  const ed = await page.evaluate(async () => {  // two frames on, so the rect is the short snippet's layout
    for (let i = 0; i < 3; i++) await new Promise((r) => requestAnimationFrame(r));
    return window.loopscope.buttonRect('editor');
  });
  const lh = 13;  // a text line (ProggyClean 13 px): the click lands at the end of line 2, the empty one
  await page.mouse.click(ed[0] + 200, ed[1] + 3 + lh * 1.5, { delay: 30 });
  await waitFor(page, () => window.loopscopeIme.focused(), null, 5000, 'the hidden text element to take the focus');
  const cdp = await page.target().createCDPSession();
  for (const text of ['ㅎ', '하', '한']) {
    await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
    await sleep(40);
  }
  const composing = await page.evaluate(() => document.getElementById('ime').classList.contains('composing'));
  await page.screenshot({ path: path.join(artifacts, 'hangul-ime-composing-1280x800.png') });
  await cdp.send('Input.insertText', { text: '한' });
  for (const text of ['ㄱ', '그', '글']) await cdp.send('Input.imeSetComposition', { text, selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.insertText', { text: '글' });
  await sleep(150);
  t.check('while composing, the page shows the text being composed', composing);
  let code = await codeOf(page);
  t.check('Hangul composed through the input method lands in the editor once', code === '-- ime\n한글', JSON.stringify(code));
  await page.keyboard.type('ok');
  await sleep(150);
  code = await codeOf(page);
  t.check('plain keys still type once (SDL), not twice', code === '-- ime\n한글ok', JSON.stringify(code));
  await page.close();

  // Screenshots of Korean at 1920x1080 and DPR 2.
  for (const [width, height, dpr] of [[1920, 1080, 1], [1280, 800, 2]]) {
    const o = await open(browser, link, { width, height, dpr });
    await o.page.evaluate(() => window.loopscope.runInstant());
    await waitFor(o.page, () => window.loopscope.fontHas('울'.codePointAt(0)), null, 10000, 'the Hangul glyphs');
    await sleep(200);
    await o.page.screenshot({ path: path.join(artifacts, `hangul-${width}x${height}${dpr > 1 ? '@2x' : ''}.png`) });
    await o.page.close();
  }
});

// --- Gallery, Share button, embed mode --------------------------------------------------------------------
await part('the gallery/share/embed test', async (browser) => {
  const { page } = await open(browser);
  const ex = await page.evaluate(() => window.loopscope.examples());
  const byName = Object.fromEntries(ex.map((e) => [e.name, e]));
  t.check('every example says how it is written (callbacks, async/await or both)',
          ex.every((e) => ['callbacks', 'async/await', 'both'].includes(e.style)), JSON.stringify(ex.map((e) => e.style)));
  const pairs = ex.filter((e) => e.pair);
  t.check('callback/coroutine twins are marked both ways, one of each style',
          pairs.length >= 4 && pairs.every((e) => byName[e.pair] && byName[e.pair].pair === e.name &&
                                                   byName[e.pair].style !== e.style) &&
          byName.echo_callbacks.pair === 'echo_async' && byName.random_sleeps_async.pair === 'random_sleeps_callbacks',
          JSON.stringify(pairs.map((e) => `${e.name}<->${e.pair}`)));
  t.check('the side-by-side example is marked "both"', byName.callback_hell_vs_async.style === 'both');
  const gallery = await page.evaluate(() => window.loopscope.buttonRect('gallery'));
  await page.mouse.click((gallery[0] + gallery[2]) / 2, (gallery[1] + gallery[3]) / 2, { delay: 30 });
  await waitFor(page, () => window.loopscope.settings().gallery, null, 3000, 'the gallery to open');
  await page.mouse.move(640, 790);  // no tooltip over the toolbar in the screenshot
  await sleep(200);
  await page.screenshot({ path: path.join(artifacts, 'gallery-1280x800.png') });
  t.check('the Gallery button opens the gallery', true);
  await page.evaluate(() => window.loopscope.showGallery(false));

  // The Share button: copies the link and says so.
  const ctx = browser.defaultBrowserContext();
  await ctx.overridePermissions(base.slice(0, base.indexOf('/index.html')), ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
  await page.evaluate(() => window.loopscope.load("print('공유')"));
  const share = await page.evaluate(() => window.loopscope.buttonRect('share'));
  await page.mouse.click((share[0] + share[2]) / 2, (share[1] + share[3]) / 2, { delay: 30 });
  await waitFor(page, () => window.loopscope.state().notice.startsWith('Link copied'), null, 5000, 'the Share notice');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const expected = await page.evaluate(() => window.loopscope.shareLink());
  t.check('the Share button copies the link and says so', copied === expected &&
          (await st(page)).notice === `Link copied to the clipboard (${expected.length} characters).`, copied.slice(0, 80));
  await sleep(200);
  await page.screenshot({ path: path.join(artifacts, 'share-copied-1280x800.png') });
  for (const [width, height, dpr] of [[1920, 1080, 1], [1280, 800, 2]]) {
    const o = await open(browser, '', { width, height, dpr });
    await o.page.evaluate(() => window.loopscope.showGallery(true));
    await sleep(300);
    await o.page.screenshot({ path: path.join(artifacts, `gallery-${width}x${height}${dpr > 1 ? '@2x' : ''}.png`) });
    await o.page.close();
  }
  await page.close();

  // Embed mode, as a blog post's iframe.
  const embedHash = '#example=echo_callbacks&embed=1';
  const host = await browser.newPage();
  host.on('pageerror', (e) => errors.push(String(e)));
  await host.setViewport({ width: 1000, height: 760 });
  await host.setContent(`<!doctype html><body style="font:16px Georgia,serif;max-width:920px;margin:20px auto;color:#222">
    <h2>How an echo server waits</h2><p>Step through the callbacks below: each one is a turn of the event loop.</p>
    <iframe id="demo" src="${base}${embedHash}" width="900" height="520" style="border:1px solid #aaa"></iframe>
    <p>The poll phase is where the loop sleeps until a socket is ready.</p></body>`);
  const frameHandle = await host.waitForSelector('#demo');
  const frame = await frameHandle.contentFrame();
  await waitFor(frame, () => window.loopscope && window.loopscope.hasFirstFrame(), null, 30000, 'the embedded first frame');
  await frame.evaluate(() => window.loopscope.opened);
  const e = await frame.evaluate(() => {
    let s = window.loopscope.state();
    for (let i = 0; i < 8; i++) s = window.loopscope.step('callback');
    const a = document.getElementById('full-link');
    return { s, hidden: a.hidden, href: a.href, target: a.target };
  });
  t.check('an embed link shows the compact page', e.s.embed && e.s.steps === 8, JSON.stringify({ embed: e.s.embed, steps: e.s.steps }));
  const full = await frame.evaluate((href) => window.loopscopeShare.decode(href.slice(href.indexOf('#'))), e.href);
  t.check('with a link to the full playground (new tab, same example, not embedded)',
          !e.hidden && e.target === '_blank' && full.ok && full.name === 'echo_callbacks' && !full.embed, e.href);
  await sleep(300);
  await host.screenshot({ path: path.join(artifacts, 'embed-iframe-1000x760.png') });
  await host.close();
  for (const [width, height, dpr] of [[1280, 800, 1], [640, 420, 2]]) {
    const o = await open(browser, embedHash, { width, height, dpr });
    await o.page.evaluate(() => { for (let i = 0; i < 8; i++) window.loopscope.step('callback'); });
    await sleep(300);
    await o.page.screenshot({ path: path.join(artifacts, `embed-${width}x${height}${dpr > 1 ? '@2x' : ''}.png`) });
    await o.page.close();
  }

  const js = fs.readFileSync(path.join(webDir, 'index.js'));
  const wasm = fs.readFileSync(path.join(webDir, 'index.wasm'));
  const gz = zlib.gzipSync(wasm, { level: 9 }).length + zlib.gzipSync(js, { level: 9 }).length;
  figure('index.wasm + index.js raw / gzip -9 (bytes, the Hangul font separate)', `${wasm.length + js.length} / ${gz}`);
  t.check('index.wasm + index.js stay within 1 MB gzip', gz <= 1000000, gz);
  t.check('no page errors', errors.length === 0, errors.join('; '));
});
server.close();
process.exit(t.finish());
