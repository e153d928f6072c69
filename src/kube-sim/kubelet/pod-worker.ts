/**
 * The runtime of one pod on the simulated node: its first container runs as a local process (restarted per
 * `restartPolicy` with the kubelet's back-off: at once, then base, 2×base, … up to 5 min), its readiness probe,
 * an optional readiness override, and graceful termination (SIGTERM, SIGKILL after the grace period). Other
 * containers have no process and count as running and ready.
 */
import { join } from 'node:path';
import { timestamp } from '../model/time.js';
import type { Container, ContainerState, Pod } from '../model/types.js';
import { ContainerConfigError, commandLine, containerEnv, imagePullable, type EnvSources, type ImageTable } from './container-env.js';
import { startProcess, type ContainerProcess, type Exit } from './container-process.js';
import { startReadinessProber } from './readiness-prober.js';

const MAX_BACKOFF_MS = 5 * 60 * 1000;
/** A run longer than this resets the back-off (the kubelet uses twice the maximum back-off). */
const BACKOFF_RESET_MS = 10 * 60 * 1000;

export interface PodWorkerSettings {
  entrypoints: ImageTable;
  baseEnv: Record<string, string>;
  cwd: string;
  logRoot: string;
  probeIntervalMs: number;
  crashBackoffBaseMs: number;
  sources: EnvSources;
  /** Told of every process start and exit (the pod ledger). */
  recorder: { add(pid: number): void; remove(pid: number): void };
}

export interface MainContainerView {
  state: ContainerState;
  lastState: ContainerState;
  restartCount: number;
  ready: boolean;
  started: boolean;
  containerID?: string;
}

export class PodWorker {
  readonly uid: string;
  readonly startedAt = timestamp();
  private process: ContainerProcess | undefined;
  private state: ContainerState = { waiting: { reason: 'ContainerCreating' } };
  private lastState: ContainerState = {};
  private restartCount = 0;
  private probeReady = false;
  private readyOverride: boolean | undefined;
  private prober: { stop(): void } | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private runStartedAt = 0;
  private everStarted = false;
  private finished: 'Succeeded' | 'Failed' | undefined;
  private terminating = false;
  private exitCodes: number[] = [];
  private pullFailures = 0;

  constructor(
    private pod: Pod,
    readonly ip: string,
    private readonly settings: PodWorkerSettings,
    private readonly onChange: () => void,
  ) {
    this.uid = pod.metadata.uid!;
  }

  private get container(): Container {
    return this.pod.spec.containers[0]!;
  }

  get pid(): number | undefined {
    return this.process && !this.process.hasExited() ? this.process.pid : undefined;
  }

  logFile(run: number): string {
    const dir = `${this.pod.metadata.namespace}_${this.pod.metadata.name}_${this.uid}`;
    return join(this.settings.logRoot, dir, this.container.name, `${run}.log`);
  }

  currentRun(): number {
    return this.restartCount;
  }

  mayGrow(): boolean {
    return !this.finished && !this.terminating;
  }

  /** The pod object changed (labels, annotations, image): later runs use it. */
  update(pod: Pod): void {
    this.pod = pod;
  }

  start(): void {
    if (this.terminating || this.finished) return;
    if (!imagePullable(this.container, this.settings.entrypoints)) {
      this.pullFailures++;
      const reason = this.pullFailures === 1 ? 'ErrImagePull' : 'ImagePullBackOff';
      const message = this.pullFailures === 1 ? `failed to pull image "${this.container.image}": the simulator was told it cannot be pulled` : `Back-off pulling image "${this.container.image}"`;
      this.state = { waiting: { reason, message } };
      this.onChange();
      this.restartTimer = setTimeout(() => this.start(), Math.min(MAX_BACKOFF_MS, this.settings.crashBackoffBaseMs * 2 ** (this.pullFailures - 1)));
      return;
    }
    let env: Record<string, string>;
    try {
      env = containerEnv(this.pod, this.container, this.ip, this.settings.baseEnv, this.settings.sources);
    } catch (err) {
      if (!(err instanceof ContainerConfigError)) throw err;
      this.state = { waiting: { reason: 'CreateContainerConfigError', message: err.message } };
      this.onChange();
      this.restartTimer = setTimeout(() => this.start(), Math.max(200, Math.min(this.settings.crashBackoffBaseMs, 1000)));
      return;
    }
    const argv = commandLine(this.container, this.settings.entrypoints, env);
    if (argv.length === 0) {
      this.state = { waiting: { reason: 'RunContainerError', message: 'kube-sim runs the container command and ignores images: give the container a command (or map its image to one)' } };
      this.onChange();
      return;
    }
    const startedAt = timestamp();
    this.runStartedAt = Date.now();
    const proc = startProcess(argv, { cwd: this.container.workingDir ?? this.settings.cwd, env, logFile: this.logFile(this.restartCount) });
    this.process = proc;
    if (proc.pid !== undefined) {
      this.settings.recorder.add(proc.pid);
      this.everStarted = true;
      this.state = { running: { startedAt } };
      this.probeReady = false;
      const probe = this.container.readinessProbe;
      if (probe) {
        this.prober = startReadinessProber(probe, this.container, this.ip, this.settings.probeIntervalMs, (ready) => {
          this.probeReady = ready;
          this.onChange();
        });
      } else this.probeReady = true;
      this.onChange();
    }
    void proc.exited.then((exit) => this.exited(proc, exit, startedAt));
  }

