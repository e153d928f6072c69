/**
 * End-to-end (native local mode): status and result of async calls (beyond upstream) — success,
 * definitive and exhausted failures, visibility of the original call, results off — dead letters
 * (list, detail, replay, delete, internal only), caller callbacks (sent, retried, refused for an
 * external caller naming a host not allowed), and a restart on the same state keeping them all.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalUp, recorderFunction, type ManifestContext } from '../helpers/local-up.js';
import { Collector } from '../helpers/collector.js';
import { call, EXTERNAL } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A caller's callback receiver: records every POST, answers `statuses` in turn (then 200). */
async function receiver(statuses: number[] = []): Promise<{ url: string; received: Received[]; close: () => void }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://localhost:${(server.address() as AddressInfo).port}`, received, close: () => server.close() };
}

interface StatusBody {
  Id: string;
  Function: string;
  Status: string;
  CreatedAt: string;
  Attempts: Array<{ TryNumber: number; StartedAt: string; DurationMs: number | null; StatusCode: number | null }>;
}

describe('async status and results (native local mode)', () => {
  let up: LocalUp;
  let collector: Collector;
  let functions: (ctx: ManifestContext) => string;
  const env = { SlimFaas__AsyncCallbackAllowedHosts: 'hooks.example.invalid, localhost' };

  before(async () => {
    collector = await new Collector().start();
    const recordUrl = collector.url;
    functions = () =>
      'functions:\n' +
      recorderFunction('echo', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '1', 'SlimFaas/Configuration': '{"DefaultAsync":{"TimeoutRetries":[1],"HttpStatusRetries":[500]}}' } }) +
      recorderFunction('slow', { recordUrl, env: { DELAY_MS: '2000' }, annotations: { 'SlimFaas/ReplicasMin': '1' } }) +
      recorderFunction('priv', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '1', 'SlimFaas/DefaultVisibility': 'Private', 'SlimFaas/PathsStartWithVisibility': 'Public:/hello' } }) +
      recorderFunction('tiny', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '1', 'SlimFaas/Configuration': '{"DefaultAsync":{"ResultMaxBytes":4}}' } }) +
      recorderFunction('dlq', { recordUrl, env: { STATUS_SEQUENCE: '500,500,200' }, annotations: { 'SlimFaas/ReplicasMin': '1', 'SlimFaas/Configuration': '{"DefaultAsync":{"TimeoutRetries":[1],"HttpStatusRetries":[500]}}' } }) +
      recorderFunction('dlq-big', { recordUrl, env: { STATUS_SEQUENCE: '400,200' }, annotations: { 'SlimFaas/ReplicasMin': '1' } }) +
      recorderFunction('off', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '1', 'SlimFaas/Configuration': '{"DefaultAsync":{"ResultTtlSeconds":0}}' } });
    up = await LocalUp.start(functions, undefined, env);
    for (const name of ['echo', 'slow', 'priv', 'tiny', 'dlq', 'dlq-big', 'off']) await up.waitReady(name);
  });

  after(async () => {
    await up?.stopCleanly();
    await collector?.close();
  });

  const enqueue = async (fn: string, path: string, options: { localAddress?: string; headers?: Record<string, string> } = {}): Promise<string> => {
    const res = await call(`${up.url}/async-function/${fn}/${path}`, { method: 'POST', body: '{"n":1}', localAddress: options.localAddress, headers: { 'content-type': 'application/json', ...options.headers } });
    assert.equal(res.status, 202);
    return String(res.headers['slimfaas-element-id']);
  };
  const status = async (fn: string, id: string, localAddress?: string): Promise<{ code: number; body: StatusBody }> => {
    const res = await call(`${up.url}/async-function-status/${fn}/${id}`, { localAddress });
    return { code: res.status, body: JSON.parse(res.body) as StatusBody };
  };
  const finished = (fn: string, id: string) =>
    waitFor(async () => ['Succeeded', 'Failed', 'DeadLettered'].includes((await status(fn, id)).body.Status), 30_000, `${fn}/${id} to finish`);

  it('a successful call: Succeeded with its attempt, and the result relayed as the function answered', async () => {
    const id = await enqueue('echo', 'compute?x=1');
    await finished('echo', id);
    const { code, body } = await status('echo', id);
    assert.equal(code, 200);
    assert.deepEqual([body.Id, body.Function, body.Status, body.Attempts.length], [id, 'echo', 'Succeeded', 1]);
    assert.deepEqual([body.Attempts[0].TryNumber, body.Attempts[0].StatusCode, typeof body.Attempts[0].DurationMs], [1, 200, 'number']);
    assert.ok(Date.parse(body.CreatedAt) <= Date.parse(body.Attempts[0].StartedAt));
    const result = await call(`${up.url}/async-function-result/echo/${id}`);
    assert.equal(result.status, 200);
    assert.equal(result.headers['content-type'], 'application/json');
    assert.equal(result.headers['x-replica'], '0');
    assert.deepEqual(JSON.parse(result.body), { replica: '0', method: 'POST', path: '/compute', query: '?x=1', body: '{"n":1}' });
  });

  it('a definitive failure (404) and an exhausted retry (500 twice): DeadLettered, final response relayed', async () => {
    const notFound = await enqueue('echo', 'x?status=404');
    const exhausted = await enqueue('echo', 'y?status=500');
    await finished('echo', notFound);
    await finished('echo', exhausted);
    const a = (await status('echo', notFound)).body;
    assert.deepEqual([a.Status, a.Attempts.map((t) => t.StatusCode)], ['DeadLettered', [404]]);
    const b = (await status('echo', exhausted)).body;
    assert.deepEqual([b.Status, b.Attempts.map((t) => [t.TryNumber, t.StatusCode])], ['DeadLettered', [[1, 500], [2, 500]]]);
    const result = await call(`${up.url}/async-function-result/echo/${exhausted}`);
    assert.equal(result.status, 500);
    assert.equal(JSON.parse(result.body).path, '/y');
  });

  it('while not finished: Queued/Running status and 202 + Retry-After on the result', async () => {
    const id = await enqueue('slow', 'work');
    const early = await status('slow', id);
    assert.ok(['Queued', 'Running'].includes(early.body.Status), early.body.Status);
    const pending = await call(`${up.url}/async-function-result/slow/${id}`);
    assert.equal(pending.status, 202);
    assert.equal(pending.headers['retry-after'], '1');
    await waitFor(async () => (await status('slow', id)).body.Status === 'Running', 30_000, 'the attempt to show as Running');
    const running = (await status('slow', id)).body;
    assert.deepEqual(running.Attempts.map((t) => [t.TryNumber, t.StatusCode, t.DurationMs]), [[1, null, null]]);
    await finished('slow', id);
    assert.equal((await call(`${up.url}/async-function-result/slow/${id}`)).status, 200);
  });

  it('404 for an unknown id or function; a body over the cap keeps status and headers only', async () => {
    assert.equal((await call(`${up.url}/async-function-status/echo/00000000-0000-0000-0000-000000000000`)).status, 404);
    assert.equal((await call(`${up.url}/async-function-result/nope/00000000-0000-0000-0000-000000000000`)).status, 404);
    const id = await enqueue('tiny', 'big');
    await finished('tiny', id);
    const result = await call(`${up.url}/async-function-result/tiny/${id}`);
    assert.deepEqual([result.status, result.body, result.headers['slimfaas-result-body'], result.headers['x-replica']], [200, '', 'too-large', '0']);
  });

  it('obeys the visibility of the original call, decided on its canonical path', async () => {
    const privateCall = await enqueue('priv', 'admin/../secret');
    const publicCall = await enqueue('priv', 'hello/x', { localAddress: EXTERNAL });
    await finished('priv', privateCall);
    await finished('priv', publicCall);
    assert.equal((await status('priv', privateCall, EXTERNAL)).code, 404);
    assert.equal((await call(`${up.url}/async-function-result/priv/${privateCall}`, { localAddress: EXTERNAL })).status, 404);
    assert.equal((await status('priv', publicCall, EXTERNAL)).code, 200);
    assert.equal((await call(`${up.url}/async-function-result/priv/${publicCall}`, { localAddress: EXTERNAL })).status, 200);
  });

  it('ResultTtlSeconds 0 keeps nothing', async () => {
    const id = await enqueue('off', 'x');
    await waitFor(() => collector.starts('off').some((r) => r.headers['slimfaas-element-id'] === id), 30_000, 'delivery');
    assert.equal((await call(`${up.url}/async-function-status/off/${id}`)).status, 404);
  });

  it('a failed message is a dead letter (internal callers only), replayed with the same id and then delivered', async () => {
    const id = await enqueue('dlq', 'job?k=v');
    await finished('dlq', id);
    assert.equal((await status('dlq', id)).body.Status, 'DeadLettered');
    const refused = await call(`${up.url}/async-dead-letters/dlq`, { localAddress: EXTERNAL });
    assert.equal(refused.status, 403);
    assert.match(JSON.parse(refused.body).Error, /internal/);
    const list = JSON.parse((await call(`${up.url}/async-dead-letters/dlq`)).body) as { Items: Array<{ Id: string; LastStatus: number; TryCount: number; DeadLetteredAt: string }> };
    assert.deepEqual(list.Items.map((i) => [i.Id, i.LastStatus, i.TryCount]), [[id, 500, 2]]);
    const one = JSON.parse((await call(`${up.url}/async-dead-letters/dlq/${id}`)).body) as { Request: { Method: string; Path: string; Query: string; Headers: Record<string, string[]> }; BodySize: number };
    assert.deepEqual([one.Request.Method, one.Request.Path, one.Request.Query, one.Request.Headers['content-type'], one.BodySize], ['POST', 'job', '?k=v', ['application/json'], 7]);
    assert.equal('Body' in one, false);
    const metrics = await call(`${up.url}/metrics`);
    assert.match(metrics.body, /slimfaas_function_dead_letter_items\{function="dlq"\} 1/);

    const replay = await call(`${up.url}/async-dead-letters/dlq/${id}/replay`, { method: 'POST' });
    assert.deepEqual([replay.status, replay.headers['slimfaas-element-id']], [202, id]);
    await finished('dlq', id);
    const after = (await status('dlq', id)).body;
    assert.deepEqual([after.Status, after.Attempts.map((t) => [t.TryNumber, t.StatusCode])], ['Succeeded', [[1, 200]]]);
    assert.equal(collector.starts('dlq').filter((r) => r.headers['slimfaas-element-id'] === id).length, 3);
    assert.deepEqual(JSON.parse((await call(`${up.url}/async-dead-letters/dlq`)).body).Items, []);
    assert.equal((await call(`${up.url}/async-dead-letters/dlq/${id}/replay`, { method: 'POST' })).status, 404);
  });

  it('a dead letter with a spooled body (> 1 MiB) keeps it, so its replay delivers the same bytes', async () => {
    const body = Buffer.alloc(1536 * 1024, 'b');
    const res = await call(`${up.url}/async-function/dlq-big/upload`, { method: 'POST', body, headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(res.status, 202);
    const id = String(res.headers['slimfaas-element-id']);
    await finished('dlq-big', id);
    assert.equal((await status('dlq-big', id)).body.Status, 'DeadLettered');
    assert.equal(JSON.parse((await call(`${up.url}/async-dead-letters/dlq-big/${id}`)).body).BodySize, body.length);
    assert.equal((await call(`${up.url}/async-dead-letters/dlq-big/${id}/replay`, { method: 'POST' })).status, 202);
    await waitFor(async () => (await status('dlq-big', id)).body.Status === 'Succeeded', 30_000, 'the replay to succeed');
    const deliveries = collector.starts('dlq-big').filter((r) => r.headers['slimfaas-element-id'] === id);
    assert.deepEqual(deliveries.map((r) => r.bodyLength), [body.length, body.length]);
  });

  it('deletes one dead letter or all of a function', async () => {
    const ids = [await enqueue('echo', 'd1?status=400'), await enqueue('echo', 'd2?status=400'), await enqueue('echo', 'd3?status=400')];
    for (const id of ids) await finished('echo', id);
    assert.equal((await call(`${up.url}/async-dead-letters/echo/${ids[0]}`, { method: 'DELETE' })).status, 204);
    assert.equal((await call(`${up.url}/async-dead-letters/echo/${ids[0]}`)).status, 404);
    const all = await call(`${up.url}/async-dead-letters/echo`, { method: 'DELETE' });
    assert.equal(all.status, 200);
    assert.ok(JSON.parse(all.body).Deleted >= 2);
    assert.deepEqual(JSON.parse((await call(`${up.url}/async-dead-letters/echo`)).body).Items, []);
  });

  it('a caller callback receives the final response with the call headers, retried after a failure', async () => {
    const hook = await receiver([503]);
    try {
      const id = await enqueue('echo', 'cb?status=201', { headers: { 'X-Callback-Url': `${hook.url}/done?ref=7` } });
      await waitFor(() => hook.received.length >= 2, 30_000, 'the callback and its retry');
      const got = hook.received[1];
      assert.equal(got.path, '/done?ref=7');
      assert.deepEqual(
        [got.headers['x-call-id'], got.headers['x-function-name'], got.headers['x-function-status'], got.headers['slimfaas-element-id'], got.headers['content-type']],
        [id, 'echo', '201', id, 'application/json'],
      );
      assert.match(String(got.headers['x-duration-seconds']), /^\d+\.\d{3}$/);
      assert.equal(JSON.parse(got.body).path, '/cb');
      assert.equal(hook.received[0].body, got.body);
      // A failure calls back too (after its retries), with the final status.
      const failed = await enqueue('echo', 'cb2?status=500', { headers: { 'X-Callback-Url': `${hook.url}/failed` } });
      await waitFor(() => hook.received.some((r) => r.headers['x-call-id'] === failed), 30_000, 'the failure callback');
      assert.equal(hook.received.find((r) => r.headers['x-call-id'] === failed)!.headers['x-function-status'], '500');
    } finally {
      hook.close();
    }
  });

  it('an external caller may only name allowed callback hosts (400 naming the setting, before the 202)', async () => {
    const refused = await call(`${up.url}/async-function/echo/x`, { method: 'POST', body: 'x', localAddress: EXTERNAL, headers: { 'X-Callback-Url': 'http://127.0.0.1:1/internal' } });
    assert.equal(refused.status, 400);
    assert.match(JSON.parse(refused.body).Error, /'127\.0\.0\.1' is not allowed.*SlimFaas__AsyncCallbackAllowedHosts/);
    assert.equal(refused.headers['slimfaas-element-id'], undefined);
    const bad = await call(`${up.url}/async-function/echo/x`, { method: 'POST', body: 'x', headers: { 'X-Callback-Url': 'ftp://host/x' } });
    assert.equal(bad.status, 400);
    const hook = await receiver();
    try {
      const id = await enqueue('echo', 'ext', { localAddress: EXTERNAL, headers: { 'X-Callback-Url': `${hook.url}/ext` } });
      await waitFor(() => hook.received.some((r) => r.headers['x-call-id'] === id), 30_000, 'the allowed external callback');
    } finally {
      hook.close();
    }
  });

  it('a restart on the same state keeps statuses, results and dead letters', async () => {
    const id = await enqueue('echo', 'kept');
    const dead = await enqueue('echo', 'dead?status=409');
    await finished('echo', id);
    await finished('echo', dead);
    assert.equal(await up.stop(), 0);
    up = await LocalUp.start(functions, { dir: up.dir, ports: up.ports }, env);
    await up.waitReady('echo');
    assert.equal((await status('echo', id)).body.Status, 'Succeeded');
    const result = await call(`${up.url}/async-function-result/echo/${id}`);
    assert.deepEqual([result.status, JSON.parse(result.body).path], [200, '/kept']);
    assert.equal((await status('echo', dead)).body.Status, 'DeadLettered');
    const list = JSON.parse((await call(`${up.url}/async-dead-letters/echo`)).body) as { Items: Array<{ Id: string }> };
    assert.ok(list.Items.some((i) => i.Id === dead), 'the dead letter survived the restart');
  });
});
