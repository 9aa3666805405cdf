// The page around the canvas: checks for WebGL2, loads the wasm app, and offers `window.loopscope`, the API the
// browser tests (and curious users in the console) drive the playground with.
(function () {
  'use strict';

  function showMessage(text) {
    const box = document.getElementById('message');
    box.textContent = text;
    box.hidden = false;
    document.getElementById('canvas').hidden = true;
  }
  window.loopscopeFatal = showMessage;

  function hasWebGL2() {
    try { return !!document.createElement('canvas').getContext('webgl2'); } catch (e) { return false; }
  }
  if (!hasWebGL2()) {
    showMessage('Loopscope needs WebGL2, which this browser does not offer (or has turned off). ' +
                'Try a current Firefox, Chrome or Safari with hardware acceleration enabled.');
    return;
  }

  // The UI's language: the reader's last choice (localStorage), else the browser's (ko* -> Korean). Not part of
  // share links: it is the reader's, not the snippet's. A Korean page fetches its Hangul font while the wasm loads.
  const LANGUAGE_STORE = 'loopscope.language';
  function initialLanguage() {
    let stored = null;
    try { stored = localStorage.getItem(LANGUAGE_STORE); } catch (e) { stored = null; }
    if (stored === 'ko' || stored === 'en') return stored;
    const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
    return String(langs[0] || '').toLowerCase().startsWith('ko') ? 'ko' : 'en';
  }
  const startLanguage = initialLanguage();
  document.documentElement.lang = startLanguage;
  const fetchFontFile = () => fetch('fonts/hangul.ttf').then((r) => {
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    return r.arrayBuffer();
  });
  let fontFile = startLanguage === 'ko' ? fetchFontFile() : null;
  fontFile && fontFile.catch(() => {});  // a failure is reported when the app asks for the font
  window.loopscopeInitialLanguage = () => startLanguage;
  window.loopscopeLanguageChosen = (lang) => {
    document.documentElement.lang = lang;
    try { localStorage.setItem(LANGUAGE_STORE, lang); } catch (e) { /* storage off: the choice lasts this page */ }
  };

  let resolveReady;
  const ready = new Promise((resolve) => { resolveReady = resolve; });
  let firstFrame = false;
  window.addEventListener('loopscope-first-frame', () => { firstFrame = true; });
  let appReady = false;
  window.addEventListener('loopscope-ready', () => { appReady = true; resolveReady(); });

  const call = (name, ret, types, args) => Module.ccall(name, ret, types, args);
  const KINDS = ['callback', 'phase', 'iteration'];
  function input(action, client, value, text) {
    const id = Number(client);
    if (!Number.isInteger(id) || id < 0) throw new Error(`${action}: the client id is a whole number`);
    const r = JSON.parse(call('ls_input', 'string', ['string', 'number', 'number', 'string'],
                              [action, id, Number(value), text]));
    if (r.error) throw new Error(r.error);
    return r;
  }
  const timelineView = (op, a, b) => call('ls_timeline', 'number', ['string', 'number', 'number'], [op, a, b]);
  window.loopscope = {
    ready,                                   // resolves once the app is up
    hasFirstFrame: () => firstFrame,
    frames: () => call('ls_frames', 'number', [], []),
    frameStats: () => JSON.parse(call('ls_frame_stats', 'string', [], [])),  // cost of frames since the last call
    load(code) { call('ls_load', null, ['string'], [String(code)]); },
    loadExample(name) { return call('ls_load_example', 'number', ['string'], [String(name)]) === 1; },
    examples() { return JSON.parse(call('ls_examples', 'string', [], [])); },
    code() { return call('ls_code', 'string', [], []); },
    run() { call('ls_run', null, [], []); },
    runInstant() { call('ls_run_instant', null, [], []); },
    pause() { call('ls_pause', null, [], []); },
    stop() { call('ls_stop', null, [], []); },
    reset() { call('ls_reset', null, [], []); },
    step(kind = 'callback') {
      if (!KINDS.includes(kind)) throw new Error(`step(kind): kind is one of ${KINDS.join(', ')}`);
      return JSON.parse(call('ls_step', 'string', ['string'], [kind]));
    },
    // A share link's recorded inputs (state().inputs of the session shared): the next run applies them again.
    setRecordedInputs(list) {
      return call('ls_set_recorded_inputs', 'number', ['string'], [JSON.stringify(list)]) === 1;
    },
    // One step back (of the kind last used), by replaying the run from its start; returns state().
    back() { return JSON.parse(call('ls_back', 'string', [], [])); },
    // To an earlier step: 0 (the start) ... state().positions - 1.
    rewind(position) {
      if (call('ls_rewind', 'number', ['number'], [Number(position)]) !== 1)
        throw new Error('rewind(position): position is 0 ... state().positions - 1');
    },
    setSpeed(x) { call('ls_set_speed', null, ['number'], [Number(x)]); },
    setOrder(order) {
      if (call('ls_set_order', 'number', ['string'], [String(order)]) !== 1)
        throw new Error("setOrder(order): order is 'modern' or 'legacy'");
    },
    trace(format = 'jsonl') {
      if (format !== 'jsonl' && format !== 'chrome') throw new Error("trace(format): 'jsonl' or 'chrome'");
      return call('ls_trace', 'string', ['string'], [format]);
    },
    state() { return JSON.parse(call('ls_state', 'string', [], [])); },
    // The network client: a remote host's connection to a port the snippet listens on (returns its id), and what
    // it does. They work while the run is running, waiting or paused; a refused call throws with the reason.
    connect(port) { return input('connect', 0, Number(port), '').client; },
    send(id, text) { input('send', id, 0, String(text)); },
    shutdown(id) { input('shutdown', id, 0, ''); },
    closeClient(id) { input('close', id, 0, ''); },
    setReading(id, on) { input('reading', id, on ? 1 : 0, ''); },
    // Faults: {kind: 'latency', ms, client?}, {kind: 'reset', client}, {kind: 'refuse', port?, on},
    // {kind: 'fdlimit', n}, {kind: 'sndbuf', client, bytes}.
    fault(spec) {
      const r = JSON.parse(call('ls_fault', 'string', ['string'], [JSON.stringify(spec)]));
      if (r.error) throw new Error(r.error);
    },
    status() { return call('ls_status', 'string', [], []); },  // state().status alone: cheap with any run
    // Brings a tabbed panel to the front: 'console', 'handles', ... (state().panels says which are shown).
    showPanel(name) {
      if (call('ls_show_panel', 'number', ['string'], [String(name)]) !== 1)
        throw new Error(`showPanel(name): no panel named '${name}'`);
    },
    // Share links, settings and the page's notices (web/links.js adds shareLink() and openLink()).
    settings: () => JSON.parse(call('ls_settings', 'string', [], [])),  // {order, speed, step, example, embed, gallery}
    // The UI's language, 'en' or 'ko' (state().language says which; the choice is kept in localStorage).
    setLanguage(lang) {
      if (call('ls_set_language', 'number', ['string'], [String(lang)]) !== 1)
        throw new Error("setLanguage(lang): lang is 'en' or 'ko'");
    },
    // The UI's words for an English text of the catalog (ui/model/words.cpp), {0} {1} ... filled with args.
    words(en, ...args) {
      return call('ls_words', 'string', ['string', 'string'], [String(en), JSON.stringify(args.map(String))]);
    },
    setStepKind(kind) {
      if (!KINDS.includes(kind)) throw new Error(`setStepKind(kind): kind is one of ${KINDS.join(', ')}`);
      call('ls_set_step_kind', null, ['string'], [kind]);
    },
    setNotice(text) { call('ls_set_notice', null, ['string'], [String(text)]); },
    setEmbed(on) { call('ls_set_embed', null, ['number'], [on ? 1 : 0]); },
    showGallery(on = true) { call('ls_show_gallery', null, ['number'], [on ? 1 : 0]); },
    exampleCode(name) { return call('ls_example_code', 'string', ['string'], [String(name)]); },
    // The Hangul font: {requested, loaded, failed, glyphs, builds, lastBuildMs}; fontHas(cp): drawn, not "?".
    fontStatus: () => JSON.parse(call('ls_font_status', 'string', [], [])),
    fontHas: (cp) => call('ls_font_has', 'number', ['number'], [cp]) === 1,
    buttonRect: (name) => JSON.parse(call('ls_button_rect', 'string', ['string'], [String(name)])),  // for clicks
    // The timeline's view (state().timeline.view says what is shown): the whole run (and follow it), zoom by
    // a factor at a place (0..1 of the width), pan by virtual ms, show a range of virtual ms, fold it away.
    timelineFit() { timelineView('fit', 0, 0); },
    timelineZoom(factor, at = 0.5) { timelineView('zoom', Number(factor), Number(at)); },
    timelinePan(ms) { timelineView('pan', Number(ms), 0); },
    timelineShow(fromMs, toMs) {
      if (!(Number(toMs) > Number(fromMs))) throw new Error('timelineShow(fromMs, toMs): toMs must be after fromMs');
      timelineView('show', Number(fromMs), Number(toMs));
    },
    timelineCollapse(on = true) { timelineView('collapse', on ? 1 : 0, 0); },
    timelineHeight(px) { timelineView('height', Number(px), 0); },
    // Runs two gallery examples one after the other and aligns their loop-level traces (the Compare panel
    // shows the same): {a, b, summary, same, differing, onlyA, onlyB, rows: [{a, b, same, callbacks}]}.
    compare(nameA, nameB) {
      const r = JSON.parse(call('ls_compare', 'string', ['string', 'string'], [String(nameA), String(nameB)]));
      if (r.error) throw new Error(`compare(nameA, nameB): ${r.error}`);
      return r;
    },
  };

  // The font for text outside Latin-1, fetched the first time the shown text needs it (wasm/main.cpp asks).
  window.loopscopeFetchFont = () => {
    const file = fontFile || fetchFontFile();
    fontFile = null;  // a second request (after a failure) fetches again
    file.then((buf) => {
      const bytes = new Uint8Array(buf);
      const at = Module._malloc(bytes.length);
      Module.HEAPU8.set(bytes, at);
      call('ls_font_data', null, ['number', 'number'], [at, bytes.length]);
    }).catch((e) => {
      call('ls_font_data', null, ['number', 'number'], [0, 0]);
      // In English whatever the UI's language: without the font, Korean words would show as "?" too.
      window.loopscope.setNotice(`The Hangul font (fonts/hangul.ttf) could not be loaded (${e.message}): ` +
                                 'text outside Latin-1 shows as "?".');
    });
  };

  // Keyboard shortcuts: keys Chromium and Firefox hand to the page and let it cancel (no F-keys, no Alt+letter
  // that opens a browser menu). They drive the same actions as the toolbar's buttons.
  const SHORTCUTS = [
    { key: 'Enter', ctrl: true, shift: false, run: () => {
      const s = window.loopscope.state();
      (s.running && s.mode !== 'paused') ? window.loopscope.pause() : window.loopscope.run();
    } },
    { key: 'Enter', ctrl: true, shift: true, run: () => window.loopscope.runInstant() },
    { code: 'KeyC', alt: true, run: () => window.loopscope.step('callback') },
    { code: 'KeyP', alt: true, run: () => window.loopscope.step('phase') },
    { code: 'KeyI', alt: true, run: () => window.loopscope.step('iteration') },
    { code: 'KeyR', alt: true, run: () => window.loopscope.reset() },
    { code: 'KeyB', alt: true, run: () => window.loopscope.back() },
  ];
  window.addEventListener('keydown', (e) => {
    if (!appReady) return;
    for (const s of SHORTCUTS) {
      const keyOk = s.key ? e.key === s.key : e.code === s.code;
      if (!keyOk || !!s.ctrl !== (e.ctrlKey || e.metaKey) || !!s.alt !== e.altKey) continue;
      if (s.shift !== undefined && s.shift !== e.shiftKey) continue;
      e.preventDefault();
      e.stopImmediatePropagation();  // the canvas (SDL) must not also see it
      s.run();
      return;
    }
  }, true);

  window.Module = {
    canvas: document.getElementById('canvas'),
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    onAbort: (what) => showMessage('Loopscope stopped with an internal error: ' + what),
  };
  const script = document.createElement('script');
  script.src = 'index.js';
  script.onerror = () => showMessage('index.js could not be loaded: build the playground with "make web".');
  document.body.appendChild(script);
})();
