/**
 * Runs one job run to completion (platform.md §2.4.11): its own gateway, one process at a time,
 * exit 0 → Succeeded, otherwise retried while attempts ≤ backoffLimit after min(30, 2^(attempt−1)) s,
 * then Failed; Pending until the first launch, Running while a process runs or a retry is pending.
 */
import { join } from 'node:path';
import type { LocalJob } from '../../config/manifest/types.js';
import type { JobInfo, JobRunSpec, JobStatus } from '../jobs.js';
import { restartDelaySeconds } from './backoff.js';
import { launchChild, type LaunchedChild } from './child-launcher.js';
import { ChildRunner } from './child-runner.js';
import { JobGateway } from './job-gateway.js';
import { jobLaunchOf } from './job-launch.js';
import { rewriteEntrypointUrls } from './job-url-rewrite.js';
import { LogSink, type OutputFn } from './log-sink.js';

export interface JobRunSnapshot {
  name: string;
  status: JobStatus;
  /** Attempts launched (or tried) so far. */
  attempts: number;
  pid: number | null;
  /** Port of the run's gateway, while it listens. */
  gatewayPort: number | null;
}

export interface JobRunnerOptions {
  job: LocalJob;
  run: JobRunSpec;
  logsDir: string;
  output: OutputFn;
  killGraceMs: number;
  entrypointPort: number;
  token: string;
  onChange: () => void;
}

export class JobRunner extends ChildRunner {
  private readonly sink: LogSink;
  private status: JobStatus = 'Pending';
  private attempts = 0;
  private finishedAt: number | null = null;
  private gateway: JobGateway | null = null;
  private gatewayClosed: Promise<void> = Promise.resolve();

  constructor(private readonly o: JobRunnerOptions) {
    super();
    this.sink = new LogSink(`[job/${o.job.name}/${o.run.elementId}] `, join(o.logsDir, `${o.run.name}.log`), o.output);
  }

  /** True once finished for at least `ttlSecondsAfterFinished`. */
  expired(now = Date.now()): boolean {
    return this.finishedAt !== null && now >= this.finishedAt + Math.max(0, this.o.run.ttlSecondsAfterFinished) * 1000;
  }

  info(): JobInfo {
    const { run } = this.o;
    return {
      name: run.name,
      status: this.status,
      elementId: run.elementId,
      inQueueTicks: run.inQueueTicks,
      startTicks: run.startTicks,
      ips: this.live() ? ['127.0.0.1'] : [],
      dependsOn: [...(run.dependsOn ?? [])],
    };
  }

  snapshot(): JobRunSnapshot {
    const child = this.live() ? this.child : null;
    return {
      name: this.o.run.name,
      status: this.status,
      attempts: this.attempts,
      pid: child?.pid ?? null,
      gatewayPort: this.gateway?.port ?? null,
    };
  }

  protected override mayLaunch(): boolean {
    return this.finishedAt === null;
  }

  /** Kills the process tree (SIGTERM, SIGKILL after the grace), closes the gateway and the log file. */
  protected async doStop(): Promise<void> {
    if (this.launching) await this.launching;
    const child = this.child;
    if (child) await child.terminate(this.o.killGraceMs);
    this.child = null;
    this.closeGateway();
    await this.gatewayClosed;
    await this.sink.close();
    this.o.onChange();
  }

  protected async launch(): Promise<void> {
    const { job, run } = this.o;
    this.attempts++;
    this.status = 'Running';
    this.o.onChange();
    try {
      this.gateway ??= await JobGateway.open({ runName: run.name, token: this.o.token, targetPort: this.o.entrypointPort });
    } catch (err) {
      this.attemptFailed(`failed to open the job gateway: ${messageOf(err)}`);
      return;
    }
    if (this.stopping) return;
    const gatewayPort = this.gateway.port;
    const launch = jobLaunchOf(job, run, (text) => rewriteEntrypointUrls(text, this.o.entrypointPort, gatewayPort));
    let child: LaunchedChild;
    try {
      child = await launchChild(launch.command, { cwd: job.workingDirectory, env: launch.env, sink: this.sink });
    } catch (err) {
      this.attemptFailed(`failed to start: ${messageOf(err)}`);
      return;
    }
    this.child = child;
    void child.exited.then((code) => this.onExit(child, code));
    this.o.onChange();
  }

  private live(): boolean {
    return this.child !== null && !this.child.hasExited();
  }

  private onExit(child: LaunchedChild, code: number): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.stopping) return;
    if (code === 0) this.finish('Succeeded');
    else this.attemptFailed(`attempt ${this.attempts} failed with exit code ${code}`);
  }

  private attemptFailed(message: string): void {
    this.sink.line(message);
    if (this.attempts <= this.o.run.backoffLimit) {
      const delay = restartDelaySeconds(this.attempts);
      this.sink.line(`retrying in ${delay} s (attempt ${this.attempts + 1} of ${this.o.run.backoffLimit + 1})`);
      this.nextAttemptAt = Date.now() + delay * 1000;
      this.o.onChange();
    } else {
      this.finish('Failed');
    }
  }

  private finish(status: 'Succeeded' | 'Failed'): void {
    this.status = status;
    this.finishedAt = Date.now();
    this.sink.line(`job ${status.toLowerCase()} after ${this.attempts} attempt(s)`);
    this.closeGateway();
    this.o.onChange();
  }

  private closeGateway(): void {
    if (!this.gateway) return;
    const closing = this.gateway.close();
    this.gateway = null;
    this.gatewayClosed = Promise.all([this.gatewayClosed, closing]).then(() => undefined);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
