/** Native-local specifics of job runs (platform.md §2.4.11) beyond the shared contract, with real child processes. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalJob } from '../../config/manifest/types.js';
import { runOf } from '../jobs.case.js';
import type { DeclaredJobDefinition, JobInfo, JobRunSpec } from '../jobs.js';
import { pidsOfChildren } from './process-orchestrator.js';
import { verifyJobRunSignature } from './job-signature.js';
import { jobOf, startJobHarness, type JobHarness } from './fixtures/job-support.js';
import { isAlive, waitFor } from './fixtures/test-support.js';

after(() => {
  assert.deepEqual(pidsOfChildren(), []);
});

/** Runs `body` on a started harness; afterwards every job PID it saw is gone and no child is left. */
async function withJobs(jobs: LocalJob[], body: (h: JobHarness, pids: Set<number>) => Promise<void>): Promise<void> {
  const h = await startJobHarness(jobs);
  const pids = new Set<number>();
  const record = (): void => {
    for (const run of h.orch.snapshot().jobs) if (run.pid !== null) pids.add(run.pid);
  };
  const unsubscribe = h.orch.onChange(record);
  try {
    await body(h, pids);
  } finally {
    record();
    await h.dispose();
    unsubscribe();
  }
  for (const pid of pids) assert.equal(isAlive(pid), false, `job pid ${pid} is still alive after stop()`);
  assert.deepEqual(pidsOfChildren(), []);
}

async function definition(h: JobHarness, name: string): Promise<DeclaredJobDefinition> {
  const def = (await h.orch.listJobDefinitions())?.find((d) => d.name === name);
  assert.ok(def, `definition ${name}`);
  return def;
}

async function finished(h: JobHarness, run: JobRunSpec): Promise<JobInfo> {
  return waitFor(`run ${run.name} to finish`, async () => {
    const job = (await h.orch.listJobs()).find((j) => j.name === run.name);
    return job && (job.status === 'Succeeded' || job.status === 'Failed') ? job : undefined;
  }, 30_000);
}

const logOf = (h: JobHarness, run: JobRunSpec): string => readFileSync(join(h.logsDir, `${run.name}.log`), 'utf8');
const count = (text: string, needle: string): number => text.split(needle).length - 1;

test('a run gets SLIMFAAS_JOB_*, manifest and literal variables, rewritten entrypoint URLs, and arrives signed', async () => {
  const job = jobOf('env-job', { environment: { JOB_CONTRACT_MANIFEST: 'from manifest', JOB_CONTRACT_SHARED: 'manifest' } });
  await withJobs([job], async (h) => {
    const entry = `http://localhost:${h.sink.port}`;
    const untouched = ['http://127.0.0.1:1/other', `https://localhost:${h.sink.port}/tls`];
    const run: JobRunSpec = {
      ...runOf(await definition(h, 'env-job'), ['report', `${entry}/report`, ...untouched], {
        environment: [
          { Name: 'JOB_CONTRACT_URL', Value: `ws://[::1]:${h.sink.port}/socket` },
          { Name: 'JOB_CONTRACT_SHARED', Value: 'request' },
          { Name: 'JOB_CONTRACT_SECRET', Value: 'leaked', SecretRef: { Name: 'secret', Key: 'key' } },
          { Name: 'JOB_CONTRACT_FORGE', Value: '1' },
          { Name: 'SLIMFAAS_JOB_NAME', Value: 'forged' },
        ],
      }),
      image: '/bin/false',
    };
    await h.orch.createJob(run);
    assert.equal((await finished(h, run)).status, 'Succeeded');

    const [report] = h.sink.reports(run.name);
    assert.ok(report, 'the run reported through its gateway');
    const gatewayUrl = new URL(report.argv[1]!);
    assert.equal(gatewayUrl.hostname, '127.0.0.1');
    assert.notEqual(Number(gatewayUrl.port), h.sink.port, 'the entrypoint URL argument points at the gateway');
    assert.equal(gatewayUrl.pathname, '/report');
    assert.deepEqual(report.argv.slice(2), untouched);
    assert.deepEqual(
      {
        name: report.env.SLIMFAAS_JOB_NAME,
        run: report.env.SLIMFAAS_JOB_RUN_NAME,
        manifest: report.env.JOB_CONTRACT_MANIFEST,
        shared: report.env.JOB_CONTRACT_SHARED,
        secret: report.env.JOB_CONTRACT_SECRET,
        url: report.env.JOB_CONTRACT_URL,
      },
      {
        name: 'env-job',
        run: run.name,
        manifest: 'from manifest',
        shared: 'request',
        secret: undefined,
        url: `ws://127.0.0.1:${gatewayUrl.port}/socket`,
      },
    );
    assert.equal(report.headers['x-slimfaas-job'], run.name, 'the forged run name was replaced');
    assert.equal(verifyJobRunSignature(run.name, String(report.headers['x-slimfaas-job-signature']), h.token), true);
    assert.equal(report.headers.connection, 'close');
  });
});

