// Input methods (Hangul, Japanese, ...) for the editor. SDL2's Emscripten port reads keys, not composition
// events (libsdl-org/SDL#7348), so while the editor wants text a hidden text element near its caret holds the
// focus: the input method composes there (the element shows the text being composed) and the committed text
// goes to the editor. Plain keys still reach SDL as before: it handles keypress and cancels its default, so
// the element never receives them and nothing is typed twice.
(function () {
  'use strict';
  const el = document.getElementById('ime');
  if (!el || !window.loopscope) return;
  let wanted = false;
  let composing = false;
  let committed = null;  // the text compositionend just sent: an input event repeating it is not sent again

  const send = (text) => { if (text) Module.ccall('ls_text_input', null, ['string'], [text]); };
  el.addEventListener('compositionstart', () => { composing = true; el.classList.add('composing'); });
  el.addEventListener('compositionend', (e) => {
    composing = false;
    el.classList.remove('composing');
    send(e.data);
    committed = e.data;
    el.value = '';
  });
  el.addEventListener('input', (e) => {
    if (composing || e.isComposing) return;  // the text being composed: sent when it is committed
    if (e.inputType === 'insertText' && e.data && e.data !== committed) send(e.data);
    committed = null;
    el.value = '';
  });

  function sync() {
    if (wanted && document.activeElement !== el) el.focus({ preventScroll: true });
    else if (!wanted && document.activeElement === el) el.blur();
  }
  (function frame() { sync(); requestAnimationFrame(frame); })();

  window.loopscopeIme = {
    want(on) { wanted = on; if (!on) { composing = false; el.classList.remove('composing'); el.value = ''; } sync(); },
    caret(x, y) { el.style.left = `${x}px`; el.style.top = `${y}px`; },
    focused: () => document.activeElement === el,
  };
})();
