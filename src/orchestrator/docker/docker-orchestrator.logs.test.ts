/** DockerOrchestrator.recentLogs and followLogs on the real engine (host mode): a replica's stdout through `container.logs`, tail, replica, since; follow ends on abort. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { waitFor } from '../../../test/helpers/wait.js';
import type { LogLine } from '../logs.js';
import { DockerOrchestrator } from './docker-orchestrator.js';
import { openDockerSuite, startFunctionContainer, type DockerSuite } from './fixtures/docker-support.js';

const suite = await openDockerSuite('docker-logs');
const skip = 'skip' in suite ? `Docker is not available: ${suite.skip}` : false;
const s = suite as DockerSuite;

async function toArray<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

describe('DockerOrchestrator.recentLogs on the local engine', { skip }, () => {
  let o: DockerOrchestrator | undefined;
  after(async () => {
    await o?.stop();
    await s.cleanup();
  });

  it("answers a replica's timestamped stdout lines; an unknown function or replica has none", async () => {
    const app = `logs-${randomBytes(4).toString('hex')}`;
    await startFunctionContainer(s, { app, healthcheck: false });
    o = new DockerOrchestrator({ namespace: s.namespace, socketPath: s.socketPath, hostMode: 'host', stopGraceSeconds: 2 });
    await o.start();
    const replica = `${app}-compose-1`;
    let lines: LogLine[] = [];
    await waitFor(async () => (lines = await o!.recentLogs(app, { tail: 100 })).some((l) => l.line === 'listening on 8080'), 30_000, 'the listening line');
    const listening = lines.find((l) => l.line === 'listening on 8080')!;
    assert.deepEqual({ replica: listening.replica, stream: listening.stream }, { replica, stream: 'stdout' });
    assert.ok(Math.abs(listening.timeMs - Date.now()) < 120_000, 'the engine timestamp, parsed');
    assert.equal((await o.recentLogs(app, { tail: 1 })).length, 1);
    assert.deepEqual(await o.recentLogs(app, { tail: 0 }), []);
    assert.ok((await o.recentLogs(app, { tail: 10, replica })).length > 0);
    assert.deepEqual(await o.recentLogs(app, { tail: 10, replica: 'nobody-1' }), []);
    assert.deepEqual(await o.recentLogs(app, { tail: 10, sinceMs: Date.now() + 60_000 }), []);
    assert.deepEqual(await o.recentLogs('no-such-function', { tail: 10 }), []);

    // Follow mode: the tail first, then the stream stays open until the abort ends it.
    const ac = new AbortController();
    const follow = o.followLogs(app, { tail: 1 }, ac.signal)[Symbol.asyncIterator]();
    const tail = await follow.next();
    assert.equal(tail.done, false);
    assert.equal((tail.value as LogLine).replica, replica);
    const pending = follow.next();
    ac.abort();
    for (let r = await pending; !r.done; r = await follow.next()) void r;
    assert.deepEqual(await toArray(o.followLogs('no-such-function', { tail: 10 }, ac.signal)), []);
  });
});