test('output is tagged on the console and timestamped in logs/<run name>.log; a finished run has no address', async () => {
  await withJobs([jobOf('log-job')], async (h) => {
    const run = runOf(await definition(h, 'log-job'), ['exit', '0']);
    await h.orch.createJob(run);
    const info = await finished(h, run);
    assert.deepEqual(info.ips, []);
    const log = logOf(h, run);
    assert.match(log, /^\d{4}-\d{2}-\d{2}T[\d:.]+Z started pid=\d+$/m);
    assert.match(log, /Z job exit pid=\d+$/m);
    assert.match(log, /Z exited code=0$/m);
    const tag = `[job/log-job/${run.elementId}] `;
    assert.ok(h.lines.some((line) => line.startsWith(`${tag}started pid=`)), 'tagged console output');
    assert.ok(h.lines.some((line) => line === `${tag}job exit pid=${/started pid=(\d+)/.exec(log)![1]}`));
  });
});

test('a failing run is launched backoffLimit + 1 times (started pid= lines), then Failed', async () => {
  await withJobs([jobOf('fail-job')], async (h) => {
    const run = runOf(await definition(h, 'fail-job'), ['exit', '7'], { backoffLimit: 2 });
    await h.orch.createJob(run);
    assert.equal((await finished(h, run)).status, 'Failed');
    // The log file is appended asynchronously: wait for the last attempt's lines to land.
    await waitFor('the third attempt in the log', async () => count(logOf(h, run), 'exited code=7') === 3);
    const log = logOf(h, run);
    assert.equal(count(log, 'started pid='), 3);
    assert.equal(count(log, 'exited code=7'), 3);
    assert.match(log, /retrying in 1 s \(attempt 2 of 3\)/);
    assert.match(log, /retrying in 2 s \(attempt 3 of 3\)/);
    assert.equal(h.orch.snapshot().jobs.find((j) => j.name === run.name)?.attempts, 3);
  });
});

test('a command that cannot start counts as a failed attempt', async () => {
  await withJobs([jobOf('missing-job', { command: ['/nonexistent/slimfaas-job-binary'] })], async (h) => {
    const run = runOf(await definition(h, 'missing-job'), null, { backoffLimit: 1 });
    await h.orch.createJob(run);
    assert.equal((await finished(h, run)).status, 'Failed');
    assert.equal(count(logOf(h, run), 'failed to start:'), 2);
  });
});

test('deleteJob kills the process tree and closes the gateway', async () => {
  await withJobs([jobOf('sleep-job')], async (h) => {
    const run = runOf(await definition(h, 'sleep-job'), ['sleep'], {
      environment: [
        { Name: 'JOB_CONTRACT_IGNORE_SIGTERM', Value: '1' },
        { Name: 'JOB_CONTRACT_GRANDCHILD', Value: '1' },
      ],
    });
    await h.orch.createJob(run);
    const grandchild = Number(await waitFor('the grandchild', () => /grandchild pid=(\d+)/.exec(logOf(h, run))?.[1]));
    const { pid, gatewayPort } = h.orch.snapshot().jobs.find((j) => j.name === run.name)!;
    assert.ok(pid !== null && gatewayPort !== null);
    assert.equal(isAlive(pid), true);
    assert.equal(isAlive(grandchild), true);
    assert.equal(await h.orch.deleteJob(run.name), true);
    assert.equal(isAlive(pid), false, 'the process is gone once deleteJob resolved (SIGKILL after the grace)');
    await waitFor('the grandchild to be gone', () => !isAlive(grandchild));
    assert.equal(h.orch.snapshot().jobs.length, 0);
    await assert.rejects(
      new Promise((resolve, reject) => net.connect({ host: '127.0.0.1', port: gatewayPort }).on('connect', resolve).on('error', reject)),
      /ECONNREFUSED/,
    );
  });
});

test('stop() ends running jobs with the orchestrator', async () => {
  let pid: number | null = null;
  await withJobs([jobOf('stop-job')], async (h) => {
    const run = runOf(await definition(h, 'stop-job'), ['sleep']);
    await h.orch.createJob(run);
    pid = (await waitFor('a live process', () => h.orch.snapshot().jobs.find((j) => j.pid !== null))).pid;
  });
  assert.ok(pid !== null);
  assert.equal(isAlive(pid), false);
});

test('createJob rejects an unknown definition, an unusable run name, and any run once stopped', async () => {
  let stopped: JobHarness | null = null;
  await withJobs([jobOf('some-job')], async (h) => {
    const def = await definition(h, 'some-job');
    await assert.rejects(h.orch.createJob({ ...runOf(def, null), definition: 'no-such-job' }), /not found/);
    await assert.rejects(h.orch.createJob({ ...runOf(def, null), name: '../escape' }), /Invalid job run name/);
    assert.deepEqual(await h.orch.listJobs(), []);
    stopped = h;
  });
  const h = stopped as JobHarness | null;
  assert.ok(h);
  await assert.rejects(h.orch.createJob(runOf(await definition(h, 'some-job'), ['exit', '0'])), /not running/);
});
