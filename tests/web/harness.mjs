// Shared by the browser tests: a static server for build/web on 127.0.0.1, Debian chromium through
// puppeteer-core, and a tiny check/report helper whose closing line is "N passed, N failed".
import http from 'node:http';
import zlib from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm',
                '.css': 'text/css', '.txt': 'text/plain; charset=utf-8', '.png': 'image/png' };

export function serve(root) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const file = path.join(root, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ''));
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404); res.end('not found'); return; }
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// The browser's language is pinned (English unless a test asks for another): the UI follows navigator.language,
// and the tests compare English text unless they test Korean.
export async function launch(extraArgs = [], { lang = 'en-US' } = {}) {
  return puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-gpu-sandbox',
           '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
           `--lang=${lang}`, ...extraArgs],
    env: { ...process.env, LANG: `${lang.replace('-', '_')}.UTF-8`, LANGUAGE: lang.replace('-', '_') },
  });
}

export function checker() {
  let passed = 0, failed = 0;
  return {
    check(name, ok, detail = '') {
      if (ok) { passed++; console.log(`ok   ${name}`); }
      else { failed++; console.log(`FAIL ${name}${detail ? ': ' + detail : ''}`); }
    },
    finish() {
      console.log(`${passed} passed, ${failed} failed`);
      return failed === 0 ? 0 : 1;
    },
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const figure = (what, value) => console.log(`figure ${what}: ${value}`);  // printed, never asserted

export async function waitFor(page, fn, arg, timeoutMs, what) {
  try {
    return await page.waitForFunction(fn, { timeout: timeoutMs, polling: 50 }, arg);
  } catch (e) {
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
  }
}

// The page's size: index.wasm + index.js, raw and gzip -9 (bytes).
export function pageSize(webDir) {
  const files = ['index.js', 'index.wasm'].map((f) => fs.readFileSync(path.join(webDir, f)));
  return { raw: files.reduce((n, b) => n + b.length, 0),
           gzip: files.reduce((n, b) => n + zlib.gzipSync(b, { level: 9 }).length, 0) };
}
