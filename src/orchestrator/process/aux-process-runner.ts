/**
 * Runs one auxiliary process (§2.4.9): a single instance, optional fixed/auto port, restart policy
 * always/onFailure/never with back-off, failure counter reset after a run of at least 30 s.
 */
import { join } from 'node:path';
import type { LocalProcess } from '../../config/manifest/types.js';
import { restartDelaySeconds } from './backoff.js';
import { launchChild, type LaunchedChild } from './child-launcher.js';
import { LogSink, type OutputFn } from './log-sink.js';
import type { PortPool } from './port-pool.js';
import { processEnvironment, substitute } from './templating.js';
import { ChildRunner } from './child-runner.js';

/** A run at least this long resets the failure counter. */
const STABLE_RUN_MS = 30_000;

export interface AuxProcessSnapshot {
  name: string;
  pid: number | null;
  port: number | null;
  running: boolean;
  failures: number;
  /** True once the restart policy decided never to start it again. */
  terminal: boolean;
}

export interface AuxProcessRunnerOptions {
  proc: LocalProcess;
  pool: PortPool;
  logsDir: string;
  output: OutputFn;
  killGraceMs: number;
  onChange: () => void;
}

export class AuxProcessRunner extends ChildRunner {
  readonly allocationId: string;
  private readonly sink: LogSink;
  private terminal = false;

  constructor(private readonly o: AuxProcessRunnerOptions) {
    super();
    this.allocationId = `process:${o.proc.name}`;
    this.sink = new LogSink(`[process/${o.proc.name}] `, join(o.logsDir, `process-${o.proc.name}.log`), o.output);
    if (typeof o.proc.port === 'number') this.port = o.proc.port;
  }

  get running(): boolean {
    return this.child !== null && !this.child.hasExited();
  }

  snapshot(): AuxProcessSnapshot {
    return {
      name: this.o.proc.name,
      pid: this.running && this.child ? this.child.pid : null,
      port: this.port,
      running: this.running,
      failures: this.failures,
      terminal: this.terminal,
    };
  }

  protected override mayLaunch(): boolean {
    return !this.terminal;
  }

  /** Kills the process tree and releases an `auto` port. */
  protected async doStop(): Promise<void> {
    if (this.launching) await this.launching;
    const child = this.child;
    if (child) await child.terminate(this.o.killGraceMs);
    this.child = null;
    if (this.o.proc.port === 'auto') {
      this.o.pool.release(this.allocationId);
      this.port = null;
    }
    await this.sink.close();
    this.o.onChange();
  }

  protected async launch(): Promise<void> {
    const { proc } = this.o;
    if (proc.port === 'auto') {
      this.port = await this.o.pool.acquire(this.allocationId);
      if (this.stopping) return;
      if (this.port === null) {
        this.startFailed(this.o.pool.exhaustedMessage());
        return;
      }
    }
    const port = this.port;
    let child: LaunchedChild;
    try {
      child = await launchChild(
        proc.command.map((arg) => substitute(arg, { port })),
        { cwd: proc.workingDirectory, env: processEnvironment(proc.environment, port), sink: this.sink },
      );
    } catch (err) {
      this.startFailed(err instanceof Error ? err.message : String(err));
      return;
    }
    this.child = child;
    void child.exited.then((code) => this.onExit(child, code));
    this.o.onChange();
  }

  private startFailed(message: string): void {
    this.sink.line(`failed to start: ${message}`);
    this.failures++;
    if (this.o.proc.restartPolicy === 'never') {
      this.terminal = true;
      this.sink.line('will not retry after start failure');
    } else {
      this.scheduleRetry();
    }
    this.o.onChange();
  }

  private onExit(child: LaunchedChild, code: number): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.stopping) return;
    const policy = this.o.proc.restartPolicy;
    const restart = policy === 'always' || (policy === 'onFailure' && code !== 0);
    if (!restart) {
      this.terminal = true;
      this.sink.line(`will not restart after exit code ${code}`);
    } else {
      if (Date.now() - child.startedAt >= STABLE_RUN_MS) this.failures = 0;
      this.failures++;
      this.scheduleRetry();
    }
    this.o.onChange();
  }

  private scheduleRetry(): void {
    const delay = restartDelaySeconds(this.failures);
    this.sink.line(`restarting in ${delay} s`);
    this.nextAttemptAt = Date.now() + delay * 1000;
  }
}
