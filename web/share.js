// Share links: the codec between a snippet with its settings and the fragment of a link (docs/share-links.md).
//   #example=NAME[&order=legacy][&speed=2][&step=phase]        a gallery example by name
//   #code=v1.<base64url(deflate(UTF-8 JSON))>                    a snippet with its settings, compressed
// either of them followed by &run=1 (run on open) and/or &embed=1 (the compact page for an iframe).
// The JSON of v1 is {"code": "...", "order": "modern", "speed": 1, "step": "callback", "inputs": []}; readers
// ignore fields they do not know, so fields can be added within v1; a change that old readers would misread
// takes a new version. Compression is the browser's CompressionStream (zlib format: its checksum catches a
// damaged link), so the page bundles no codec of its own.
// decode() is total: whatever the fragment, it resolves to {ok: true, ...} or {ok: false, message, template, args},
// never throws: message is the English text, template and args what the page translates (window.loopscope.words).
// Plain script (no modules): the page and node (tests) both load it; it defines globalThis.loopscopeShare.
(function () {
  'use strict';

  const VERSION = 1;
  const LIMITS = {
    codeBytes: 64 * 1024,        // the largest snippet a link carries (UTF-8 bytes)
    fragmentChars: 256 * 1024,   // a longer fragment is refused before any decoding
    payloadBytes: 512 * 1024,    // decompression stops here: a link cannot unpack into more (a "bomb")
  };
  const ORDERS = ['modern', 'legacy'];
  const STEPS = ['callback', 'phase', 'iteration'];
  const DEFAULTS = { order: 'modern', speed: 1, step: 'callback' };

  // {0} {1} ... of an English template filled with args, in one pass (an arg's own braces stay as they are).
  const fill = (template, args) => template.replace(/\{(\d)\}/g, (m, n) => String(args[Number(n)] ?? ''));
  // Its message is the English text; template and args let the page say it in the UI's language, with the
  // user's text (a character, an order, a name) carried as it is.
  class LinkError extends Error {
    constructor(template, args = []) {
      super(fill(template, args));
      this.template = template;
      this.args = args.map(String);
    }
  }
  const fail = (template, ...args) => { throw new LinkError(template, args); };
  const kib = (n) => `${Math.round(n / 1024)} KiB`;

  async function pipe(bytes, stream) {
    const writer = stream.writable.getWriter();
    writer.write(bytes).catch(() => {});
    writer.close().catch(() => {});
    return stream.readable.getReader();
  }

  async function readAll(reader, cap) {
    const chunks = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > cap) {
        reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) { out.set(c, at); at += c.length; }
    return out;
  }

  async function deflate(bytes) {
    return readAll(await pipe(bytes, new CompressionStream('deflate')), Infinity);
  }

  async function inflate(bytes) {
    let out;
    try {
      out = await readAll(await pipe(bytes, new DecompressionStream('deflate')), LIMITS.payloadBytes);
    } catch (e) {
      fail('This share link is damaged or cut short: its code does not decompress. ' +
           'Copy the whole link again (it ends where the snippet does).');
    }
    if (out === null) fail('This share link is too large: it unpacks to more than {0}.', kib(LIMITS.payloadBytes));
    return out;
  }

  function toBase64url(bytes) {
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function fromBase64url(text) {
    const bad = text.search(/[^A-Za-z0-9_-]/);
    if (bad >= 0) {
      fail("This share link is damaged: its code has '{0}' at character {1}, which base64url does not use.",
           text[bad], bad + 1);
    }
    if (text.length % 4 === 1) fail('This share link is damaged or cut short: its code has a stray last character.');
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  // The settings of a link, checked: a value this page cannot honour is an error, not a silent default.
  function settingsFrom(get) {
    const s = { ...DEFAULTS };
    const order = get('order');
    if (order !== undefined) {
      if (!ORDERS.includes(order)) fail("This share link asks for the phase order '{0}'; it is modern or legacy.", order);
      s.order = order;
    }
    const speed = get('speed');
    if (speed !== undefined) {
      const x = typeof speed === 'number' ? speed : Number(speed);
      if (speed === '' || !Number.isFinite(x) || x < 0.1 || x > 16) {
        fail("This share link asks for the speed '{0}'; it is a number from 0.1 to 16.", speed);
      }
      s.speed = x;
    }
    const step = get('step');
    if (step !== undefined) {
      if (!STEPS.includes(step)) fail("This share link asks for the step kind '{0}'; it is {1}.", step, STEPS.join(', '));
      s.step = step;
    }
    return s;
  }

  function parseFragment(hash) {
    const params = new Map();
    for (const part of hash.replace(/^#/, '').split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      let value = eq < 0 ? '' : part.slice(eq + 1);
      try { value = decodeURIComponent(value); } catch (e) { fail("This link's '{0}' is not valid URL text.", key); }
      params.set(key, value);
    }
    return params;
  }

  async function decodeCode(value) {
    if (typeof DecompressionStream === 'undefined') {
      fail('This browser cannot unpack share links (it has no DecompressionStream); a current Firefox, Chrome ' +
           'or Safari can.');
    }
    const m = /^v(\d+)\.(.*)$/s.exec(value);
    if (!m) fail("This share link is damaged: its code does not start with a format version ('v1.').");
    const version = Number(m[1]);
    if (version !== VERSION) {
      if (version > VERSION) {
        fail('This share link uses format v{0}, which this Loopscope does not read (it reads v{1}). ' +
             'It was made by a newer Loopscope.', m[1], VERSION);
      }
      fail('This share link uses format v{0}, which this Loopscope does not read (it reads v{1}). ', m[1], VERSION);
    }
    const bytes = await inflate(fromBase64url(m[2]));
    let payload;
    try {
      payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (e) {
      fail('This share link is damaged: what it unpacks to is not the JSON of a snippet.');
    }
    if (!payload || typeof payload !== 'object' || Array.isArray(payload) || typeof payload.code !== 'string') {
      fail('This share link is damaged: what it unpacks to has no snippet in it.');
    }
    const size = new TextEncoder().encode(payload.code).length;
    if (size > LIMITS.codeBytes) fail("This share link's snippet is {0}; links carry at most {1}.", kib(size), kib(LIMITS.codeBytes));
    const inputs = payload.inputs === undefined ? [] : payload.inputs;
    if (!Array.isArray(inputs)) fail("This share link is damaged: its recorded inputs ('inputs') are not a list.");
    return { kind: 'code', code: payload.code, settings: settingsFrom((k) => payload[k]), inputs };
  }

  async function decodeUnchecked(hash) {
    if (hash.length > LIMITS.fragmentChars) {
      fail('This share link is too long ({0} characters; a link has at most {1}).', hash.length, LIMITS.fragmentChars);
    }
    const p = parseFragment(hash);
    const open = { run: p.get('run') === '1', embed: p.get('embed') === '1' };
    if (p.has('code') && p.has('example')) fail('This link names both an example and a snippet; it should name one.');
    if (p.has('code')) return { ok: true, ...open, ...(await decodeCode(p.get('code'))) };
    if (p.has('example')) {
      const name = p.get('example');
      if (!/^[A-Za-z0-9_]+$/.test(name)) fail("This link names the example '{0}', which is not an example name.", name);
      const get = (k) => (p.has(k) ? p.get(k) : undefined);
      return { ok: true, ...open, kind: 'example', name, settings: settingsFrom(get), inputs: [] };
    }
    fail("This link's fragment has neither #example=NAME nor #code=...; nothing to open.");
  }

  // hash -> {ok, kind: 'code'|'example'|'none', code | name, settings, inputs, run, embed} or {ok: false, message}.
  async function decode(hash) {
    hash = String(hash || '');
    if (hash === '' || hash === '#') return { ok: true, kind: 'none', run: false, embed: false };
    try {
      return await decodeUnchecked(hash);
    } catch (e) {
      const p = (() => { try { return parseFragment(hash.slice(0, 4096)); } catch (x) { return new Map(); } })();
      const err = e instanceof LinkError ? e : new LinkError('This share link could not be read ({0}).', [e.message]);
      return { ok: false, message: err.message, template: err.template, args: err.args, run: false,
               embed: p.get('embed') === '1' };
    }
  }

  const extras = (settings, open) => {
    const parts = [];
    for (const k of ['order', 'speed', 'step']) {
      if (settings && settings[k] !== DEFAULTS[k]) parts.push(`${k}=${settings[k]}`);
    }
    if (open.run) parts.push('run=1');
    if (open.embed) parts.push('embed=1');
    return parts;
  };

  // {code, settings, inputs} -> '#code=v1....'; {example, settings} -> '#example=NAME...'. Throws on a snippet
  // over the limit (the Share button says so).
  async function encode({ code, example, settings = {}, inputs = [], run = false, embed = false }) {
    const s = { ...DEFAULTS, ...settings };
    if (example) return '#' + [`example=${example}`, ...extras(s, { run, embed })].join('&');
    const size = new TextEncoder().encode(code).length;
    if (size > LIMITS.codeBytes) {
      throw new LinkError('the snippet is {0}; a link carries at most {1}', [kib(size), kib(LIMITS.codeBytes)]);
    }
    const json = JSON.stringify({ code, order: s.order, speed: s.speed, step: s.step, inputs });
    const packed = toBase64url(await deflate(new TextEncoder().encode(json)));
    return '#' + [`code=v${VERSION}.${packed}`, ...extras(null, { run, embed })].join('&');
  }

  globalThis.loopscopeShare = { decode, encode, VERSION, LIMITS, DEFAULTS, toBase64url, deflate };
})();
