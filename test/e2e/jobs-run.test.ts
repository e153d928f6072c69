/**
 * End-to-end: jobs that really run (native local mode, platform.md §2.4.11) through the real CLI:
 * `NumberParallelJob` (a finished run frees its slot at once), retries up to `backoffLimit` then
 * Failed, `DependsOn` (the dependency is woken and the run waits until it is ready), arguments
 * and environment, a job calling a private function through its gateway, a cron schedule firing
 * within its minute, and restarts (SIGTERM, kill -9) losing no queued run, schedule or running run.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalUp, REPO, recorderFunction } from '../helpers/local-up.js';
import { Collector, type ReplicaRecord } from '../helpers/collector.js';
import { call } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

const SCRIPT = join(REPO, 'test', 'fixtures', 'job-script.mjs');
const json = { 'content-type': 'application/json' };

function jobYaml(name: string, o: { annotations?: Record<string, string>; env?: Record<string, string>; backoffLimit?: number; ttl?: number }): string {
  return [
    `  ${name}:`,
    `    command: ["${process.execPath}", "${SCRIPT}"]`,
    '    annotations:',
    '      SlimFaas/Job: "true"',
    '      SlimFaas/DefaultVisibility: "Public"',
    ...Object.entries(o.annotations ?? {}).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`),
    '    environment:',
    ...Object.entries(o.env ?? {}).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`),
    `    backoffLimit: ${o.backoffLimit ?? 0}`,
    `    ttlSecondsAfterFinished: ${o.ttl ?? 60}`,
    '',
  ].join('\n');
}

const starts = (collector: Collector, job: string): ReplicaRecord[] => collector.starts(`job:${job}`);

describe('jobs that run (native local mode)', () => {
  let up: LocalUp;
  let collector: Collector;
  const trigger = async (name: string, body: unknown = { Args: [] }) => {
    const res = await call(`${up.url}/job/${name}`, { method: 'POST', body: JSON.stringify(body), headers: json });
    assert.equal(res.status, 202, `${name}: ${res.body}`);
    return JSON.parse(res.body).Id as string;
  };
  const runs = async (name: string) => JSON.parse((await call(`${up.url}/job/${name}`)).body) as Array<{ Name: string; Status: string; Id: string; PositionInQueue: number }>;

  before(async () => {
    collector = await new Collector().start();
    const recordUrl = collector.url;
    up = await LocalUp.start(({ ports }) =>
      'functions:\n' +
      recorderFunction('dep', { recordUrl, env: { READY_AFTER_MS: '1500' }, annotations: { 'SlimFaas/ReplicasMin': '0', 'SlimFaas/TimeoutSecondBeforeSetReplicasMin': '300' } }) +
      recorderFunction('private-echo', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '1', 'SlimFaas/DefaultVisibility': 'Private' } }) +
      'jobs:\n' +
      jobYaml('slowjob', { annotations: { 'SlimFaas/NumberParallelJob': '2' }, env: { RECORD_URL: recordUrl, JOB_SLEEP_MS: '2500' } }) +
      jobYaml('flaky', { env: { RECORD_URL: recordUrl, JOB_EXIT_CODE: '1' }, backoffLimit: 2 }) +
      jobYaml('needy', { annotations: { 'SlimFaas/DependsOn': 'dep' }, env: { RECORD_URL: recordUrl } }) +
      jobYaml('caller', { env: { RECORD_URL: recordUrl, COMMON: 'from-manifest', SLIMFAAS_URL: `http://127.0.0.1:${ports.entrypoint}`, CALL_PATH: '/function/private-echo/from-job' } }) +
      jobYaml('crony', { annotations: { 'SlimFaas/Schedules': '[{"Schedule":"* * * * *","Args":["tick"]}]' }, env: { RECORD_URL: recordUrl } }),
    );
    await up.waitReady('private-echo');
  });

  after(async () => {
    assert.equal(await up?.stop(), 0);
    assert.deepEqual(up.alivePids(), [], 'no job or replica left behind');
    await up?.dispose();
    await collector?.close();
  });

  it('NumberParallelJob 2: two run at once, the third waits queued and starts as soon as one finishes', async () => {
    const ids = [await trigger('slowjob'), await trigger('slowjob'), await trigger('slowjob')];
    await waitFor(() => starts(collector, 'slowjob').length >= 2, 30_000, 'two runs started');
    const listed = await runs('slowjob');
    assert.equal(listed.filter((r) => r.Status === 'Running' || r.Status === 'Pending').length, 2);
    assert.deepEqual(listed.filter((r) => r.Status === 'Queued').map((r) => [r.Id, r.PositionInQueue]), [[ids[2], 0]]);
    await waitFor(() => starts(collector, 'slowjob').length === 3, 30_000, 'the third run, once a slot is free');
    const status = await runs('slowjob');
    assert.ok(status.some((r) => r.Status === 'Succeeded'), 'the finished run is still listed (its TTL is 60 s) yet no longer holds a slot');
  });

  it('a failing job is retried backoffLimit (2) times, then reported Failed', async () => {
    const id = await trigger('flaky');
    await waitFor(async () => (await runs('flaky')).some((r) => r.Id === id && r.Status === 'Failed'), 60_000, 'the run to be Failed');
    assert.equal(starts(collector, 'flaky').length, 3, '1 attempt + 2 retries');
  });

  it('DependsOn: the dependency at zero is woken, the run waits until it is ready', async () => {
    assert.equal((await up.status('dep')).NumberRequested, 0);
    await trigger('needy');
    await waitFor(() => starts(collector, 'needy').length === 1, 60_000, 'the run, once its dependency is ready');
    const log = readFileSync(join(up.stateDir, 'logs', 'dep-0.log'), 'utf8');
    const depStarted = Date.parse(/^(\S+) started pid=/m.exec(log)![1]!);
    assert.ok(starts(collector, 'needy')[0]!.at - depStarted >= 1500, 'not before the dependency answered its health probe (1.5 s after its start)');
  });

  it('arguments, literal environment (overriding the manifest) and a call to a private function through the job gateway', async () => {
    const before = collector.starts('private-echo').length;
    await trigger('caller', { Args: ['7', 'x'], Environments: [{ Name: 'MODE', Value: 'fast' }, { Name: 'COMMON', Value: 'from-request' }] });
    const [run] = await collector.waitForStarts(1, 'job:caller', 30_000);
    assert.equal(run!.path, '7 x');
    assert.equal(run!.headers.mode, 'fast');
    assert.equal(run!.headers.common, 'from-request');
    assert.notEqual(run!.headers.slimfaas_url, `http://127.0.0.1:${up.ports.entrypoint}`, 'the entrypoint URL is rewritten to the run gateway');
    await collector.waitForStarts(before + 1, 'private-echo', 30_000);
    const received = collector.starts('private-echo').at(-1)!;
    assert.equal(received.path, '/from-job');
    assert.equal(received.headers['x-slimfaas-job'], undefined, 'job identity headers never reach functions');
  });

  it('a `* * * * *` schedule fires within its minute, once per minute', async () => {
    const [first] = await collector.waitForStarts(1, 'job:crony', 75_000);
    const secondsIntoMinute = (first!.at % 60_000) / 1000;
    console.log(`# cron run started ${secondsIntoMinute.toFixed(2)} s after the minute boundary`);
    assert.ok(secondsIntoMinute < 30, `started ${secondsIntoMinute} s into its minute`);
    assert.equal(first!.path, 'tick');
    assert.equal(starts(collector, 'crony').filter((r) => Math.floor(r.at / 60_000) === Math.floor(first!.at / 60_000)).length, 1);
  });
});

describe('restarts lose no queued run, schedule or running run', () => {
  it('SIGTERM then kill -9: queued runs and schedules survive; a run interrupted by kill -9 starts again', async () => {
    const collector = await new Collector().start();
    // `held` depends on a function that never becomes ready: its runs stay queued.
    const manifest = () =>
      'functions:\n' +
      recorderFunction('never', { recordUrl: collector.url, env: { HEALTHY: 'false' }, annotations: { 'SlimFaas/ReplicasMin': '0' } }) +
      'jobs:\n' +
      jobYaml('held', { annotations: { 'SlimFaas/DependsOn': 'never' }, env: { RECORD_URL: collector.url } }) +
      jobYaml('long', { env: { RECORD_URL: collector.url, JOB_SLEEP_MS: '120000' } });
    let up = await LocalUp.start(manifest);
    const first = up;
    try {
      const post = (path: string, body: unknown) => call(`${up.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: json });
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push(JSON.parse((await post('/job/held', { Args: [String(i)] })).body).Id);
      const schedule = JSON.parse((await post('/job-schedules/held', { Schedule: '0 0 * * *' })).body).Id;
      const queuedIds = async () => (JSON.parse((await call(`${up.url}/job/held`)).body) as Array<{ Id: string }>).map((r) => r.Id);
      const scheduleIds = async () => (JSON.parse((await call(`${up.url}/job-schedules/held`)).body) as Array<{ Id: string }>).map((r) => r.Id);

      assert.equal(await up.stop('SIGTERM'), 0);
      up = await LocalUp.start(manifest, { dir: first.dir, ports: first.ports });
      assert.deepEqual(await queuedIds(), ids, 'after SIGTERM');
      assert.deepEqual(await scheduleIds(), [schedule]);

      await post('/job/long', { Args: [] });
      const [running] = await collector.waitForStarts(1, 'job:long', 30_000);
      await up.killCli();
      up = await LocalUp.start(manifest, { dir: first.dir, ports: first.ports });
      assert.deepEqual(await queuedIds(), ids, 'after kill -9');
      assert.deepEqual(await scheduleIds(), [schedule]);
      await waitFor(() => starts(collector, 'long').length === 2, 30_000, 'the interrupted run to start again');
      const again = starts(collector, 'long')[1]!;
      assert.equal(again.replica, running!.replica, 'the same run (same run name), not a new one');
      assert.notEqual(again.pid, running!.pid);
      assert.equal(await up.stop(), 0);
      assert.deepEqual(up.alivePids(), []);
    } finally {
      await up.dispose(false);
      await first.dispose();
      await collector.close();
    }
  });
});
