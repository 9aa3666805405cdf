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
    // Brings a tabbed panel to the front: 'console', 'handles', ... (state().panels says which are shown).
    showPanel(name) {
      if (call('ls_show_panel', 'number', ['string'], [String(name)]) !== 1)
        throw new Error(`showPanel(name): no panel named '${name}'`);
    },
    // Runs two gallery examples one after the other and aligns their loop-level traces (the Compare panel
    // shows the same): {a, b, summary, same, differing, onlyA, onlyB, rows: [{a, b, same, callbacks}]}.
    compare(nameA, nameB) {
      const r = JSON.parse(call('ls_compare', 'string', ['string', 'string'], [String(nameA), String(nameB)]));
      if (r.error) throw new Error(`compare(nameA, nameB): ${r.error}`);
      return r;
    },
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