  private exited(proc: ContainerProcess, exit: Exit, startedAt: string): void {
    if (proc.pid !== undefined) this.settings.recorder.remove(proc.pid);
    if (proc !== this.process) return;
    this.prober?.stop();
    this.prober = undefined;
    this.probeReady = false;
    const reason = exit.startError ? 'StartError' : exit.exitCode === 0 ? 'Completed' : 'Error';
    const terminated = {
      exitCode: exit.exitCode,
      ...(exit.signal ? { signal: exit.signal } : {}),
      reason,
      ...(exit.startError ? { message: exit.startError } : {}),
      startedAt,
      finishedAt: timestamp(),
      ...(proc.pid !== undefined ? { containerID: `kube-sim://${proc.pid}` } : {}),
    };
    this.exitCodes = [exit.exitCode];
    const policy = this.pod.spec.restartPolicy ?? 'Always';
    const restart = !this.terminating && (policy === 'Always' || (policy === 'OnFailure' && exit.exitCode !== 0));
    if (!restart) {
      this.state = { terminated };
      if (!this.terminating) this.finished = exit.exitCode === 0 ? 'Succeeded' : 'Failed';
      this.onChange();
      return;
    }
    if (Date.now() - this.runStartedAt > BACKOFF_RESET_MS) this.restartCount = 0;
    const delay = this.restartCount === 0 ? 0 : Math.min(MAX_BACKOFF_MS, this.settings.crashBackoffBaseMs * 2 ** (this.restartCount - 1));
    this.lastState = { terminated };
    this.restartCount++;
    if (delay === 0) {
      this.state = { terminated };
      this.onChange();
      this.start();
      return;
    }
    const seconds = Math.round(delay / 1000);
    this.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${seconds % 60}s`} restarting failed container=${this.container.name} pod=${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.uid})` } };
    this.onChange();
    this.restartTimer = setTimeout(() => this.start(), delay);
  }

  /** `undefined` returns to the probe's verdict. */
  setReadyOverride(ready: boolean | undefined): void {
    this.readyOverride = ready;
    this.onChange();
  }

  view(): MainContainerView & { phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed'; exitCodes: number[] } {
    const running = this.state.running !== undefined;
    const ready = running && (this.readyOverride ?? this.probeReady);
    let phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' = this.finished ?? (this.everStarted || this.restartCount > 0 ? 'Running' : 'Pending');
    if (this.terminating && !running && this.process?.hasExited() !== false) phase = this.exitCodes.every((c) => c === 0) ? 'Succeeded' : 'Failed';
    return {
      phase,
      state: this.state,
      lastState: this.lastState,
      restartCount: this.restartCount,
      ready,
      started: running,
      ...(this.process?.pid !== undefined ? { containerID: `kube-sim://${this.process.pid}` } : {}),
      exitCodes: this.exitCodes,
    };
  }

  /** Stops restarts, SIGTERM, SIGKILL after `graceMs`; resolves once the process is gone. */
  async terminate(graceMs: number): Promise<void> {
    this.terminating = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.prober?.stop();
    const proc = this.process;
    if (!proc || proc.hasExited()) return;
    proc.signal('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        proc.signal('SIGKILL');
        resolve();
      }, Math.max(0, graceMs));
    });
    await Promise.race([proc.exited, killed]);
    clearTimeout(timer);
    await proc.exited;
  }
}
