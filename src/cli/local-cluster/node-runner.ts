/**
 * Supervises one node process (platform.md §2.4.5 step 7): launched in its own process group
 * (so the ledger and a stop reach everything it started), output tagged `[node/slimfaas-<i>]` and
 * written to `<state>/logs/slimfaas-<i>.log`, ready while `GET /ready` answers 2xx within 1 s,
 * restarted after `min(30, 2^(failures−1))` s when it exits; the failure count resets once ready.
 */
import { join } from 'node:path';
import { restartDelaySeconds } from '../../orchestrator/process/backoff.js';
import { launchChild, type LaunchedChild } from '../../orchestrator/process/child-launcher.js';
import { ChildRunner } from '../../orchestrator/process/child-runner.js';
import { probeHttp } from '../../orchestrator/process/http-probe.js';
import { LogSink, type OutputFn } from '../../orchestrator/process/log-sink.js';

const PROBE_TIMEOUT_MS = 1000;

export interface NodeRunnerOptions {
  name: string;
  port: number;
  /** Command and environment of each launch (read at every launch). */
  launch: () => { command: string[]; env: NodeJS.ProcessEnv };
  cwd: string;
  logsDir: string;
  output: OutputFn;
  /** SIGTERM → SIGKILL grace at stop. */
  killGraceMs: number;
  onChange: () => void;
}

export interface NodeState {
  started: boolean;
  ready: boolean;
  failureReason: string;
  pid: number | null;
}

export class NodeRunner extends ChildRunner {
  private readonly sink: LogSink;
  private ready = false;
  private failureReason = '';
  private probing = false;

  constructor(private readonly o: NodeRunnerOptions) {
    super();
    this.port = o.port;
    this.sink = new LogSink(`[node/${o.name}] `, join(o.logsDir, `${o.name}.log`), o.output);
  }

  state(): NodeState {
    const running = this.child !== null && !this.child.hasExited();
    return { started: running, ready: running && this.ready, failureReason: this.failureReason, pid: running ? this.child!.pid : null };
  }

  /** One readiness probe of the running node (skipped while one is in flight). */
  async probe(): Promise<void> {
    const child = this.child;
    if (!child || child.hasExited() || this.probing || this.stopping) return;
    this.probing = true;
    try {
      const ready = await probeHttp(`http://127.0.0.1:${this.o.port}/ready`, PROBE_TIMEOUT_MS);
      if (this.child !== child || this.stopping) return;
      if (ready) {
        this.failures = 0;
        this.failureReason = '';
      }
      this.setReady(ready);
    } finally {
      this.probing = false;
    }
  }

  protected async launch(): Promise<void> {
    let child: LaunchedChild;
    try {
      const { command, env } = this.o.launch();
      child = await launchChild(command, { cwd: this.o.cwd, env, sink: this.sink });
    } catch (err) {
      this.failed('ProcessStartFailed', `SlimFaas node failed to start: ${(err as Error).message}.`);
      return;
    }
    this.child = child;
    void child.exited.then((code) => this.onExit(child, code));
    this.o.onChange();
  }

  protected async doStop(): Promise<void> {
    if (this.launching) await this.launching;
    const child = this.child;
    if (child) await child.terminate(this.o.killGraceMs);
    this.child = null;
    this.setReady(false);
    await this.sink.close();
  }

  private onExit(child: LaunchedChild, code: number): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.stopping) return;
    this.failed('ProcessExited', `SlimFaas node exited with code ${code}.`);
  }

  private failed(reason: string, message: string): void {
    this.failures++;
    this.failureReason = reason;
    const delay = restartDelaySeconds(this.failures);
    this.sink.line(`${message} Restarting in ${delay} s.`);
    this.nextAttemptAt = Date.now() + delay * 1000;
    this.setReady(false);
    this.o.onChange();
  }

  private setReady(ready: boolean): void {
    if (this.ready === ready) return;
    this.ready = ready;
    this.o.onChange();
  }
}
