/**
 * The job side of the Orchestrator contract (jobs.md §6, platform.md §2.4.11): what the job
 * dispatcher relies on from every backend (native processes now; Kubernetes and Docker later).
 *
 * The fixture declares one job definition whose runs obey this argument protocol (a node script
 * locally, a test image elsewhere):
 * - `exit <code>`: exits with `<code>`;
 * - `sleep`: stays alive until terminated;
 * - `report <url>`: POSTs `{"argv": [...its arguments], "env": {every JOB_CONTRACT_* and SLIMFAAS_* variable}}`
 *   as JSON to `<url>` and exits with the integer of the response body.
 * `startJobReportSink` is the receiving end: it answers each report of a run with the next code of
 * the run's `JOB_CONTRACT_EXIT_CODES` (comma-separated, the last one repeats; default 0).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DeclaredJobDefinition, JobEnvironmentEntry, JobInfo, JobOrchestrator, JobRunSpec, JobStatus } from './jobs.js';

export interface JobReport {
  /** The run's `JOB_CONTRACT_RUN` (the suite sets it to the run name). */
  run: string;
  argv: string[];
  env: Record<string, string>;
  headers: http.IncomingHttpHeaders;
}

export interface JobReportSink {
  port: number;
  /** Reports received so far, of one run or of all. */
  reports(run?: string): JobReport[];
  close(): Promise<void>;
}

export interface JobContractFixture {
  orchestrator: JobOrchestrator & { onChange?(listener: () => void): () => void };
  /** The declared definition obeying the protocol above. */
  definition: string;
  /** URL a run passes to `report` (reaching the fixture's sink). */
  callbackUrl: string;
  reports(run: string): JobReport[];
  cleanup(): Promise<void>;
}

/** Receives `report` calls (see the module comment). */
export function startJobReportSink(host = '127.0.0.1'): Promise<JobReportSink> {
  const received: JobReport[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      let body: { argv?: string[]; env?: Record<string, string> } = {};
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        // Recorded with empty argv/env.
      }
      const env = body.env ?? {};
      const run = env.JOB_CONTRACT_RUN ?? '';
      const previous = received.filter((r) => r.run === run).length;
      received.push({ run, argv: body.argv ?? [], env, headers: req.headers });
      const codes = (env.JOB_CONTRACT_EXIT_CODES ?? '0').split(',');
      res.writeHead(200, { 'content-type': 'text/plain' }).end(codes[Math.min(previous, codes.length - 1)]?.trim() || '0');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        reports: (run) => received.filter((r) => run === undefined || r.run === run),
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}

async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** .NET ticks (100 ns since 0001-01-01) of now, as an exact decimal string. */
const ticksNow = (): string => (BigInt(Date.now()) * 10_000n + 621_355_968_000_000_000n).toString();

const suffix = (): string => randomUUID().replace(/-/g, '').slice(0, 8);

interface RunOptions {
  exitCodes?: string;
  backoffLimit?: number;
  ttlSecondsAfterFinished?: number;
  dependsOn?: string[] | null;
  environment?: JobEnvironmentEntry[];
}

export function runOf(def: DeclaredJobDefinition, args: string[] | null, o: RunOptions = {}): JobRunSpec {
  const name = `${def.name}-slimfaas-job-${suffix()}`;
  const environment: JobEnvironmentEntry[] = [{ Name: 'JOB_CONTRACT_RUN', Value: name }, ...(o.environment ?? [])];
  if (o.exitCodes !== undefined) environment.push({ Name: 'JOB_CONTRACT_EXIT_CODES', Value: o.exitCodes });
  const ticks = ticksNow();
  return {
    name,
    definition: def.name,
    elementId: randomUUID(),
    image: def.Image,
    args,
    environment,
    resources: def.Resources ?? { Requests: { cpu: '100m', memory: '100Mi' }, Limits: { cpu: '100m', memory: '100Mi' } },
    dependsOn: o.dependsOn ?? null,
    backoffLimit: o.backoffLimit ?? 0,
    ttlSecondsAfterFinished: o.ttlSecondsAfterFinished ?? 60,
    restartPolicy: def.RestartPolicy,
    inQueueTicks: ticks,
    startTicks: ticks,
  };
}

const ORDER: Record<JobStatus, number> = { Pending: 0, ImagePullBackOff: 0, Running: 1, Succeeded: 2, Failed: 2 };

