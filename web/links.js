// The page's side of share links (the codec is web/share.js): open the link the page was opened with (or a
// new one pasted into the address bar), the Share button, embed mode's link to the full playground, and the
// last snippet with its settings in localStorage, restored when the page is opened without a link.
// A link that cannot be opened leaves an empty editor, says why (the toolbar and state().notice) and does not
// touch the stored snippet: the store is written only when the user changes the snippet or its settings.
(function () {
  'use strict';
  const ls = window.loopscope;
  if (!ls) return;  // no WebGL2: the page said so already
  const share = window.loopscopeShare;
  const STORE = 'loopscope.last.v1';

  function snapshot() {
    const s = ls.settings();
    return JSON.stringify({ code: ls.code(), example: s.example, order: s.order, speed: s.speed, step: s.step });
  }
  let opened = null;     // what the page showed after opening: the store is written only once this changes
  let lastShown = null;  // for embed mode's link: recomputed when the snippet or settings change

  function storeIfChanged() {
    const now = snapshot();
    if (opened === null || now === opened) return;
    opened = now;
    try { localStorage.setItem(STORE, now); } catch (e) { /* storage off or full: nothing to keep */ }
  }

  function applySettings(s) {
    ls.setOrder(s.order);
    ls.setSpeed(s.speed);
    ls.setStepKind(s.step);
  }

  function restore() {
    let saved = null;
    try { saved = JSON.parse(localStorage.getItem(STORE) || 'null'); } catch (e) { saved = null; }
    if (!saved || typeof saved.code !== 'string') return false;
    const isExample = saved.example && ls.exampleCode(saved.example) === saved.code;
    if (!(isExample && ls.loadExample(saved.example))) ls.load(saved.code);
    try {
      applySettings({ order: saved.order === 'legacy' ? 'legacy' : 'modern',
                      speed: Number(saved.speed) || 1, step: saved.step || 'callback' });
    } catch (e) { /* a stored setting this page does not know: keep the defaults */ }
    return true;
  }

  function refuse(message) {
    ls.load('');
    ls.setNotice(message);
  }

  // A share.js error in the UI's language: its English template through the catalog, the user's text (its
  // args) kept; English is exactly share.js's message.
  const said = (r) => (r.template ? ls.words(r.template, ...(r.args || [])) : r.message);

  // Opens a link's fragment; resolves to what share.decode() made of it (ok false: the message shown).
  async function openLink(hash) {
    let r = await share.decode(hash);
    if (r.kind === 'none') return r;
    ls.setEmbed(r.embed);
    if (!r.ok) {
      r = { ...r, message: said(r) };  // the message shown is the one returned (state().notice === message)
      refuse(r.message);
    } else if (r.kind === 'example' && !ls.loadExample(r.name)) {
      r = { ok: false, embed: r.embed, run: false, kind: r.kind,
            message: ls.words('This link names the example \'{0}\', which the gallery does not have (it has {1}: see Gallery).',
                              r.name, ls.examples().length) };
      refuse(r.message);
    } else {
      if (r.kind === 'code') ls.load(r.code);
      applySettings(r.settings);
      // Recorded inputs (Playground II: client lines, faults) belong to the format already; this page does not
      // replay them yet, and says so rather than showing a different session.
      if (r.inputs.length && typeof ls.setRecordedInputs === 'function') ls.setRecordedInputs(r.inputs);
      else if (r.inputs.length) ls.setNotice(ls.words('This link has {0} recorded inputs, which this page does not replay yet.', r.inputs.length));
      else if (r.kind === 'code') ls.setNotice(r.run ? ls.words('Opened a shared snippet.') : ls.words('Opened a shared snippet: Run (Ctrl+Enter) to start it.'));
      if (r.run) ls.run();
    }
    opened = snapshot();
    updateFullLink();
    return r;
  }

  async function shareLink({ run = false, embed = false } = {}) {
    const s = ls.settings();
    const code = ls.code();
    // A session with a client and faults travels with its recorded inputs, which only #code= links carry.
    const inputs = (ls.state().inputs || []);
    const example = !inputs.length && s.example && ls.exampleCode(s.example) === code ? s.example : '';
    const hash = await share.encode({ code, example, settings: s, inputs, run, embed });
    return location.origin + location.pathname + hash;
  }

  async function shareButton() {
    let link;
    try {
      link = await shareLink();
    } catch (e) {
      ls.setNotice(ls.words('Cannot share: {0}.', said(e)));
      return;
    }
    history.replaceState(null, '', link);  // the address bar has it too, so a reload opens the same thing
    try {
      await navigator.clipboard.writeText(link);
      ls.setNotice(ls.words('Link copied to the clipboard ({0} characters).', link.length));
    } catch (e) {
      ls.setNotice(ls.words('The browser did not let the page copy; the link ({0} characters) is in the address bar.', link.length));
    }
  }

  // Embed mode: an HTML link to the full playground with the snippet as it is now.
  async function updateFullLink() {
    const a = document.getElementById('full-link');
    a.hidden = !ls.settings().embed;
    if (a.hidden) return;
    try { a.href = await shareLink(); } catch (e) { a.href = location.origin + location.pathname; }
  }

  function tick() {
    storeIfChanged();
    const now = snapshot();
    if (now !== lastShown) { lastShown = now; updateFullLink(); }
  }

  let resolveOpened;
  ls.opened = new Promise((resolve) => { resolveOpened = resolve; });  // resolves once the start link is open
  ls.shareLink = shareLink;
  ls.openLink = openLink;
  window.loopscopeShareButton = shareButton;

  ls.ready.then(async () => {
    // Embed mode before the first frame, so an iframe never flashes the full layout.
    if (/(^|[#&])embed=1(&|$)/.test(location.hash)) ls.setEmbed(true);
    let r = await openLink(location.hash);
    if (r.kind === 'none') {
      restore();
      opened = snapshot();
    }
    window.addEventListener('hashchange', () => openLink(location.hash));
    window.addEventListener('pagehide', storeIfChanged);
    setInterval(tick, 500);
    resolveOpened(r);
  });
})();
