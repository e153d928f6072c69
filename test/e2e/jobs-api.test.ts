/**
 * End-to-end: the job API acceptance scenarios of jobs.md §13 that need no execution, through the
 * real CLI with the spec's common catalogue (`SlimFaas__JobsConfiguration`). `NumberParallelJob`
 * is 0 here, which holds every run in the queue ("the dispatcher is paused").
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalUp } from '../helpers/local-up.js';
import { call, EXTERNAL } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

const CATALOGUE = JSON.stringify({
  Configurations: {
    fibonacci: {
      Image: 'reg/fib:1',
      ImagesWhitelist: ['reg/fib:*'],
      Resources: { Requests: { cpu: '400m', memory: '400Mi' }, Limits: { cpu: '400m', memory: '400Mi' } },
      Visibility: 'Public',
      NumberParallelJob: 0,
    },
    'secret-job': { Image: 'reg/s:1', ImagesWhitelist: [], Resources: { Requests: { cpu: '100m', memory: '100Mi' }, Limits: { cpu: '100m', memory: '100Mi' } }, NumberParallelJob: 0 },
  },
  Schedules: { fibonacci: [{ Schedule: '*/5 * * * *', Args: ['1'] }] },
});
const NAME_ERROR = '"Function name must match pattern [a-z0-9_-] and be between 3 and 30 characters"';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('job API (jobs.md §13)', () => {
  let up: LocalUp;
  let backupDir: string;
  const json = { 'content-type': 'application/json' };
  const post = (path: string, body: unknown, external = true) =>
    call(`${up.nodeUrl}${path}`, { method: 'POST', body: JSON.stringify(body), headers: json, localAddress: external ? EXTERNAL : undefined });
  const list = async (name: string) => JSON.parse((await call(`${up.nodeUrl}/job/${name}`)).body) as Array<Record<string, unknown>>;

  before(async () => {
    up = await LocalUp.start(
      ({ dir }) => {
        backupDir = join(dir, 'backup');
        return 'functions: {}\n';
      },
      undefined,
      { SlimFaas__JobsConfiguration: CATALOGUE, SlimData__BackupDirectory: '' },
    );
  });

  after(async () => {
    assert.equal(await up?.stop(), 0);
    await up?.dispose();
  });

  it('1, 11: an external trigger of a public job is accepted and listed as queued', async () => {
    const res = await post('/job/fibonacci', { Args: ['42'] });
    assert.equal(res.status, 202);
    assert.equal(res.headers['content-type']?.split(';')[0], 'application/json');
    const { Id } = JSON.parse(res.body);
    assert.match(Id, UUID);
    const raw = (await call(`${up.nodeUrl}/job/fibonacci`)).body;
    const item = (JSON.parse(raw) as Array<Record<string, unknown>>).find((r) => r.Id === Id)!;
    assert.match(String(item.Name), /^fibonacci-slimfaas-job-[0-9a-z]{8}$/);
    assert.deepEqual(Object.keys(item), ['Name', 'Status', 'Id', 'PositionInQueue', 'InQueueTimestamp', 'StartTimestamp']);
    assert.equal(item.Status, 'Queued');
    assert.equal(item.StartTimestamp, -1);
    assert.match(raw, /"InQueueTimestamp":6\d{17},/, 'ticks are a plain integer literal');
  });

  it('2, 3: invalid names are 400 with the message, nothing enqueued', async () => {
    const before = (await list('fibonacci')).length;
    for (const name of ['ab', 'test.func', 'a'.repeat(31)]) {
      const res = await post(`/job/${name}`, { Args: [] });
      assert.equal(res.status, 400, name);
      assert.equal(res.body, NAME_ERROR);
    }
    assert.equal((await list('fibonacci')).length, before);
  });

  it('4: names are lower-cased', async () => {
    const res = await post('/job/FIBONACCI', { Args: [] });
    assert.equal(res.status, 202);
    const { Id } = JSON.parse(res.body);
    assert.ok((await list('fibonacci')).some((r) => r.Id === Id && String(r.Name).startsWith('fibonacci-slimfaas-job-')));
  });

  it('5, 6, 9: a private job refuses external callers (empty 400), accepts internal ones; unknown names fall back to private Default', async () => {
    const external = await post('/job/secret-job', { Args: [] });
    assert.deepEqual([external.status, external.body], [400, '']);
    const forged = await call(`${up.nodeUrl}/job/secret-job`, { method: 'POST', body: '{"Args":[]}', headers: { ...json, 'x-forwarded-for': '127.0.0.1' }, localAddress: EXTERNAL });
    assert.equal(forged.status, 400, 'a forged X-Forwarded-For from an untrusted peer changes nothing');
    assert.equal((await post('/job/secret-job', { Args: [] }, false)).status, 202);
    assert.equal((await post('/job/unknown-job', { Args: [] })).status, 400);
    assert.equal((await post('/job/unknown-job', { Args: [] }, false)).status, 202, 'internal callers may run Default');
  });

  it('7, 8: the image whitelist applies; a wildcard matches', async () => {
    assert.equal((await post('/job/fibonacci', { Args: [], Image: 'evil/img:1' })).status, 400);
    assert.equal((await post('/job/fibonacci', { Args: [], Image: 'reg/fib:2.0' })).status, 202);
  });

  it('10, 24: PUT is 405; a null or malformed body is 400', async () => {
    assert.equal((await call(`${up.nodeUrl}/job/fibonacci`, { method: 'PUT', body: '{}', headers: json })).status, 405);
    assert.equal((await call(`${up.nodeUrl}/job-schedules/fibonacci`, { method: 'PUT', body: '{}', headers: json })).status, 405);
    assert.equal((await call(`${up.nodeUrl}/job/fibonacci/x`, { method: 'POST', body: '{}', headers: json })).status, 405);
    assert.equal((await post('/job/fibonacci', null)).status, 400);
    assert.equal((await call(`${up.nodeUrl}/job/fibonacci`, { method: 'POST', body: '{oops', headers: json })).status, 400);
  });

  it('12, 13, 14: cancel a queued run; unknown ids are 404; a private run cannot be cancelled from outside', async () => {
    const { Id } = JSON.parse((await post('/job/fibonacci', { Args: [] })).body);
    assert.equal((await call(`${up.nodeUrl}/job/fibonacci/${Id}`, { method: 'DELETE', localAddress: EXTERNAL })).status, 200);
    assert.ok(!(await list('fibonacci')).some((r) => r.Id === Id));
    assert.equal((await call(`${up.nodeUrl}/job/fibonacci/does-not-exist`, { method: 'DELETE' })).status, 404);
    const secret = JSON.parse((await post('/job/secret-job', { Args: [] }, false)).body).Id;
    assert.equal((await call(`${up.nodeUrl}/job/secret-job/${secret}`, { method: 'DELETE', localAddress: EXTERNAL })).status, 404);
    assert.ok((await list('secret-job')).some((r) => r.Id === secret), 'the run stays queued');
  });

  it('21, 22, 23: schedules are created, echoed, validated (400 naming the problem) and deleted', async () => {
    const created = await post('/job-schedules/fibonacci', { Schedule: '0 0 * * *', Args: ['42'] });
    assert.equal(created.status, 201);
    const { Id } = JSON.parse(created.body);
    assert.match(Id, UUID);
    const listed = await call(`${up.nodeUrl}/job-schedules/fibonacci`);
    assert.equal(listed.body, `[{"Id":"${Id}","Schedule":"0 0 * * *","Args":["42"],"Image":"","BackoffLimit":1,"TtlSecondsAfterFinished":60,"RestartPolicy":"Never","DependsOn":[]}]`);
    for (const schedule of ['cron invalid', '0 25 * * *', '0 0 * * MON']) {
      const bad = await post('/job-schedules/fibonacci', { Schedule: schedule, Args: [] });
      assert.equal(bad.status, 400, schedule);
      assert.match(JSON.parse(bad.body).error, /invalid/);
    }
    assert.equal((await post('/job-schedules/secret-job', { Schedule: '0 0 * * *' })).status, 400, 'private + external');
    assert.equal((await call(`${up.nodeUrl}/job-schedules/fibonacci/${Id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await call(`${up.nodeUrl}/job-schedules/fibonacci/${Id}`, { method: 'DELETE' })).status, 404);
    assert.equal((await call(`${up.nodeUrl}/job-schedules/nobody`)).body, '[]');
  });

  it('25: the status report lists every definition with its schedules; /status-jobs is the same', async () => {
    const res = await call(`${up.nodeUrl}/jobs/status`);
    assert.equal(res.status, 200);
    const status = JSON.parse(res.body) as Array<Record<string, any>>;
    const fib = status.find((s) => s.Name === 'fibonacci')!;
    assert.deepEqual([fib.Visibility, fib.NumberParallelJob], ['Public', 0]);
    assert.deepEqual(Object.keys(fib), ['Name', 'Visibility', 'Image', 'ImagesWhitelist', 'NumberParallelJob', 'Resources', 'DependsOn', 'Schedules', 'RunningJobs']);
    const [schedule] = fib.Schedules;
    assert.match(schedule.Id, /^[0-9a-f]{8}$/);
    assert.ok(schedule.NextExecutionTimestamp > Date.now() / 1000);
    assert.ok(status.some((s) => s.Name === 'Default'));
    assert.equal((await call(`${up.nodeUrl}/status-jobs`)).body, res.body);
  });

  it('unknown route shapes are 404', async () => {
    assert.equal((await call(`${up.nodeUrl}/job/`)).status, 404);
    assert.equal((await call(`${up.nodeUrl}/job/a/b/c`, { method: 'DELETE' })).status, 404);
  });

  it('27: with SlimData__BackupDirectory, dynamic schedules are backed up as base64 entries', async () => {
    const backup = await LocalUp.start(() => 'functions: {}\n', undefined, { SlimFaas__JobsConfiguration: CATALOGUE, SlimData__BackupDirectory: backupDir, SlimData__BackupIntervalSeconds: '1' });
    try {
      const res = await call(`${backup.nodeUrl}/job-schedules/fibonacci`, { method: 'POST', body: '{"Schedule":"0 0 * * *"}', headers: json });
      const { Id } = JSON.parse(res.body);
      const file = join(backupDir, 'schedule-jobs-backup.json');
      await waitFor(() => existsSync(file) && readFileSync(file, 'utf8').includes(Id), 15_000, 'the backup file with the schedule');
      const document = JSON.parse(readFileSync(file, 'utf8'));
      assert.equal(typeof document.Hashsets['ScheduleJob:fibonacci'][Id], 'string');
      assert.ok(Buffer.from(document.Hashsets['ScheduleJob:fibonacci'][Id], 'base64').toString('utf8').includes('0 0 * * *'));
      assert.equal(await backup.stop(), 0);
    } finally {
      await backup.dispose();
    }
  });
});