export function runJobContract(name: string, factory: () => Promise<JobContractFixture>): void {
  describe(`${name} job orchestrator contract`, () => {
    let fixture: JobContractFixture;
    let def: DeclaredJobDefinition;
    let changes = 0;
    let unsubscribe: (() => void) | undefined;

    const find = async (run: string): Promise<JobInfo | undefined> =>
      (await fixture.orchestrator.listJobs()).find((j) => j.name === run);

    /** Waits for a terminal status, checking every status seen on the way only moves forward. */
    const finished = async (run: string): Promise<JobInfo> => {
      const seen: JobStatus[] = [];
      const info = await eventually(`run ${run} to finish`, async () => {
        const job = await find(run);
        assert.ok(job, `run ${run} is listed until it finishes`);
        if (seen[seen.length - 1] !== job.status) seen.push(job.status);
        return job.status === 'Succeeded' || job.status === 'Failed' ? job : undefined;
      });
      for (let i = 1; i < seen.length; i++) {
        assert.ok(ORDER[seen[i]!] > ORDER[seen[i - 1]!], `status progression ${seen.join(' → ')}`);
      }
      return info;
    };

    before(async () => {
      fixture = await factory();
      unsubscribe = fixture.orchestrator.onChange?.(() => changes++);
      const defs = await fixture.orchestrator.listJobDefinitions();
      assert.ok(defs, 'definitions are listed');
      const found = defs.find((d) => d.name === fixture.definition);
      assert.ok(found, `definition ${fixture.definition} is declared`);
      def = found;
    });

    after(async () => {
      unsubscribe?.();
      await fixture?.cleanup();
    });

    it('declares the definition with an allowed image and resources', () => {
      assert.ok(def.Image.length > 0);
      assert.ok(def.ImagesWhitelist.includes(def.Image), 'its own image is allowed');
      assert.ok(def.Resources && typeof def.Resources.Requests === 'object' && typeof def.Resources.Limits === 'object');
      assert.ok(Number.isInteger(def.BackoffLimit) && def.BackoffLimit >= 0);
      assert.ok(Number.isInteger(def.NumberParallelJob) && Number.isInteger(def.TtlSecondsAfterFinished));
      assert.equal(typeof def.Visibility, 'string');
      assert.equal(typeof def.schedules, 'string');
    });

    it('runs a run to Succeeded with its arguments and literal variables; ids, ticks and dependsOn are echoed', async () => {
      const run = runOf(def, ['report', fixture.callbackUrl], {
        dependsOn: ['fn-one', 'fn-two'],
        environment: [{ Name: 'JOB_CONTRACT_LITERAL', Value: 'literal value' }],
      });
      await fixture.orchestrator.createJob(run);
      const created = await find(run.name);
      assert.ok(created, 'listed as soon as createJob resolved');
      assert.ok(['Pending', 'Running', 'Succeeded'].includes(created.status), created.status);
      const info = await finished(run.name);
      assert.equal(info.status, 'Succeeded');
      assert.deepEqual(
        [info.elementId, info.inQueueTicks, info.startTicks, info.dependsOn],
        [run.elementId, run.inQueueTicks, run.startTicks, ['fn-one', 'fn-two']],
      );
      const reports = fixture.reports(run.name);
      assert.equal(reports.length, 1);
      assert.equal(reports[0]!.argv.length, 2);
      assert.equal(reports[0]!.argv[0], 'report');
      assert.equal(reports[0]!.env.JOB_CONTRACT_LITERAL, 'literal value');
      assert.ok(await find(run.name), 'still listed after finishing (TTL 60 s)');
      if (fixture.orchestrator.onChange) assert.ok(changes > 0, 'onChange fired');
    });

    it('echoes an absent dependsOn as []', async () => {
      const run = runOf(def, ['exit', '0']);
      await fixture.orchestrator.createJob(run);
      assert.deepEqual((await finished(run.name)).dependsOn, []);
    });

    it('retries a failing run backoffLimit times, then reports Failed', async () => {
      const run = runOf(def, ['report', fixture.callbackUrl], { exitCodes: '3', backoffLimit: 2 });
      await fixture.orchestrator.createJob(run);
      assert.equal((await finished(run.name)).status, 'Failed');
      assert.equal(fixture.reports(run.name).length, 3, 'one attempt plus backoffLimit retries');
    });

    it('a run failing once then succeeding ends Succeeded', async () => {
      const run = runOf(def, ['report', fixture.callbackUrl], { exitCodes: '1,0', backoffLimit: 1 });
      await fixture.orchestrator.createJob(run);
      assert.equal((await finished(run.name)).status, 'Succeeded');
      assert.equal(fixture.reports(run.name).length, 2);
    });

    it('backoffLimit 0 means a single attempt', async () => {
      const run = runOf(def, ['report', fixture.callbackUrl], { exitCodes: '1', backoffLimit: 0 });
      await fixture.orchestrator.createJob(run);
      assert.equal((await finished(run.name)).status, 'Failed');
      assert.equal(fixture.reports(run.name).length, 1);
    });

    it('creation is idempotent per run name', async () => {
      const run = runOf(def, ['report', fixture.callbackUrl]);
      await Promise.all([fixture.orchestrator.createJob(run), fixture.orchestrator.createJob(run)]);
      await finished(run.name);
      await fixture.orchestrator.createJob({ ...run, elementId: 'another-element' });
      const listed = (await fixture.orchestrator.listJobs()).filter((j) => j.name === run.name);
      assert.equal(listed.length, 1);
      assert.equal(listed[0]!.status, 'Succeeded');
      assert.equal(listed[0]!.elementId, run.elementId);
      assert.equal(fixture.reports(run.name).length, 1, 'started once');
    });

    it('a finished run disappears once ttlSecondsAfterFinished elapsed', async () => {
      const run = runOf(def, ['exit', '0'], { ttlSecondsAfterFinished: 1 });
      await fixture.orchestrator.createJob(run);
      await eventually('the run to be gone', async () => (await find(run.name)) === undefined);
    });

    it('deleteJob stops a running run and forgets it', async () => {
      const run = runOf(def, ['sleep'], { ttlSecondsAfterFinished: 600 });
      await fixture.orchestrator.createJob(run);
      const running = await eventually('a running run with an address', async () => {
        const job = await find(run.name);
        return job?.status === 'Running' && job.ips.length > 0 ? job : undefined;
      });
      assert.equal(running.elementId, run.elementId);
      assert.equal(await fixture.orchestrator.deleteJob(run.name), true);
      await eventually('the run to be gone', async () => (await find(run.name)) === undefined);
      assert.equal(await fixture.orchestrator.deleteJob(run.name), false);
    });

    it('deleteJob of an unknown run resolves false', async () => {
      assert.equal(await fixture.orchestrator.deleteJob(`${def.name}-slimfaas-job-nosuchrn`), false);
    });
  });
}
