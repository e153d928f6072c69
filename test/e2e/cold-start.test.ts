/**
 * End-to-end: cold-start protection (beyond upstream) through the real `slimfaas local up` CLI:
 * 1,500 concurrent sync calls to a function at zero with `DefaultSync.MaxPendingWhileWaking`
 * 1,000 — 1,000 wait and succeed once the replica is ready (each with `SlimFaas-Cold-Start-Ms`),
 * 500 get 429 + Retry-After before it is, and the function receives exactly the 200s.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { LocalUp, recorderFunction } from '../helpers/local-up.js';
import { Collector } from '../helpers/collector.js';
import { call } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

const CALLS = 1500;
const CAP = 1000;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('cold-start protection (native local mode)', () => {
  let up: LocalUp;
  let collector: Collector;
  let agent: Agent;
  let readyDir: string;
  const readyFile = () => join(readyDir, 'ready');

  before(async () => {
    readyDir = mkdtempSync(join(tmpdir(), 'slimfaas-cold-'));
    collector = await new Collector().start();
    agent = new Agent({ connections: CALLS + 100, headersTimeout: 0, bodyTimeout: 0 });
    const recordUrl = collector.url;
    up = await LocalUp.start(
      () =>
        'functions:\n' +
        recorderFunction('cold', {
          recordUrl,
          env: { READY_FILE: readyFile() }, // not ready until the test says so
          annotations: { 'SlimFaas/ReplicasMin': '0', 'SlimFaas/ReplicasAtStart': '1', 'SlimFaas/Configuration': `{"DefaultSync":{"MaxPendingWhileWaking":${CAP}}}` },
        }) +
        recorderFunction('warm', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '1' } }),
    );
    await up.waitReady('warm', 1);
  });

  after(async () => {
    await agent?.close();
    const code = await up?.stop();
    assert.equal(code, 0);
    assert.deepEqual(up.alivePids(), [], 'no replica left behind');
    await up?.dispose();
    await collector?.close();
    rmSync(readyDir, { recursive: true, force: true });
  });

  async function waitingGauge(fn: string): Promise<number> {
    const metrics = (await call(`${up.nodeUrl}/metrics`)).body;
    const match = new RegExp(`^slimfaas_function_sync_waiting_calls\\{function="${fn}"\\} (\\d+)$`, 'm').exec(metrics);
    return match ? Number(match[1]) : -1;
  }

  async function send(path: string): Promise<Answer> {
    const res = await request(`${up.url}${path}`, { dispatcher: agent });
    return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
  }

  it('1,500 calls to a function at zero: 1,000 wait and succeed, 500 get 429 before it is ready', async () => {
    assert.equal((await up.status('cold')).NumberRequested, 0);
    const answers: Answer[] = [];
    const all = Array.from({ length: CALLS }, (_, i) => send(`/function/cold/ping?i=${i}`).then((a) => (answers.push(a), a)));

    // While the replica cannot be ready (no ready file yet): the cap is full and the rest were refused.
    await waitFor(() => answers.length >= CALLS - CAP, 120_000, `${CALLS - CAP} refusals (got ${answers.length} answers)`);
    await waitFor(async () => (await waitingGauge('cold')) === CAP, 60_000, `the gauge to show ${CAP} waiting calls`);
    const fullAt = Date.now();
    assert.equal(answers.length, CALLS - CAP, 'only the calls past the cap were answered');
    assert.equal((await up.status('cold')).NumberReady, 0, 'the replica is not ready yet');
    assert.equal(collector.starts('cold').length, 0, 'nothing reached the function');
    for (const refused of answers) {
      assert.equal(refused.status, 429);
      assert.equal(refused.headers['retry-after'], '1');
      assert.match(String(refused.headers['content-type']), /^application\/json/);
      const body = JSON.parse(refused.body);
      assert.equal(body.function, 'cold');
      assert.equal(body.maxPendingWhileWaking, CAP);
      assert.equal(body.retryAfterSeconds, 1);
      assert.equal(typeof body.error, 'string');
      assert.equal(refused.headers['slimfaas-cold-start-ms'], undefined);
    }
    assert.equal((await up.status('cold')).NumberRequested, 1, 'the waiting calls woke the function');

    const readyAt = Date.now(); // the replica can be ready only after this
    writeFileSync(readyFile(), 'ok');
    const results = await Promise.all(all);
    const ok = results.filter((a) => a.status === 200);
    const refused = results.filter((a) => a.status === 429);
    assert.equal(ok.length, CAP);
    assert.equal(refused.length, CALLS - CAP);
    for (const answer of ok) {
      const header = answer.headers['slimfaas-cold-start-ms'];
      assert.match(String(header), /^\d+$/, 'an integer number of milliseconds');
      // Every admitted call was already waiting when the gauge was full, and waited at least until the file existed.
      assert.ok(Number(header) >= readyAt - fullAt - 2, `waited ${header} ms`);
      assert.equal(JSON.parse(answer.body).path, '/ping');
    }
    assert.equal(collector.starts('cold').length, ok.length, 'the function received exactly the 200s');
    const served = new Set(collector.starts('cold').map((r) => r.query));
    assert.equal(served.size, CAP, 'each admitted call reached the function once');
    assert.equal(await waitingGauge('cold'), 0);
  });

  it('a call to an already-ready function carries no SlimFaas-Cold-Start-Ms', async () => {
    await up.waitReady('cold', 1);
    for (const fn of ['warm', 'cold']) {
      const res = await send(`/function/${fn}/hot`);
      assert.equal(res.status, 200);
      assert.equal(res.headers['slimfaas-cold-start-ms'], undefined, fn);
    }
  });
});
