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
  window.addEventListener('loopscope-ready', () => resolveReady());

  window.loopscope = {
    ready,                                   // resolves once the app is up
    hasFirstFrame: () => firstFrame,
    load(code) { Module.ccall('ls_load', null, ['string'], [String(code)]); },
    loadExample(name) { return Module.ccall('ls_load_example', 'number', ['string'], [String(name)]) === 1; },
    examples() { return JSON.parse(Module.ccall('ls_examples', 'string', [], [])); },
    run() { Module.ccall('ls_run', null, [], []); },
    stop() { Module.ccall('ls_stop', null, [], []); },
    code() { return Module.ccall('ls_code', 'string', [], []); },
    state() { return JSON.parse(Module.ccall('ls_state', 'string', [], [])); },
  };

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
