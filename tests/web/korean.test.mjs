// The Korean UI (issue 12, item 6): a page opened with a Korean browser language speaks Korean from its first
// frame (the Hangul font fetched while the wasm loads), state()'s text follows the UI language while its
// enum-like values stay, the toolbar's toggle switches to English and back, the choice survives a reload
// (localStorage), and screenshots at 1280x800, 1920x1080 and DPR 2. Figures are printed, never asserted.
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, checker, waitFor, sleep, figure } from './harness.mjs';

const [webDir, artifacts] = process.argv.slice(2);
fs.mkdirSync(artifacts, { recursive: true });
const server = await serve(webDir);
const base = `http://127.0.0.1:${server.address().port}/index.html`;
const t = checker();
const errors = [];  // uncaught exceptions of the pages
const hangul = (s) => /[\uac00-\ud7a3]/.test(s);
const st = (page) => page.evaluate(() => window.loopscope.state());

// A page whose navigator says `lang` (the --lang flag sets it too; this makes it certain), with the first
// frame's time and whether its atlas already had Hangul then.
async function open(browser, lang, { width = 1280, height = 800, dpr = 1 } = {}) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setViewport({ width, height, deviceScaleFactor: dpr });
  await page.evaluateOnNewDocument((l) => {
    Object.defineProperty(navigator, 'language', { get: () => l });
    Object.defineProperty(navigator, 'languages', { get: () => [l] });
    window.addEventListener('loopscope-first-frame', () => {
      window.firstFrameAt = performance.now();
      // After the frame returns (a microtask): did the first frame's atlas have the Hangul of "실행"?
      queueMicrotask(() => { window.firstFrameHangul = window.loopscope.fontHas(0xc2e4) && window.loopscope.fontHas(0xd589); });
    });
  }, lang);
  await page.goto(base, { waitUntil: 'load' });
  await waitFor(page, () => window.loopscope && window.loopscope.hasFirstFrame() && window.firstFrameHangul !== undefined,
                null, 30000, 'the first frame');
  await page.evaluate(() => window.loopscope.opened);
  return page;
}

async function click(page, name) {
  const r = await page.evaluate((n) => window.loopscope.buttonRect(n), name);
  if (r.length !== 4) throw new Error(`no button ${name} on screen`);
  await page.mouse.click((r[0] + r[2]) / 2, (r[1] + r[3]) / 2, { delay: 30 });
  // Two frames: ImGui acts on the click in the frame after it.
  await page.evaluate(async () => { for (let i = 0; i < 3; i++) await new Promise((r) => requestAnimationFrame(r)); });
}

// The toolbar's last button ("?") ends inside the window: Korean words are wider, the row must still fit.
async function toolbarFits(page, width) {
  const r = await page.evaluate(() => window.loopscope.buttonRect('shortcuts'));
  return { ok: r.length === 4 && r[2] <= width - 4 && r[1] < 40, r };
}

// --- The first frame: English (for comparison) and Korean --------------------------------------------------
let english = await launch([], { lang: 'en-US' });
try {
  await (await open(english, 'en-US')).close();  // a first page warms the browser's caches: the figures compare
  const page = await open(english, 'en-US');
  const s = await st(page);
  figure('time to first frame, English UI (ms, navigation start = 0)', Math.round(await page.evaluate(() => window.firstFrameAt)));
  t.check('an English browser gets the English UI', s.language === 'en' && s.statusText === 'loaded', JSON.stringify([s.language, s.statusText]));
  const f = await page.evaluate(() => window.loopscope.fontStatus());
  t.check('the English UI does not fetch the Hangul font', !f.requested && !f.loaded, JSON.stringify(f));
  const fit = await toolbarFits(page, 1280);
  t.check('the English toolbar, with the language button, fits 1280 px', fit.ok, JSON.stringify(fit.r));
  await sleep(200);
  await page.screenshot({ path: path.join(artifacts, 'english-toolbar-1280x800.png') });
} catch (e) {
  t.check('the English first-frame part ran to the end', false, e.stack || e.message);
} finally {
  await english.close();
}

