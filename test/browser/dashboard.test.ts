/**
 * The dashboard in headless Chromium (platform.md §6): against a real native-local SlimFaas (rows,
 * wake from zero, a live async call, phone layout) and against a stand-in stream (every column,
 * jobs, logs, front disabled, empty state, reconnect). Screenshots go to a temp dir (printed);
 * SLIMFAAS_UPDATE_SCREENSHOTS=1 also writes docs/dashboard-desktop.png and docs/dashboard-phone.png.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserAvailable, openBrowser, type OpenBrowser } from '../helpers/browser.js';
import { Collector } from '../helpers/collector.js';
import { call } from '../helpers/http.js';
import { LocalUp, recorderFunction, REPO } from '../helpers/local-up.js';
import { activityEvent, sampleState, startFixture, type DashboardFixture } from './dashboard-fixture.js';

const skip = browserAvailable() ? false : 'chromium is not installed (scripts/ensure-chromium.mjs)';
const ARTEFACTS = mkdtempSync(join(tmpdir(), 'slimfaas-dashboard-'));
const UPDATE = process.env.SLIMFAAS_UPDATE_SCREENSHOTS === '1';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

async function screenshot(page: Page, name: string, docsName?: string, fullPage = false): Promise<void> {
  const file = join(ARTEFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  console.log(`screenshot: ${file}`);
  if (UPDATE && docsName) copyFileSync(file, join(REPO, 'docs', docsName));
}

const text = (page: Page, testId: string) => page.getByTestId(testId).innerText();

async function numberOf(page: Page, testId: string): Promise<number> {
  return Number(await text(page, testId));
}

/** Polls `read` until `check` holds (no fixed sleep); fails with the last value seen. */
async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
}

const noHorizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('dashboard against a real native-local SlimFaas', { skip }, () => {
  let up: LocalUp;
  let collector: Collector;
  let browser: OpenBrowser;

  before(async () => {
    console.log(`dashboard screenshots in ${ARTEFACTS}`);
    collector = await new Collector().start();
    const recordUrl = collector.url;
    up = await LocalUp.start(
      () =>
        'functions:\n' +
        recorderFunction('fibonacci', {
          recordUrl,
          annotations: {
            'SlimFaas/ReplicasMin': '2',
            'SlimFaas/ReplicasAtStart': '2',
            'SlimFaas/PathsStartWithVisibility': 'Public:/compute,Private:/admin',
            'SlimFaas/SubscribeEvents': 'Public:reload',
          },
        }) +
        recorderFunction('greeter', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '1', 'SlimFaas/DefaultVisibility': 'Private' } }) +
        // At zero until woken; a wake brings it to ReplicasAtStart (default 1).
        recorderFunction('sleepy', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '0' } }) +
        recorderFunction('nightly', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '0', 'SlimFaas/DependsOn': 'greeter' } }),
    );
    try {
      await up.waitReady('fibonacci', 2, 60_000);
      await up.waitReady('greeter', 1, 60_000);
    } catch (err) {
      console.log(up.output);
      throw err;
    }
    browser = await openBrowser();
  });

  after(async () => {
    await browser?.close();
    if (up) {
      const code = await up.stop();
      assert.equal(code, 0);
      assert.deepEqual(up.alivePids(), [], 'no replica left behind');
      await up.dispose();
    }
    await collector?.close();
  });

  it('serves the dashboard at / and shows every function, wakes one from zero, animates an async call', async () => {
    const { page, context, errors } = await browser.page(DESKTOP);
    try {
      await page.goto(`${up.url}/`);
      assert.equal(await page.title(), 'SlimFaas Dashboard');
      for (const name of ['fibonacci', 'greeter', 'sleepy', 'nightly']) await page.getByTestId(`function-row-${name}`).waitFor();
      assert.equal(await numberOf(page, 'function-count'), 4);
      assert.match(await page.getByTestId('function-row-nightly').innerText(), /0\/0[\s\S]*Depends on greeter[\s\S]*Wake Up[\s\S]*No pods/);
      await page.locator('[data-testid="function-row-fibonacci"] [data-ready="true"]').first().waitFor();
      assert.equal(await page.getByTestId('wake-fibonacci').count(), 0, 'no wake button on a function with a ready pod');

      // Wake the function at zero from its button and wait for its ready replica.
      const wake = page.getByTestId('wake-sleepy');
      await wake.waitFor();
      await wake.click();
      await page.locator('[data-testid="function-row-sleepy"] [data-ready="true"]').first().waitFor({ timeout: 30_000 });
      assert.equal(await page.getByTestId('wake-sleepy').count(), 0, 'the wake button goes once a pod is ready');

      // A live async call shows up in the activity view and is animated on the map.
      await page.getByTestId('network-map').waitFor();
      const before = await numberOf(page, 'activity-count');
      const animatedBefore = Number(await page.getByTestId('network-map').getAttribute('data-animated'));
      const res = await call(`${up.url}/async-function/fibonacci/x`, { method: 'POST', body: 'hello' });
      assert.equal(res.status, 202);
      await until(() => numberOf(page, 'activity-count'), (n) => n > before, 'the activity count to grow');
      await until(async () => Number(await page.getByTestId('network-map').getAttribute('data-animated')), (n) => n > animatedBefore, 'an animated message');
      await collector.waitForStarts(1, 'fibonacci');
      await until(() => page.getByTestId('recent-activity').innerText(), (t) => t.includes('fibonacci'), 'the call in the recent activity list');

      // One replica's recent log lines (or "No logs").
      const pod = await page.locator('[data-testid="function-row-fibonacci"] [data-testid^="pod-"]').first().getAttribute('data-testid');
      assert.ok(pod);
      const podName = pod.slice('pod-'.length);
      await page.getByTestId(`logs-toggle-${podName}`).click();
      await until(() => page.getByTestId(`logs-${podName}`).innerText(), (t) => !t.includes('Loading logs'), 'the replica logs');

      // Screenshot with messages in flight.
      for (let i = 0; i < 3; i++) await call(`${up.url}/function/fibonacci/compute/${i}`);
      await call(`${up.url}/async-function/greeter/hello`, { method: 'POST', body: 'x' });
      await screenshot(page, 'real-desktop', 'dashboard-desktop.png', true);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('fits a 390 px phone without horizontal page overflow', async () => {
    const { page, context, errors } = await browser.page(PHONE);
    try {
      await page.goto(`${up.url}/`);
      const row = page.getByTestId('function-row-fibonacci');
      await row.waitFor();
      assert.ok(await row.isVisible());
      assert.ok((await noHorizontalOverflow(page)) <= PHONE.width, 'no horizontal page overflow');
      await page.getByTestId('network-map').scrollIntoViewIfNeeded();
      assert.ok((await noHorizontalOverflow(page)) <= PHONE.width);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'real-phone', 'dashboard-phone.png');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('dashboard against a stand-in status stream', { skip }, () => {
  let fixture: DashboardFixture;
  let browser: OpenBrowser;

  before(async () => {
    fixture = await startFixture(sampleState(), 0, 300);
    browser = await openBrowser();
  });

  after(async () => {
    await browser?.close();
    await fixture?.close();
  });

  it('renders every column, badges, pods, nodes and jobs (§6.3)', async () => {
    const { page, context, errors } = await browser.page(DESKTOP);
    try {
      await page.goto(`${fixture.url}/`);
      const fib = page.getByTestId('function-row-fibonacci');
      await fib.waitFor();
      const row = await fib.innerText();
      for (const expected of [
        'Deployment',
        'Queue: 3',
        'Trusted',
        '/compute',
        '/admin',
        'reload',
        'reload-private',
        '2/2',
        '(min 1, start 1)',
        '300s',
        '10 max (10/pod)',
        'timeout 120s, delays [2, 4, 8]s, on [500, 502, 503]',
        'Europe/Paris',
        '07:00',
        'http_requests_per_second (AverageValue ≥ 20)',
        'window 0s, 100%/15s',
        'window 300s, 1 pods/60s',
        'Max replicas 5',
        '100m / 500m',
        '64Mi / 256Mi',
        'fibonacci-0',
        'Running',
      ])
        assert.ok(row.includes(expected), `fibonacci row shows ${JSON.stringify(expected)}:\n${row}`);
      assert.equal(await fib.locator('.badge-private').count(), 2, 'numeric visibility 1 is shown as Private (path /admin, event reload-private)');
      assert.match(await page.getByTestId('function-row-mysql').innerText(), /StatefulSet[\s\S]*Private[\s\S]*Untrusted/);
      assert.match(await page.getByTestId('function-row-sleepy').innerText(), /Depends on mysql[\s\S]*No pods/);
      assert.equal(await page.getByTestId('pod-broken-0').getAttribute('data-status'), 'CrashLoopBackOff');
      assert.ok((await page.getByTestId('pod-broken-0').innerText()).includes('🔴'));
      assert.equal(await page.getByTestId('wake-broken').count(), 1);
      assert.equal(await page.getByTestId('wake-mysql').count(), 0);
      assert.equal(await text(page, 'pod-count'), '3 / 4');
      assert.match(await page.getByTestId('nodes').innerText(), /slimfaas-0[\s\S]*slimfaas-2\s*Starting/);
      const jobs = await page.getByTestId('jobs-overview').innerText();
      for (const expected of ['Jobs Overview', 'daily-report', 'registry/report:1.2', 'registry/report:*', '1 job(s)', '0 6 * * *', 'cpu 100m', 'daily-report-1a2b', 'e-42'])
        assert.ok(jobs.includes(expected), `jobs overview shows ${expected}`);
      assert.equal(await page.getByTestId('map-queue-fibonacci').count(), 1, 'queue box for a non-empty queue');
      assert.equal(await page.getByTestId('map-queue-mysql').count(), 0);
      await screenshot(page, 'fixture-desktop', undefined, true);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('wakes one function with a 3 s cooldown, and all functions', async () => {
    const { page, context, errors } = await browser.page(DESKTOP);
    try {
      await page.goto(`${fixture.url}/`);
      const wake = page.getByTestId('wake-sleepy');
      await wake.click();
      assert.ok(fixture.wakes.includes('sleepy') || (await wake.innerText()) === '⏳');
      await page.locator('[data-testid="function-row-sleepy"] [data-ready="true"]').waitFor();
      const all = page.getByTestId('wake-all');
      assert.equal(await all.isEnabled(), true, 'broken has no ready pod');
      await all.click();
      assert.equal(await all.innerText(), '⏳ Waking up…');
      assert.equal(await all.isDisabled(), true);
      await until(() => Promise.resolve(fixture.wakes.filter((n) => n === 'fibonacci').length), (n) => n === 1, 'the wake-all call');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('animates live events only, counts them and keeps active-request badges', async () => {
    const { page, context, errors } = await browser.page(DESKTOP);
    try {
      fixture.state.RecentActivity = [activityEvent('request_in', 'external', 'fibonacci'), activityEvent('response', 'fibonacci', 'external')];
      await page.goto(`${fixture.url}/`);
      await page.getByTestId('network-map').waitFor();
      await until(() => page.getByTestId('recent-activity').innerText(), (t) => t.includes('request_in'), 'the history in the list');
      assert.equal(await numberOf(page, 'activity-count'), 0, 'history is not counted as live');
      assert.equal(await page.getByTestId('network-map').getAttribute('data-animated'), '0', 'history is not replayed');
      fixture.activity(activityEvent('enqueue', 'external', 'mysql', { QueueName: 'mysql' }));
      fixture.activity(
        activityEvent('event_publish', 'slimfaas', 'fibonacci', { TargetPod: 'fibonacci-1' }),
        activityEvent('request_started', 'slimfaas', 'fibonacci', { CorrelationId: 'c1' }),
      );
      await until(() => numberOf(page, 'activity-count'), (n) => n === 3, 'three live events');
      await until(async () => Number(await page.getByTestId('network-map').getAttribute('data-animated')), (n) => n === 2, 'two animated messages');
      await page.getByTestId('map-queue-mysql').waitFor();
      await page.getByTestId('map-active-fibonacci').waitFor();
      fixture.activity(activityEvent('request_end', 'slimfaas', 'fibonacci', { CorrelationId: 'c1' }));
      await page.getByTestId('map-active-fibonacci').waitFor({ state: 'detached' });
      assert.deepEqual(errors, []);
    } finally {
      fixture.state.RecentActivity = [];
      await context.close();
    }
  });

  it('shows a replica log tail, and "No logs" when there are none', async () => {
    const { page, context, errors } = await browser.page(DESKTOP);
    try {
      await page.goto(`${fixture.url}/`);
      const toggle = page.getByTestId('logs-toggle-fibonacci-0');
      await toggle.focus();
      await page.keyboard.press('Enter');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      await until(() => page.getByTestId('logs-fibonacci-0').innerText(), (t) => t.includes('GET /compute 200 3ms'), 'the log lines');
      await page.getByTestId('logs-toggle-fibonacci-1').click();
      await until(() => page.getByTestId('logs-fibonacci-1').innerText(), (t) => t.includes('No logs'), '"No logs"');
      // The 404 of the replica without logs is the browser's own resource error, nothing else.
      assert.deepEqual(errors.filter((e) => !e.includes('404')), []);
    } finally {
      await context.close();
    }
  });

  it('reconnects 3 s after the stream drops, showing the error banner meanwhile', async () => {
    const { page, context, errors } = await browser.page(DESKTOP);
    try {
      await page.goto(`${fixture.url}/`);
      await page.getByTestId('function-row-fibonacci').waitFor();
      await until(() => Promise.resolve(fixture.clients()), (n) => n >= 1, 'the stream client');
      fixture.disconnect();
      await until(() => page.getByTestId('stream-error').innerText(), (t) => t === 'Failed to fetch status: Stream disconnected, reconnecting...', 'the banner');
      const dropped = Date.now();
      await page.getByTestId('stream-error').waitFor({ state: 'detached', timeout: 10_000 });
      assert.ok(Date.now() - dropped >= 2500, 'reconnects after about 3 s');
      assert.ok(await page.getByTestId('function-row-fibonacci').isVisible(), 'the table stays while reconnecting');
      assert.deepEqual(errors.filter((e) => !/ERR_|net::/.test(e)), []);
    } finally {
      await context.close();
    }
  });

  it('shows the front-disabled message instead of the map, and the empty state', async () => {
    const { page, context, errors } = await browser.page(DESKTOP);
    const saved = { functions: fixture.state.Functions, jobs: fixture.state.Jobs };
    try {
      fixture.state.FrontEnabled = false;
      fixture.state.FrontMessage = 'SlimFaas front is disabled by configuration (SlimFaas:EnableFront=false).';
      await page.goto(`${fixture.url}/`);
      assert.equal(await text(page, 'front-disabled'), 'ℹ️ SlimFaas front is disabled by configuration (SlimFaas:EnableFront=false).');
      assert.equal(await page.getByTestId('network-map').count(), 0);
      await page.getByTestId('function-row-fibonacci').waitFor();
      fixture.state.Functions = [];
      fixture.state.Jobs = [];
      await page.getByTestId('empty').waitFor();
      assert.equal(await text(page, 'empty'), 'No functions found. Deploy a function with SlimFaas annotations to see it here.');
      assert.equal(await page.getByTestId('wake-all').isDisabled(), true);
      assert.equal(await page.getByTestId('jobs-overview').count(), 0, 'no jobs section without jobs');
      assert.deepEqual(errors, []);
    } finally {
      fixture.state.FrontEnabled = true;
      fixture.state.FrontMessage = null;
      fixture.state.Functions = saved.functions;
      fixture.state.Jobs = saved.jobs;
      await context.close();
    }
  });

  it('stacks tables as cards at 390 px with no page-level horizontal overflow', async () => {
    const { page, context, errors } = await browser.page(PHONE);
    try {
      await page.goto(`${fixture.url}/`);
      await page.getByTestId('function-row-fibonacci').waitFor();
      await page.getByTestId('jobs-overview').waitFor();
      assert.ok((await noHorizontalOverflow(page)) <= PHONE.width, `scrollWidth ${await noHorizontalOverflow(page)}`);
      const box = await page.getByTestId('function-row-fibonacci').boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, 'the row fits the screen');
      await screenshot(page, 'fixture-phone', undefined, true);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
