/**
 * The planet-saver library (functions.md §12) in headless Chromium against a real `slimfaas local up`:
 * a page served from another origin (CORS) loads the built ES module, or a React bundle of ./react.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { LocalUp, REPO, recorderFunction } from '../helpers/local-up.js';
import { Collector } from '../helpers/collector.js';
import { waitFor } from '../helpers/wait.js';
import { browserAvailable, openBrowser, type OpenBrowser } from '../helpers/browser.js';

const PACKAGE = join(REPO, 'packages', 'planet-saver');
const DIST = join(PACKAGE, 'dist');
const FUNCTIONS = ['ready', 'blocking', 'lazy', 'background', 'untouched', 'reactfn'];
const STARTING = '🌳 Starting the environment.... 🌳';
const NO_ACTIVITY = 'Waiting activity to start environment...';
const ERROR = 'An error occurred while starting the environment.';
const SECONDARY = 'Startup should be fast, but if no machines are available it can take several minutes.';
const ERROR_SECONDARY = 'If the error persists, please contact an administrator.';
const REACT_ERROR = 'An error occurred when starting environment. Please contact an administrator.';

interface OverlayState {
  id: string;
  className: string;
  main: string;
  secondary: string;
  icon: string;
}
interface PageLog {
  updates: { id: number; data: { Name: string; NumberReady: number }[] }[];
  errors: { id: number; message: string }[];
  calls: { id: number; url: string; method: string }[];
  overlays: OverlayState[][];
}

/** The test page: loads the built module and offers `startSaver(baseUrl, options, startDelayMs)`, recording callbacks, fetches and every overlay state. */
const INDEX_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>planet-saver</title></head>
<body><main id="app">the application</main>
<script type="module">
import { SlimFaasPlanetSaver } from '/dist/index.js';
const log = (window.log = { updates: [], errors: [], calls: [], overlays: [[]] });
window.savers = {};
const text = (el, selector) => el.querySelector(selector)?.innerHTML ?? null;
const snapshot = () => {
  const state = [...document.querySelectorAll('.slimfaas-environment-overlay')].map((el) => ({
    id: el.id,
    className: el.className,
    main: text(el, '.slimfaas-environment-overlay__main-message'),
    secondary: el.querySelector('.slimfaas-environment-overlay__secondary-message')?.textContent ?? null,
    icon: el.querySelector('.slimfaas-environment-overlay__icon')?.textContent ?? null,
  }));
  if (JSON.stringify(state) !== JSON.stringify(log.overlays[log.overlays.length - 1])) log.overlays.push(state);
};
new MutationObserver(snapshot).observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
window.startSaver = (baseUrl, options, startDelayMs = 0) => {
  let id = 0;
  const saver = new SlimFaasPlanetSaver(baseUrl, {
    ...options,
    updateCallback: (data) => log.updates.push({ id, data }),
    errorCallback: (message) => log.errors.push({ id, message }),
    fetch: (input, init) => {
      log.calls.push({ id, url: String(input), method: init?.method ?? 'GET' });
      return fetch(input, init);
    },
  });
  id = saver.id;
  window.savers[id] = saver;
  saver.initialize();
  if (startDelayMs > 0) setTimeout(() => saver.startPolling(), startDelayMs);
  else saver.startPolling();
  return id;
};
window.pageReady = true;
</script></body></html>`;

const REACT_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>planet-saver react</title></head>
<body><div id="root"></div><script type="module" src="/react-bundle.js"></script></body></html>`;

/** Entry of the React bundle: `<PlanetSaver baseUrl behavior>` around one child, configured by the query string. */
const REACT_ENTRY = `
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { PlanetSaver } from './dist/react.js';
const query = new URLSearchParams(location.search);
createRoot(document.getElementById('root')).render(
  createElement(PlanetSaver, { baseUrl: query.get('baseUrl'), behavior: JSON.parse(query.get('behavior') || '{}') },
    createElement('p', { id: 'react-child' }, 'children rendered')),
);
window.pageReady = true;
`;

