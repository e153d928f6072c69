/**
 * End-to-end: `GET /logs/{function}` through the real `slimfaas local up` CLI: NDJSON lines of real
 * replicas (stdout and stderr) read back from their log files, tail, since, replica filter, and the
 * refusals (external caller 403, unknown function 404, invalid query 400).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LocalUp, REPO } from '../helpers/local-up.js';
import { call, EXTERNAL } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

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
    up = await LocalUp.start(() => 'functions:\n' + talker('solo', 1) + talker('duo', 2));
    await up.waitReady('solo', 1);
    await up.waitReady('duo', 2);
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
});
