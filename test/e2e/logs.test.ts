/**
 * End-to-end: `GET /logs/{function}` through the real `slimfaas local up` CLI: NDJSON lines of real
 * replicas (stdout and stderr) read back from their log files, tail, since, replica filter, and the
 * refusals (external caller 403, unknown function 404, invalid query 400); follow mode: a line
 * written after the request started arrives, a client that goes away ends the stream, a paused
 * reader while the replica writes tens of MiB leaves the node's memory bounded. With `cluster.nodes:
 * 2`, every node process answers from the supervisor's replicas through the control API.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalUp, REPO } from '../helpers/local-up.js';
import { statusKiB } from '../helpers/proc-status.js';
import { call, EXTERNAL } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';
import { redisServerAvailable } from '../helpers/redis-server.js';

const TALKER = join(REPO, 'test', 'fixtures', 'talker-function.mjs');

interface Line {
  replica: string;
  time: string;
  stream: 'stdout' | 'stderr';
  line: string;
}

function talker(name: string, replicas: number): string {
  return [
    `  ${name}:`,
    `    command: ["${process.execPath}", "${TALKER}"]`,
    '    annotations:',
    '      SlimFaas/Function: "true"',
    `      SlimFaas/ReplicasMin: "${replicas}"`,
    `      SlimFaas/ReplicasAtStart: "${replicas}"`,
    '    health:',
    '      path: /health',
    '      periodSeconds: 1',
    '',
  ].join('\n');
}

describe('logs of a function (native local mode)', () => {
  let up: LocalUp;

  /** `GET /logs/<name><query>` from a loopback (internal) caller, parsed. */
  async function logs(name: string, query = ''): Promise<Line[]> {
    const res = await call(`${up.url}/logs/${name}${query}`);
    assert.equal(res.status, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/x-ndjson');
    if (res.body === '') return [];
    assert.ok(res.body.endsWith('\n'), 'every line ends with a newline');
    return res.body.slice(0, -1).split('\n').map((text) => JSON.parse(text) as Line);
  }

  const say = async (name: string, text: string, stream = 'stdout') => {
    const res = await call(`${up.url}/function/${name}/say?text=${text}&stream=${stream}`);
    assert.equal(res.status, 200);
  };

  before(async () => {
    up = await LocalUp.start(() => 'functions:\n' + talker('solo', 1) + talker('duo', 2) + talker('loud', 1));
    await up.waitReady('solo', 1);
    await up.waitReady('duo', 2);
    await up.waitReady('loud', 1);
  });

  after(async () => {
    const code = await up?.stop();
    assert.equal(code, 0);
    assert.deepEqual(up.alivePids(), [], 'no replica left behind');
    await up?.dispose();
  });

  it('a loopback caller gets the NDJSON lines of a replica once it logged them', async () => {
    await say('solo', 'first');
    let lines: Line[] = [];
    await waitFor(async () => (lines = await logs('solo')).some((l) => l.line === 'said first'), 10_000, "'said first' in the logs");
    for (const l of lines) {
      assert.deepEqual(Object.keys(l), ['replica', 'time', 'stream', 'line']);
      assert.equal(l.replica, 'solo-0');
      assert.match(l.time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    const texts = lines.map((l) => l.line);
    assert.match(texts[0]!, /^started pid=\d+$/, 'oldest first: SlimFaas logs the start first');
    assert.ok(texts.indexOf('hello from replica 0') < texts.indexOf('said first'));
    assert.deepEqual(lines.find((l) => l.line === 'said first')?.stream, 'stdout');
    const times = lines.map((l) => Date.parse(l.time));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
  });

  it('tail=2 gives the last two lines, stderr marked; since keeps the lines at or after it', async () => {
    await say('solo', 'second', 'stderr');
    await say('solo', 'third');
    await waitFor(async () => (await logs('solo')).some((l) => l.line === 'said third'), 10_000, "'said third' in the logs");
    const last = await logs('solo', '?tail=2');
    assert.deepEqual(last.map((l) => [l.stream, l.line]), [['stderr', 'said second'], ['stdout', 'said third']]);
    const since = await logs('solo', `?since=${encodeURIComponent(last[0]!.time)}`);
    assert.deepEqual(since.slice(-2), last);
    assert.ok(since.every((l) => Date.parse(l.time) >= Date.parse(last[0]!.time)));
    assert.deepEqual(await logs('solo', '?tail=0'), []);
  });

  it('replica= keeps one replica; without it every replica is there', async () => {
    await waitFor(async () => {
      const texts = (await logs('duo')).map((l) => `${l.replica} ${l.line}`);
      return texts.includes('duo-0 hello from replica 0') && texts.includes('duo-1 hello from replica 1');
    }, 10_000, 'both replicas of duo to log their start');
    const one = await logs('duo', '?replica=duo-1');
    assert.ok(one.length > 0);
    assert.ok(one.every((l) => l.replica === 'duo-1'));
    assert.ok(one.some((l) => l.line === 'hello from replica 1'));
    assert.deepEqual(await logs('duo', '?replica=duo-9'), []);
  });

  it('refuses external callers (403), unknown functions (404) and invalid queries (400) with a JSON error', async () => {
    const external = await call(`${up.nodeUrl}/logs/solo`, { localAddress: EXTERNAL });
    assert.equal(external.status, 403);
    assert.equal(typeof JSON.parse(external.body).error, 'string');
    const externalOnEntrypoint = await call(`${up.url}/logs/solo`, { localAddress: EXTERNAL });
    assert.equal(externalOnEntrypoint.status, 403);

    const unknown = await call(`${up.url}/logs/nobody`);
    assert.equal(unknown.status, 404);
    assert.match(JSON.parse(unknown.body).error, /nobody/);

    for (const query of ['?tail=abc', '?tail=1001', '?tail=-1', '?since=yesterday']) {
      const res = await call(`${up.url}/logs/solo${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(typeof JSON.parse(res.body).error, 'string', query);
    }
    assert.equal((await call(`${up.url}/logs/solo`, { method: 'POST', body: 'x' })).status, 405);
  });

  /** An open `follow=true` request: the text received so far, the response to pause, and a way to hang up. */
  async function follow(name: string, query = ''): Promise<{ res: http.IncomingMessage; text: () => string; close: () => void }> {
    const req = http.get(`${up.url}/logs/${name}?follow=true${query}`);
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => req.on('response', resolve).on('error', reject));
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/x-ndjson');
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('error', () => undefined);
    return { res, text: () => text, close: () => req.destroy() };
  }

  /** The node's resident memory in KiB (the single node runs in the supervisor process). */
  function nodeRssKiB(): number {
    return statusKiB(up.supervisorPid() ?? up.child.pid!, 'VmRSS');
  }

  it('follow=true: the tail, then a line written after the request started; a client that hangs up ends it and the node keeps serving', async () => {
    await say('solo', 'before-follow');
    await waitFor(async () => (await logs('solo')).some((l) => l.line === 'said before-follow'), 10_000, "'said before-follow' in the logs");
    const stream = await follow('solo', '&tail=1');
    await waitFor(() => stream.text().includes('"line":"said before-follow"'), 10_000, 'the tail line');
    await say('solo', 'while-following');
    await waitFor(() => stream.text().includes('"line":"said while-following"'), 10_000, 'the live line');
    const lines = stream.text().trim().split('\n').map((t) => JSON.parse(t) as Line);
    assert.deepEqual(lines.map((l) => [l.replica, l.stream, l.line]), [['solo-0', 'stdout', 'said before-follow'], ['solo-0', 'stdout', 'said while-following']]);
    stream.close();
    // The node goes on serving, and a new follower works too.
    assert.ok((await logs('solo')).some((l) => l.line === 'said while-following'));
    const again = await follow('solo', '&tail=0');
    await say('solo', 'second-follower');
    await waitFor(() => again.text().includes('"line":"said second-follower"'), 10_000, 'the line on a second follower');
    assert.ok(!again.text().includes('while-following'), 'tail=0: no old line');
    again.close();
  });

  it('follow=true with a paused reader while 48 MiB are appended to the replica log: the node memory stays bounded, then every line arrives', async () => {
    // The lines are appended to the replica's log file directly, in the format its log sink writes
    // (log-format.ts): what is measured is the follower alone, not the sink copying a child's pipe.
    const text = 'z'.repeat(1000);
    const count = 48 * 1024;
    const stream = await follow('loud', '&tail=0');
    stream.res.pause();
    const before = nodeRssKiB();
    let peak = before;
    const logFile = join(up.stateDir, 'logs', 'loud-0.log');
    const block = Array.from({ length: 1024 }, () => `${new Date().toISOString()} said ${text}\n`).join('');
    for (let i = 0; i < count / 1024; i++) {
      appendFileSync(logFile, block);
      peak = Math.max(peak, nodeRssKiB());
    }
    // Keep sampling for a while: a follower that ignored backpressure would be reading it all now.
    let samples = 0;
    await waitFor(() => {
      peak = Math.max(peak, nodeRssKiB());
      return ++samples >= 150;
    }, 30_000, 'RSS samples', 50);
    const growthMiB = (peak - before) / 1024;
    assert.ok(growthMiB < 24, `node RSS grew by ${growthMiB.toFixed(1)} MiB for a paused follower of 48 MiB`);
    stream.res.resume();
    const expected = `"line":"said ${text}"}\n`;
    // One condition on the count itself (each NDJSON line is longer than `expected`, so a length
    // bound alone is met before the last lines arrive); checked once a second, the text is ~50 MB.
    await waitFor(() => stream.text().split(expected).length - 1 >= count, 180_000, `all ${count} lines through the follower`, 1_000);
    assert.equal(stream.text().split(expected).length - 1, count);
    stream.close();
    console.log(`# node RSS growth while paused: ${growthMiB.toFixed(1)} MiB`);
  });
});

describe('logs of a function with two node processes (supervisor control API)', { skip: redisServerAvailable() ? false : 'redis-server is not installed' }, () => {
  it('each node and the entrypoint answer the replica lines, with tail, replica and since', async () => {
    const up = await LocalUp.start(() => 'functions:\n' + talker('solo', 1), undefined, {}, 'node', { nodes: 2 });
    try {
      await up.waitReady('solo', 1);
      const res = await call(`${up.url}/function/solo/say?text=clustered`);
      assert.equal(res.status, 200);
      const read = async (base: string, query = ''): Promise<Line[]> => {
        const answer = await call(`${base}/logs/solo${query}`);
        assert.equal(answer.status, 200, answer.body);
        assert.equal(answer.headers['content-type'], 'application/x-ndjson');
        return answer.body === '' ? [] : answer.body.slice(0, -1).split('\n').map((t) => JSON.parse(t) as Line);
      };
      for (const base of [up.nodeUrlOf(0), up.nodeUrlOf(1), up.url]) {
        await waitFor(async () => (await read(base)).some((l) => l.line === 'said clustered'), 20_000, `'said clustered' from ${base}`);
        const last = await read(base, '?tail=1&replica=solo-0');
        assert.deepEqual(last.map((l) => [l.replica, l.stream, l.line]), [['solo-0', 'stdout', 'said clustered']]);
        assert.deepEqual(await read(base, `?since=${encodeURIComponent(last[0]!.time)}`), last);
        assert.deepEqual(await read(base, '?replica=solo-7'), []);
      }
      assert.equal((await call(`${up.url}/logs/nobody`)).status, 404);
    } finally {
      await up.stop();
      await up.dispose();
    }
  });
});