/** Every function `None` except the given overrides (a missing name is `WakeUp+BlockUI`). */
function behaviors(overrides: Record<string, string | undefined>): Record<string, string> {
  const map: Record<string, string> = {};
  for (const name of FUNCTIONS) map[name] = 'None';
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete map[name];
    else map[name] = value;
  }
  return map;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

const readLog = (page: Page) => page.evaluate('window.log') as Promise<PageLog>;
const startSaver = (page: Page, baseUrl: string, options: object, startDelayMs = 0) =>
  page.evaluate(`window.startSaver(${JSON.stringify(baseUrl)}, ${JSON.stringify(options)}, ${startDelayMs})`) as Promise<number>;
const wakeCalls = (log: PageLog, name?: string) =>
  log.calls.filter((c) => c.method === 'POST' && (name === undefined ? c.url.includes('/wake-function/') : c.url.endsWith(`/wake-function/${name}`)));
/** Waits until `check(log)` holds, polling the page's log. */
async function waitLog(page: Page, check: (log: PageLog) => boolean, what: string, timeoutMs = 30_000): Promise<PageLog> {
  let last: PageLog | undefined;
  await waitFor(async () => check((last = await readLog(page))), timeoutMs, what, 50);
  return last!;
}
const overlayText = (page: Page, id: number, part: string) =>
  page.evaluate(`document.querySelector('#slimfaas-environment-overlay-${id} .slimfaas-environment-overlay__${part}')?.textContent ?? null`) as Promise<string | null>;
const computed = (page: Page, selector: string, props: string[]) =>
  page.evaluate(`(() => { const s = getComputedStyle(document.querySelector(${JSON.stringify(selector)})); return Object.fromEntries(${JSON.stringify(props)}.map((p) => [p, s.getPropertyValue(p)])); })()`) as Promise<Record<string, string>>;