const browser = await launch([], { lang: 'ko-KR' });
try {
  await (await open(browser, 'ko-KR')).close();  // warm the caches, as for English
  let page = await open(browser, 'ko-KR');
  const first = await page.evaluate(() => ({ at: window.firstFrameAt, hangul: window.firstFrameHangul,
                                             f: window.loopscope.fontStatus() }));
  figure('time to first frame, Korean UI (ms, navigation start = 0; the font fetched while the wasm loads)',
         `${Math.round(first.at)} (atlas ${first.f.glyphs} glyphs, built in ${first.f.lastBuildMs} ms)`);
  t.check('a Korean browser gets the Korean UI, with its Hangul glyphs in the first frame', first.hangul === true, JSON.stringify(first));
  const loads = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('resource')
    .filter((e) => /hangul\.ttf|index\.wasm|index\.js/.test(e.name))
    .map((e) => [e.name.split('/').pop(), `${Math.round(e.startTime)}-${Math.round(e.responseEnd)}`])));
  figure('Korean page: font and wasm fetched (ms from navigation start, start-end)', JSON.stringify(loads));
  let s = await st(page);
  t.check('state() says the language, its status in Korean, the status value unchanged',
          s.language === 'ko' && s.status === 'loaded' && s.statusText === '불러옴' && s.cycle.header === '아직 실행 없음',
          JSON.stringify([s.language, s.status, s.statusText, s.cycle.header]));
  const words = ['실행', '일시정지', '스텝', '콜백', '단계', '반복', '초기화', '공유', '갤러리', '콘솔', '핸들과 타이머', '루프 사이클'];
  const missing = await page.evaluate((w) => [...new Set(w.join(''))].filter((c) => c !== ' ' && !window.loopscope.fontHas(c.codePointAt(0))), words);
  t.check('the toolbar and panels\' Korean words have their glyphs (no "?")', missing.length === 0, missing.join(''));

  // A few steps of a gallery example: the narration, poll and alive reasons in Korean; libuv's names kept.
  await page.evaluate(() => window.loopscope.loadExample('timers_due_order'));
  for (let i = 0; i < 4; i++) await page.evaluate(() => window.loopscope.step('callback'));
  s = await page.evaluate(() => window.loopscope.step('phase'));
  t.check('after a few steps the narration is Korean', hangul(s.narration) && !/\bran\b|\bcallbacks?\b/.test(s.narration), s.narration);
  t.check('the phase names in the narration and the ring stay libuv\'s',
          /^(timers|pending|idle|prepare|poll|check|closing)/.test(s.narration) &&
          s.cycle.ring.map((p) => p.phase).join(',') === 'pending,idle,prepare,poll,check,closing,timers', s.narration);
  t.check('the poll sentence and the alive reasons are Korean', hangul(s.poll ? s.poll.text : '') &&
          s.aliveReasons.length > 0 && s.aliveReasons.every(hangul), JSON.stringify([s.poll, s.aliveReasons.slice(0, 2)]));
  t.check('enum-like values stay as tests compare them', s.status === 'paused' && s.mode === 'paused' &&
          ['timers', 'pending', 'idle', 'prepare', 'poll', 'check', 'closing', 'none'].includes(s.phase), JSON.stringify([s.status, s.phase]));
  const fit = await toolbarFits(page, 1280);
  t.check('the Korean toolbar fits 1280 px', fit.ok, JSON.stringify(fit.r));
  await sleep(200);
  await page.screenshot({ path: path.join(artifacts, 'korean-1280x800.png') });
  await page.evaluate(() => window.loopscope.showPanel('fds'));
  await sleep(200);
  await page.screenshot({ path: path.join(artifacts, 'korean-fds-1280x800.png') });
  await page.evaluate(() => window.loopscope.showPanel('handles'));

  // The toggle: to English and back; the run is the same run.
  const before = { steps: s.steps, narration: s.narration, trace: await page.evaluate(() => window.loopscope.trace()) };
  await click(page, 'language');
  s = await st(page);
  t.check('the toggle switches to English: state() text in English, the run untouched',
          s.language === 'en' && !hangul(s.narration) && s.narration.length > 0 && s.steps === before.steps &&
          (await page.evaluate(() => window.loopscope.trace())) === before.trace, s.narration);
  await page.mouse.move(640, 790);  // off the toolbar: no tooltip in the picture
  await sleep(200);
  await page.screenshot({ path: path.join(artifacts, 'korean-toggled-english-1280x800.png') });
  await click(page, 'language');
  s = await st(page);
  t.check('and back to Korean: the same narration as before', s.language === 'ko' && s.narration === before.narration, s.narration);
  const bad = await page.evaluate(() => { try { window.loopscope.setLanguage('fr'); return 'no error'; } catch (e) { return e.message; } });
  t.check("setLanguage('fr') is refused with a clear error, the UI unchanged",
          bad.includes("'en' or 'ko'") && (await st(page)).language === 'ko', bad);

  // The choice survives a reload, whatever the browser's language says.
  await click(page, 'language');
  await page.reload({ waitUntil: 'load' });
  await waitFor(page, () => window.loopscope && window.loopscope.hasFirstFrame(), null, 30000, 'the reloaded page');
  s = await st(page);
  t.check('English chosen in a Korean browser survives a reload (localStorage)', s.language === 'en' &&
          (await page.evaluate(() => localStorage.getItem('loopscope.language'))) === 'en', s.language);
  await page.evaluate(() => window.loopscope.setLanguage('ko'));
  await page.reload({ waitUntil: 'load' });
  await waitFor(page, () => window.loopscope && window.loopscope.hasFirstFrame(), null, 30000, 'the reloaded page');
  s = await st(page);
  t.check("setLanguage('ko') is kept too", s.language === 'ko' && hangul(s.statusText), JSON.stringify([s.language, s.statusText]));
  const links = await page.evaluate(async () => {
    const ko = await window.loopscope.shareLink();
    window.loopscope.setLanguage('en');
    const en = await window.loopscope.shareLink();
    window.loopscope.setLanguage('ko');
    return { ko, en };
  });
  t.check('the language is not part of share links (the reader\'s choice)', links.ko === links.en, JSON.stringify(links));

  // Malformed share links with the UI in Korean: the notice is Korean and keeps what the user wrote (the bad
  // character and where it is, the unknown order); in English it is share.js's message word for word.
  const badLinks = await page.evaluate(async () => {
    const out = {};
    for (const lang of ['ko', 'en']) {
      window.loopscope.setLanguage(lang);
      for (const hash of ['#code=v1.ab!cd', '#example=timers_due_order&order=sideways', '#example=no_such_thing']) {
        const r = await window.loopscope.openLink(hash);
        const decoded = await window.loopscopeShare.decode(hash);
        out[`${lang} ${hash}`] = { message: r.message, notice: window.loopscope.state().notice, english: decoded.message };
      }
    }
    window.loopscope.setLanguage('ko');
    return out;
  });
  for (const [key, r] of Object.entries(badLinks)) {
    const [lang, hash] = key.split(' ');
    const kept = hash.includes('!') ? r.notice.includes("'!'") && r.notice.includes('3')
               : hash.includes('sideways') ? r.notice.includes('sideways') : r.notice.includes('no_such_thing');
    if (lang === 'ko') {
      t.check(`a malformed link in Korean (${hash}): a Korean notice with the user's text kept`,
              hangul(r.notice) && kept && r.message === r.notice, JSON.stringify(r));
    } else {
      t.check(`the same link in English (${hash}): the English message as before`,
              !hangul(r.notice) && kept && r.message === r.notice &&
              (hash === '#example=no_such_thing' || r.notice === r.english), JSON.stringify(r));
    }
  }
  const unknown = await page.evaluate(() => JSON.parse(Module.ccall('ls_input', 'string',
    ['string', 'number', 'number', 'string'], ['teleport', 0, 0, ''])).error);
  t.check('an unknown client action is refused in Korean, its name kept', hangul(unknown) && unknown.includes('teleport'), unknown);

  // The network panel and the handles table: Korean display fields beside the identifiers state() keeps.
  await page.evaluate(() => { window.loopscope.loadExample('echo_server'); window.loopscope.runInstant(); });
  await waitFor(page, () => window.loopscope.state().status === 'waiting', null, 10000, 'echo_server to wait');
  const notRunning = await page.evaluate(() => { try { window.loopscope.send(42, 'x'); return ''; } catch (e) { return e.message; } });
  t.check('a send to a client that does not exist is refused in Korean', hangul(notRunning) && notRunning.includes('42'), notRunning);
  await page.evaluate(() => window.loopscope.connect(7000));
  await sleep(300);
  s = await st(page);
  const listener = s.fds.find((f) => f.state === 'listening');
  t.check('the fd table: the state stays "listening", its stateText is Korean',
          listener && listener.stateText === 'listen 중', JSON.stringify(listener));
  const loopFd = s.fds.find((f) => f.owner === 'the loop');
  t.check('the fd table: the owner stays "the loop", its ownerText is Korean', loopFd && loopFd.ownerText === '루프', JSON.stringify(loopFd));
  t.check('the clients: state "connected", stateText Korean',
          s.clients.length === 1 && s.clients[0].state === 'connected' && s.clients[0].stateText === '연결됨', JSON.stringify(s.clients));
  t.check('the last poll report: lastReady unchanged, lastReadyText Korean',
          Array.isArray(s.lastReadyText) && s.lastReadyText.length === s.lastReady.length && s.lastReadyText.every(hangul),
          JSON.stringify([s.lastReady, s.lastReadyText]));
  t.check('the handles: stateText in Korean beside active/closing',
          s.handles.length > 0 && s.handles.every((h) => hangul(h.stateText)), JSON.stringify(s.handles.slice(0, 3)));
  await page.evaluate(() => window.loopscope.showPanel('fds'));
  await page.mouse.move(640, 790);
  await sleep(300);
  await page.screenshot({ path: path.join(artifacts, 'korean-network-1280x800.png') });
  await page.evaluate(() => window.loopscope.showPanel('handles'));
  await sleep(300);
  await page.screenshot({ path: path.join(artifacts, 'korean-handles-1280x800.png') });
  await page.close();

  // Screenshots: a paced run mid-way and the gallery, 1920x1080 and DPR 2.
  for (const [width, height, dpr] of [[1920, 1080, 1], [1280, 800, 2]]) {
    const p = await open(browser, 'ko-KR', { width, height, dpr });
    await p.evaluate(() => { window.loopscope.loadExample('echo_server'); window.loopscope.runInstant(); });
    await waitFor(p, () => window.loopscope.state().status === 'waiting', null, 10000, 'echo_server to wait');
    await p.evaluate(() => window.loopscope.connect(7000));
    await sleep(300);
    const fitHere = await toolbarFits(p, width);
    t.check(`the Korean toolbar fits ${width} px at DPR ${dpr}`, fitHere.ok, JSON.stringify(fitHere.r));
    await p.screenshot({ path: path.join(artifacts, `korean-${width}x${height}${dpr > 1 ? '@2x' : ''}.png`) });
    if (dpr === 1) {
      await p.evaluate(() => window.loopscope.showGallery(true));
      await sleep(300);
      await p.screenshot({ path: path.join(artifacts, `korean-gallery-${width}x${height}.png`) });
    }
    await p.close();
  }
} catch (e) {
  t.check('the Korean test ran to the end', false, e.stack || e.message);
} finally {
  await browser.close();
  server.close();
}
t.check('no uncaught page errors', errors.length === 0, errors.join('; '));
process.exit(t.finish());
