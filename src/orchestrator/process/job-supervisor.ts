/**
 * The native supervisor's job side (platform.md §2.4.11): declares the manifest jobs, creates runs
 * idempotently by run name, monitors them every 250 ms (retries, TTL removal), deletes them, and
 * `stop()` resolves once every run's process tree and gateway are gone.
 */
import type { LocalJob } from '../../config/manifest/types.js';
import type { DeclaredJobDefinition, JobInfo, JobRunSpec } from '../jobs.js';
import { jobDefinitionOf } from './job-definitions.js';
import { JobRunner, type JobRunSnapshot } from './job-runner.js';
import type { OutputFn } from './log-sink.js';

const MONITOR_MS = 250;
/** Run names become log file names and header values. */
const RUN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,252}$/;

export interface JobSupervisorOptions {
  jobs: LocalJob[];
  logsDir: string;
  output: OutputFn;
  killGraceMs: number;
  /** Entrypoint port on 127.0.0.1 that job gateways forward to. */
  entrypointPort: number;
  /** HMAC key of `X-SlimFaas-Job-Signature`. */
  token: string;
  onChange: () => void;
}

export class JobSupervisor {
  private readonly jobs = new Map<string, LocalJob>();
  private readonly runs = new Map<string, JobRunner>();
  /** Stops of runs already forgotten (TTL expiry). */
  private readonly retiring = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private stopping: Promise<void> | null = null;

  constructor(private readonly o: JobSupervisorOptions) {
    for (const job of o.jobs) this.jobs.set(job.name, job);
  }

  start(): void {
    if (this.timer || this.stopping) return;
    this.timer = setInterval(() => this.monitor(), MONITOR_MS);
  }

  definitions(): DeclaredJobDefinition[] {
    return [...this.jobs.values()].map(jobDefinitionOf);
  }

  /** Registers the run before anything asynchronous, so concurrent calls for one name start it once. */
  async create(run: JobRunSpec): Promise<void> {
    if (this.runs.has(run.name)) return;
    if (this.stopping || !this.timer) throw new Error('The job supervisor is not running.');
    if (!RUN_NAME.test(run.name)) throw new Error(`Invalid job run name '${run.name}'.`);
    const job = this.jobs.get(run.definition) ?? this.jobs.get(run.definition.toLowerCase());
    if (!job) throw Object.assign(new Error(`Job '${run.definition}' was not found.`), { code: 'NOT_FOUND' });
    const runner = new JobRunner({ ...this.o, job, run });
    this.runs.set(run.name, runner);
    this.o.onChange();
    await runner.tick();
  }

  list(now = Date.now()): JobInfo[] {
    return [...this.runs.values()].filter((r) => !r.expired(now)).map((r) => r.info());
  }

  /** Stops the run (foreground) and forgets it; false when unknown. */
  async delete(name: string): Promise<boolean> {
    const runner = this.runs.get(name);
    if (!runner) return false;
    await runner.stop();
    if (this.runs.get(name) === runner) this.runs.delete(name);
    this.o.onChange();
    return true;
  }

  snapshot(): JobRunSnapshot[] {
    return [...this.runs.values()].map((r) => r.snapshot());
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      await Promise.all([...[...this.runs.values()].map((r) => r.stop()), ...this.retiring]);
      this.runs.clear();
    })();
    return this.stopping;
  }

  private monitor(): void {
    const now = Date.now();
    for (const [name, runner] of this.runs) {
      if (runner.expired(now)) {
        this.runs.delete(name);
        const retired = runner.stop().finally(() => this.retiring.delete(retired));
        this.retiring.add(retired);
        this.o.onChange();
      } else {
        void runner.tick(now);
      }
    }
  }
}