describe('planet-saver in Chromium against a real SlimFaas (functions.md §12)', { skip: browserAvailable() ? false : 'chromium is not installed' }, () => {
  let up: LocalUp;
  let collector: Collector;
  let pages: http.Server;
  let origin = '';
  let browser: OpenBrowser;
  let reactBundle = '';

  before(async () => {
    const bundled = await build({
      stdin: { contents: REACT_ENTRY, resolveDir: PACKAGE, loader: 'js', sourcefile: 'react-entry.js' },
      bundle: true,
      format: 'esm',
      write: false,
      minify: false,
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    reactBundle = bundled.outputFiles[0].text;

    pages = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (status: number, type: string, body: string | Buffer) => {
        res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(body);
      };
      if (url.pathname === '/') return send(200, 'text/html; charset=utf-8', INDEX_HTML);
      if (url.pathname === '/react.html') return send(200, 'text/html; charset=utf-8', REACT_HTML);
      if (url.pathname === '/react-bundle.js') return send(200, 'text/javascript; charset=utf-8', reactBundle);
      if (url.pathname.startsWith('/http500/')) return send(500, 'text/plain', 'broken');
      if (url.pathname.startsWith('/dist/') && url.pathname.endsWith('.js')) {
        const file = normalize(join(DIST, url.pathname.slice('/dist/'.length)));
        if (!file.startsWith(DIST)) return send(404, 'text/plain', '');
        readFile(file).then(
          (body) => send(200, 'text/javascript; charset=utf-8', body),
          () => send(404, 'text/plain', ''),
        );
        return;
      }
      send(404, 'text/plain', '');
    });
    await new Promise<void>((r) => pages.listen(0, '127.0.0.1', () => r()));
    origin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;

    collector = await new Collector().start();
    const recordUrl = collector.url;
    up = await LocalUp.start(
      () =>
        'functions:\n' +
        recorderFunction('ready', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '1' } }) +
        // Not ready during its first 1.5 s, so the waiting overlay stays long enough to inspect.
        recorderFunction('blocking', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '0' }, env: { READY_AFTER_MS: '1500' } }) +
        ['lazy', 'background', 'untouched', 'reactfn'].map((name) => recorderFunction(name, { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '0' } })).join(''),
      undefined,
      { SlimFaas__CorsAllowOrigin: origin },
    );
    await up.waitReady('ready', 1);
    browser = await openBrowser();
  });

  after(async () => {
    await browser?.close();
    const code = await up?.stop();
    const left = up?.alivePids() ?? [];
    await up?.dispose();
    await collector?.close();
    await new Promise((r) => pages?.close(r));
    assert.equal(code, 0);
    assert.deepEqual(left, [], 'no replica left behind');
  });

  it('lets the page origin call SlimFaas (SlimFaas__CorsAllowOrigin) and starts with the functions at zero', async () => {
    const res = await fetch(`${up.url}/status-functions`, { headers: { Origin: origin } });
    assert.equal(res.headers.get('access-control-allow-origin'), origin);
    const data = (await res.json()) as { Name: string; NumberReady: number }[];
    for (const name of FUNCTIONS.filter((n) => n !== 'ready')) {
      assert.equal(data.find((d) => d.Name === name)?.NumberReady, 0, `${name} at zero`);
    }
  });

  it('overlays the page while a blocking function is at zero, wakes it, and removes the overlay once it is ready', async () => {
    const { page, context, errors } = await browser.page();
    try {
      await page.goto(`${origin}/`);
      await page.waitForFunction('window.pageReady === true');
      await page.mouse.move(10, 10);
      const id = await startSaver(page, `${up.url}/`, { interval: 200, behavior: behaviors({ blocking: undefined, ready: undefined }) });
      assert.equal(id, 1, 'the first instance of the page');
      await page.mouse.move(40, 60, { steps: 3 });

      await page.waitForSelector('#slimfaas-environment-overlay-1.slimfaas-environment-overlay--waiting');
      assert.equal(await overlayText(page, 1, 'main-message'), STARTING);
      assert.equal(await overlayText(page, 1, 'secondary-message'), SECONDARY);
      assert.equal(await overlayText(page, 1, 'icon'), '🌍');
      const waiting = await computed(page, '#slimfaas-environment-overlay-1', ['color']);
      assert.equal(waiting.color, 'rgb(255, 255, 255)');
      const icon = await computed(page, '#slimfaas-environment-overlay-1 .slimfaas-environment-overlay__icon', ['animation-name']);
      assert.equal(icon['animation-name'], 'slimfaas-environment-overlay__icon-spin');

      let log = await waitLog(page, (l) => wakeCalls(l, 'blocking').length > 0, 'a wake-function call for blocking');
      assert.ok(log.calls.every((c) => !c.url.includes('//status') && !c.url.includes('//wake')), 'the trailing / of the base URL is removed');
      assert.ok(log.calls.some((c) => c.method === 'GET' && c.url === `${up.url}/status-functions`));
      await up.waitReady('blocking', 1);
      await page.waitForSelector('.slimfaas-environment-overlay', { state: 'detached' });

      log = await readLog(page);
      const last = log.updates[log.updates.length - 1];
      assert.equal(last.id, 1);
      assert.deepEqual(last.data.map((d) => d.Name).sort(), [...FUNCTIONS].sort(), 'updateCallback gets every function');
      assert.ok(last.data.find((d) => d.Name === 'blocking')!.NumberReady >= 1);
      assert.ok(log.updates.some((u) => u.data.find((d) => d.Name === 'blocking')!.NumberReady === 0), 'an update while it was at zero');
      const shown = log.overlays.flat();
      assert.ok(shown.length > 0 && shown.every((o) => o.id === 'slimfaas-environment-overlay-1'));
      assert.ok(shown.some((o) => o.className === 'slimfaas-environment-overlay slimfaas-environment-overlay--waiting' && o.main === STARTING));
      assert.deepEqual(log.overlays[log.overlays.length - 1], [], 'overlay removed at the end');
      assert.deepEqual(wakeCalls(log).map((c) => c.url), wakeCalls(log, 'blocking').map((c) => c.url), 'only blocking is woken (ready is up, the rest is None)');
      assert.deepEqual(log.errors, []);
      assert.equal(await page.evaluate(`document.querySelectorAll('style').length`), 1, 'one injected style element');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('shows the no-activity message and wakes nothing until the mouse moves', async () => {
    const { page, context, errors } = await browser.page();
    try {
      await page.goto(`${origin}/`);
      await page.waitForFunction('window.pageReady === true');
      // The activity recorded by initialize() has expired when the first poll runs.
      const id = await startSaver(page, up.url, { interval: 100, noActivityTimeout: 400, behavior: behaviors({ lazy: undefined }) }, 600);

      await page.waitForSelector(`#slimfaas-environment-overlay-${id}.slimfaas-environment-overlay--waiting-action`);
      assert.equal(await overlayText(page, id, 'main-message'), NO_ACTIVITY);
      const overlay = await computed(page, `#slimfaas-environment-overlay-${id}`, ['color']);
      assert.equal(overlay.color, 'rgb(255, 255, 224)', 'light yellow');
      const secondary = await computed(page, `#slimfaas-environment-overlay-${id} .slimfaas-environment-overlay__secondary-message`, ['visibility']);
      assert.equal(secondary.visibility, 'hidden');
      const icon = await computed(page, `#slimfaas-environment-overlay-${id} .slimfaas-environment-overlay__icon`, ['animation-name']);
      assert.equal(icon['animation-name'], 'none', 'the icon does not spin');

      let log = await waitLog(page, (l) => l.updates.length >= 5, 'five polls without activity');
      assert.deepEqual(wakeCalls(log), [], 'nothing woken without activity');
      assert.equal((await up.status('lazy')).NumberReady, 0);

      await page.mouse.move(200, 200, { steps: 4 });
      await page.waitForFunction(
        `document.querySelector('#slimfaas-environment-overlay-${id}.slimfaas-environment-overlay--waiting .slimfaas-environment-overlay__main-message')?.textContent === ${JSON.stringify(STARTING)}`,
      );
      log = await waitLog(page, (l) => wakeCalls(l, 'lazy').length > 0, 'a wake-function call for lazy after the mouse moved');
      await up.waitReady('lazy', 1);
      await page.waitForSelector('.slimfaas-environment-overlay', { state: 'detached' });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('wakes a WakeUp function without blocking, keeps functions alive after wakeUpTimeout, and never wakes a None function', async () => {
    const { page, context, errors } = await browser.page();
    try {
      await page.goto(`${origin}/`);
      await page.waitForFunction('window.pageReady === true');
      await startSaver(page, up.url, {
        interval: 150,
        wakeUpTimeout: 300,
        behavior: behaviors({ ready: undefined, background: 'WakeUp', untouched: 'None' }),
      });
      await page.mouse.move(30, 30, { steps: 2 });

      await waitLog(page, (l) => wakeCalls(l, 'background').length > 0, 'a wake-function call for background');
      await up.waitReady('background', 1);
      let log = await waitLog(
        page,
        (l) => l.updates.some((u) => u.data.find((d) => d.Name === 'background')!.NumberReady >= 1) && wakeCalls(l, 'ready').length > 0,
        'background seen ready and a keep-alive wake of ready after wakeUpTimeout',
      );
      assert.ok(log.updates.some((u) => u.data.find((d) => d.Name === 'background')!.NumberReady === 0), 'polled while background was at zero');
      assert.ok(log.overlays.every((state) => state.length === 0), 'never overlaid: background does not block');
      assert.deepEqual(wakeCalls(log, 'untouched'), []);
      assert.ok(wakeCalls(log).every((c) => /\/wake-function\/(ready|background)$/.test(c.url)), 'only WakeUp(+BlockUI) functions are woken');
      log = await readLog(page);
      assert.equal(log.updates[log.updates.length - 1].data.find((d) => d.Name === 'untouched')!.NumberReady, 0);
      assert.equal((await up.status('untouched')).NumberReady, 0);
      assert.deepEqual(log.errors, []);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('shows the error overlay and calls errorCallback on a rejected fetch or an HTTP error; cleanup() removes overlay and style', async () => {
    const { page, context, errors } = await browser.page();
    try {
      await page.goto(`${origin}/`);
      await page.waitForFunction('window.pageReady === true');
      const port = await closedPort();
      const refused = await startSaver(page, `http://127.0.0.1:${port}`, { interval: 100 });
      const broken = await startSaver(page, `${origin}/http500/`, { interval: 100 });
      assert.deepEqual([refused, broken], [1, 2]);

      for (const id of [refused, broken]) {
        await page.waitForSelector(`#slimfaas-environment-overlay-${id}.slimfaas-environment-overlay--error`);
        assert.equal(await overlayText(page, id, 'main-message'), ERROR);
        assert.equal(await overlayText(page, id, 'secondary-message'), ERROR_SECONDARY);
      }
      const log = await waitLog(page, (l) => l.errors.some((e) => e.id === refused) && l.errors.some((e) => e.id === broken), 'both errorCallbacks');
      assert.equal(log.errors.find((e) => e.id === refused)!.message, 'Failed to fetch');
      assert.equal(log.errors.find((e) => e.id === broken)!.message, 'HTTP Error! status: 500');
      assert.deepEqual(log.updates, []);
      assert.ok(log.overlays.flat().every((o) => !o.className.includes('--waiting')), 'the only modifier is --error');

      const style = await computed(page, '#slimfaas-environment-overlay-1', [
        'position', 'top', 'left', 'width', 'height', 'background-color', 'display', 'flex-direction', 'justify-content',
        'align-items', 'z-index', 'cursor', 'font-size', 'font-weight', 'color',
      ]);
      assert.deepEqual(style, {
        position: 'fixed', top: '0px', left: '0px', width: '1280px', height: '900px', 'background-color': 'rgba(0, 0, 0, 0.8)',
        display: 'flex', 'flex-direction': 'column', 'justify-content': 'center', 'align-items': 'center', 'z-index': '1000',
        cursor: 'not-allowed', 'font-size': '32px', 'font-weight': '700', color: 'rgb(240, 128, 128)',
      });
      const icon = await computed(page, '#slimfaas-environment-overlay-1 .slimfaas-environment-overlay__icon', ['font-size', 'animation-duration', 'animation-iteration-count']);
      assert.deepEqual(icon, { 'font-size': '64px', 'animation-duration': '0.5s', 'animation-iteration-count': 'infinite' });
      const secondary = await computed(page, '#slimfaas-environment-overlay-1 .slimfaas-environment-overlay__secondary-message', ['font-size', 'font-weight', 'margin-top', 'visibility']);
      assert.deepEqual(secondary, { 'font-size': '19.2px', 'font-weight': '400', 'margin-top': '16px', visibility: 'visible' });

      assert.equal(await page.evaluate(`document.head.querySelectorAll('style').length`), 2, 'one style element per instance');
      await page.evaluate(`window.savers[${refused}].cleanup()`);
      assert.equal(await page.evaluate(`document.getElementById('slimfaas-environment-overlay-1')`), null);
      assert.equal(await page.evaluate(`document.head.querySelectorAll('style').length`), 1);
      await page.evaluate(`window.savers[${refused}].startPolling()`);
      const callsOf = (l: PageLog, id: number) => l.calls.filter((c) => c.id === id).length;
      const before = await readLog(page);
      await waitLog(page, (l) => callsOf(l, broken) >= callsOf(before, broken) + 3, 'three more polls of the other instance');
      const afterCleanup = await readLog(page);
      assert.equal(callsOf(afterCleanup, refused), callsOf(before, refused), 'no poll after cleanup(), startPolling() is a no-op');
      assert.equal(await page.evaluate(`document.getElementById('slimfaas-environment-overlay-1')`), null, 'never shown again');

      await page.evaluate(`window.savers[${broken}].cleanup()`);
      assert.equal(await page.evaluate(`document.querySelectorAll('.slimfaas-environment-overlay, style').length`), 0);
      const unexpected = errors.filter(
        (e) => !/Failed to load resource: net::ERR_CONNECTION_REFUSED|Failed to load resource: the server responded with a status of 500/.test(e),
      );
      assert.deepEqual(unexpected, []);
      assert.ok(errors.length > 0, 'the failed fetches are reported by the browser');
    } finally {
      await context.close();
    }
  });

  it('in a hidden page without activity shows the no-activity message with the waiting modifier and wakes nothing', async () => {
    const { page, context, errors } = await browser.page();
    try {
      await page.goto(`${origin}/`);
      await page.waitForFunction('window.pageReady === true');
      await page.evaluate(`Object.defineProperty(document, 'hidden', { configurable: true, get: () => true }); document.dispatchEvent(new Event('visibilitychange'))`);
      const id = await startSaver(page, up.url, { interval: 100, noActivityTimeout: 400, behavior: behaviors({ untouched: undefined }) }, 600);
      const log = await waitLog(page, (l) => l.updates.length >= 5, 'five polls of the hidden page');
      assert.deepEqual(wakeCalls(log), []);
      assert.equal(await page.evaluate(`document.getElementById('slimfaas-environment-overlay-${id}').className`), 'slimfaas-environment-overlay slimfaas-environment-overlay--waiting');
      assert.equal(await overlayText(page, id, 'main-message'), NO_ACTIVITY);
      assert.equal((await up.status('untouched')).NumberReady, 0);
      await page.evaluate(`window.savers[${id}].cleanup()`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('React <PlanetSaver> renders its children only once the blocking functions are ready', async () => {
    const { page, context, errors } = await browser.page();
    try {
      const behavior = behaviors({ reactfn: undefined });
      await page.goto(`${origin}/react.html?baseUrl=${encodeURIComponent(up.url)}&behavior=${encodeURIComponent(JSON.stringify(behavior))}`);
      await page.waitForFunction('window.pageReady === true');
      await page.mouse.move(50, 50, { steps: 2 });
      await page.waitForSelector('.slimfaas-environment-overlay.slimfaas-environment-overlay--waiting');
      assert.equal(await page.evaluate(`document.querySelector('#react-child')`), null, 'no children while reactfn is at zero');
      assert.equal(await page.evaluate(`document.getElementById('root').childElementCount`), 0);
      await up.waitReady('reactfn', 1, 30_000);
      await page.waitForSelector('#react-child');
      assert.equal(await page.evaluate(`document.querySelector('#react-child').textContent`), 'children rendered');
      await page.waitForSelector('.slimfaas-environment-overlay', { state: 'detached' });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('React <PlanetSaver> shows its own error message and no children when SlimFaas is unreachable', async () => {
    const { page, context, errors } = await browser.page();
    try {
      const port = await closedPort();
      await page.goto(`${origin}/react.html?baseUrl=${encodeURIComponent(`http://127.0.0.1:${port}`)}`);
      await page.waitForFunction('window.pageReady === true');
      await page.waitForSelector('.slimfaas-environment-overlay.slimfaas-environment-overlay--error');
      assert.equal(
        await page.evaluate(`document.querySelector('.slimfaas-environment-overlay__main-message').textContent`),
        REACT_ERROR,
      );
      assert.equal(await page.evaluate(`document.querySelector('#react-child')`), null);
      assert.deepEqual(errors.filter((e) => !/Failed to load resource: net::ERR_CONNECTION_REFUSED/.test(e)), []);
    } finally {
      await context.close();
    }
  });
});
