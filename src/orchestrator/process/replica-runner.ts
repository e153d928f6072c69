/**
 * Keeps one replica of a managed function alive (§2.4.6): port reservation, launch, health probing,
 * ReadinessTimeout / ProcessExited restarts with back-off, start-failure retries, graceful stop.
 */
import type { LocalFunction } from '../../config/manifest/types.js';
import { restartDelaySeconds } from './backoff.js';
import { launchChild, type LaunchedChild } from './child-launcher.js';
import { postAdvisory, probeHttp } from './http-probe.js';
import { LogSink, type OutputFn } from './log-sink.js';
import type { PortPool } from './port-pool.js';
import { functionEnvironment, substitute } from './templating.js';
import { withTimeout } from './timers.js';
import { ChildRunner } from './child-runner.js';
import { replicaLogPath } from './replica-logs.js';

export type ReplicaFailureReason =
  | ''
  | 'ProcessExited'
  | 'ReadinessTimeout'
  | 'PortRangeExhausted'
  | 'ProcessStartFailed';

/** Delay before retrying after a start failure (no port, launch error). */
const START_RETRY_MS = 1000;
const STARTUP_PROBE_MS = 100;

export interface ReplicaSnapshot {
  index: number;
  pid: number | null;
  port: number | null;
  started: boolean;
  ready: boolean;
  failureReason: ReplicaFailureReason;
  failureMessage: string;
  /** Consecutive failures driving the back-off; reset once ready. */
  failures: number;
}

export interface ReplicaRunnerOptions {
  fn: LocalFunction;
  index: number;
  pool: PortPool;
  logsDir: string;
  output: OutputFn;
  /** SIGTERM → SIGKILL grace when killing the process tree. */
  killGraceMs: number;
  onChange: () => void;
}

export class ReplicaRunner extends ChildRunner {
  readonly allocationId: string;
  private readonly sink: LogSink;
  private ready = false;
  private failureReason: ReplicaFailureReason = '';
  private failureMessage = '';
  private probeTimer: NodeJS.Timeout | null = null;
  private readonly everReady = new WeakSet<LaunchedChild>();
  /** Set when we killed the child for ReadinessTimeout, so its exit is not counted twice. */
  private killedForReadiness = false;

  constructor(private readonly o: ReplicaRunnerOptions) {
    super();
    this.allocationId = `function:${o.fn.name}:${o.index}`;
    this.sink = new LogSink(
      `[function/${o.fn.name}/${o.index}] `,
      replicaLogPath(o.logsDir, o.fn.name, o.index),
      o.output,
    );
  }

  snapshot(): ReplicaSnapshot {
    const child = this.child;
    return {
      index: this.o.index,
      pid: child && !child.hasExited() ? child.pid : null,
      port: this.port,
      started: child !== null && !child.hasExited(),
      ready: this.ready,
      failureReason: this.failureReason,
      failureMessage: this.failureMessage,
      failures: this.failures,
    };
  }

  /** Shutdown hook (if configured) then tree kill; releases the port allocation. */
  protected async doStop(): Promise<void> {
    this.clearProbe();
    if (this.launching) await this.launching;
    const child = this.child;
    if (child && !child.hasExited()) {
      const shutdown = this.o.fn.shutdown;
      if (shutdown && this.port !== null) {
        const timeoutMs = shutdown.timeoutSeconds * 1000;
        const path = substitute(shutdown.path, { port: this.port, replica: this.o.index });
        await postAdvisory(`http://127.0.0.1:${this.port}${path}`, timeoutMs);
        await withTimeout(child.exited, timeoutMs);
      }
    }
    if (child) await child.terminate(this.o.killGraceMs);
    this.child = null;
    this.ready = false;
    this.o.pool.release(this.allocationId);
    this.port = null;
    await this.sink.close();
    this.o.onChange();
  }

  protected async launch(): Promise<void> {
    const { fn, index } = this.o;
    const port = await this.o.pool.acquire(this.allocationId);
    if (this.stopping) return;
    if (port === null) {
      this.port = null;
      this.fail('PortRangeExhausted', this.o.pool.exhaustedMessage(), START_RETRY_MS);
      return;
    }
    this.port = port;
    const values = { port, replica: index };
    let child: LaunchedChild;
    try {
      child = await launchChild(
        fn.command.map((arg) => substitute(arg, values)),
        { cwd: fn.workingDirectory, env: functionEnvironment(fn.environment, port, index), sink: this.sink },
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.fail('ProcessStartFailed', `Failed to start process: ${message}`, START_RETRY_MS);
      return;
    }
    this.child = child;
    if (this.failureReason === 'PortRangeExhausted' || this.failureReason === 'ProcessStartFailed') {
      this.failureReason = '';
      this.failureMessage = '';
    }
    void child.exited.then((code) => this.onExit(child, code));
    if (!this.stopping) this.scheduleProbe(child);
    this.o.onChange();
  }

  private fail(reason: ReplicaFailureReason, message: string, retryMs: number): void {
    this.failureReason = reason;
    this.failureMessage = message;
    this.nextAttemptAt = Date.now() + retryMs;
    this.sink.line(message);
    this.o.onChange();
  }

  private onExit(child: LaunchedChild, code: number): void {
    if (this.child !== child) return;
    this.child = null;
    this.ready = false;
    this.clearProbe();
    if (this.stopping) return;
    if (this.killedForReadiness) {
      this.killedForReadiness = false;
    } else {
      this.failures++;
      this.failureReason = 'ProcessExited';
      this.failureMessage = `Process exited with code ${code}.`;
      this.sink.line(this.failureMessage);
    }
    const delay = restartDelaySeconds(this.failures);
    this.sink.line(`restarting in ${delay} s`);
    this.nextAttemptAt = Date.now() + delay * 1000;
    this.o.onChange();
  }

  /**
   * Until a launched child is ready for the first time it is probed every 100 ms (so a wake from
   * zero costs the function's start time, not a whole period); afterwards every periodSeconds.
   */
  private scheduleProbe(child: LaunchedChild): void {
    this.clearProbe();
    const period = this.o.fn.health.periodSeconds * 1000;
    const delay = this.everReady.has(child) ? period : Math.min(STARTUP_PROBE_MS, period);
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      void this.probe(child);
    }, delay);
  }

  private clearProbe(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }

  private async probe(child: LaunchedChild): Promise<void> {
    const { health } = this.o.fn;
    const current = (): boolean => !this.stopping && this.child === child && !child.hasExited();
    if (!current() || this.port === null) return;
    const path = substitute(health.path, { port: this.port, replica: this.o.index });
    const ok = await probeHttp(`http://127.0.0.1:${this.port}${path}`, health.timeoutSeconds * 1000);
    if (!current()) return;
    if (ok) {
      this.everReady.add(child);
      if (!this.ready) {
        this.ready = true;
        this.failures = 0;
        this.failureReason = '';
        this.failureMessage = '';
        this.o.onChange();
      }
    } else {
      if (this.ready) {
        this.ready = false;
        this.o.onChange();
      }
      if (Date.now() - child.startedAt > health.startupTimeoutSeconds * 1000) {
        this.failures++;
        this.failureReason = 'ReadinessTimeout';
        this.failureMessage = `Health endpoint did not become ready within ${health.startupTimeoutSeconds} seconds.`;
        this.sink.line(this.failureMessage);
        this.killedForReadiness = true;
        this.o.onChange();
        void child.terminate(this.o.killGraceMs);
        return;
      }
    }
    this.scheduleProbe(child);
  }
}
