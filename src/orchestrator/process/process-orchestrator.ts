/**
 * Native local-mode orchestrator (platform.md §2.4.6–§2.4.12): supervises function replicas,
 * `debugUrl` virtual replicas, auxiliary processes and job runs as real child processes on loopback,
 * and reports them as a Topology and job list; `stop()` resolves only once every child it launched
 * has exited.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { LocalFunction, LocalManifest } from '../../config/manifest/types.js';
import type { PortAllocationStore } from '../../config/manifest/state-types.js';
import type { Orchestrator, PodInfo, Topology, WorkloadInfo } from '../orchestrator.js';
import type { DeclaredJobDefinition, JobInfo, JobRunSpec } from '../jobs.js';
import type { LogLine, RecentLogsQuery } from '../logs.js';
import { AuxProcessRunner, type AuxProcessSnapshot } from './aux-process-runner.js';
import { DebugProber, debugProbeUrl } from './debug-prober.js';
import type { JobRunSnapshot } from './job-runner.js';
import { JobSupervisor } from './job-supervisor.js';
import { defaultOutput, type OutputFn } from './log-sink.js';
import { PortPool } from './port-pool.js';
import { ReplicaRunner, type ReplicaSnapshot } from './replica-runner.js';
import { followReplicaLogs, readReplicaLogs, replicaPodName } from './replica-logs.js';
import { substituteRecord } from './templating.js';

export { pidsOfChildren } from './process-tree.js';

/** Reconcile / monitor period for replicas and auxiliary processes. */
const RECONCILE_MS = 500;
const DEFAULT_KILL_GRACE_MS = 2000;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export interface ProcessOrchestratorOptions {
  manifest: LocalManifest;
  /** `<state>/logs` (created if missing). */
  logsDir: string;
  ports: PortAllocationStore;
  /** Entrypoint, node HTTP and Raft ports: never allocated. */
  reservedPorts: number[];
  /** Console sink for tagged child lines (default: process.stdout). */
  output?: OutputFn;
  /** SIGTERM → SIGKILL grace when killing a process tree (default 2000 ms). */
  killGraceMs?: number;
  /** Port on 127.0.0.1 that job gateways forward to (default `manifest.cluster.entrypointPort`). */
  entrypointPort?: number;
  /** HMAC key of the `X-SlimFaas-Job-Signature` job gateways inject (default: random per instance). */
  supervisorToken?: string;
}

export interface FunctionSnapshot {
  name: string;
  desired: number;
  debug: boolean;
  replicas: ReplicaSnapshot[];
}

export interface OrchestratorSnapshot {
  functions: FunctionSnapshot[];
  processes: AuxProcessSnapshot[];
  jobs: JobRunSnapshot[];
}

interface FunctionRuntime {
  fn: LocalFunction;
  desired: number;
  replicas: Map<number, ReplicaRunner>;
  /** Replicas being stopped, by index: a new replica of that index waits for its port release. */
  draining: Map<number, Promise<void>>;
  debug: DebugProber | null;
}

/** `SlimFaas/ReplicasMin` (default 0) capped at the maximum. */
function initialReplicas(fn: LocalFunction): number {
  if (fn.debugUrl) return 1;
  const parsed = Number.parseInt(fn.annotations['SlimFaas/ReplicasMin'] ?? '0', 10);
  return Math.min(Math.max(0, Number.isFinite(parsed) ? parsed : 0), fn.maxReplicas);
}

function debugEndpoint(debugUrl: string): { ip: string; port: number } {
  const url = new URL(debugUrl);
  const ip = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { ip, port };
}

function notFound(name: string): Error {
  return Object.assign(new Error(`Function '${name}' was not found.`), { code: 'NOT_FOUND' });
}

export class ProcessOrchestrator implements Orchestrator {
  private readonly manifest: LocalManifest;
  private readonly logsDir: string;
  private readonly store: PortAllocationStore;
  private readonly output: OutputFn;
  private readonly killGraceMs: number;
  private readonly pool: PortPool;
  private readonly functions = new Map<string, FunctionRuntime>();
  private readonly processes = new Map<string, AuxProcessRunner>();
  private readonly jobs: JobSupervisor;
  private readonly listeners = new Set<() => void>();
  private changePending = false;
  private timer: NodeJS.Timeout | null = null;
  private phase: 'new' | 'running' | 'stopping' | 'stopped' = 'new';
  private stopPromise: Promise<void> | null = null;

  constructor(options: ProcessOrchestratorOptions) {
    this.manifest = options.manifest;
    this.logsDir = options.logsDir;
    this.store = options.ports;
    this.output = options.output ?? defaultOutput;
    this.killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;

    const reserved = new Set(options.reservedPorts);
    for (const fn of this.manifest.functions) {
      if (!fn.debugUrl) continue;
      const url = new URL(fn.debugUrl);
      if (LOOPBACK_HOSTS.has(url.hostname)) reserved.add(debugEndpoint(fn.debugUrl).port);
    }
    this.pool = new PortPool(this.manifest.processPorts, reserved, this.store);
    const emit = (): void => this.emitChange();
    this.jobs = new JobSupervisor({
      jobs: this.manifest.jobs,
      logsDir: this.logsDir,
      output: this.output,
      killGraceMs: this.killGraceMs,
      entrypointPort: options.entrypointPort ?? this.manifest.cluster.entrypointPort,
      token: options.supervisorToken ?? randomBytes(32).toString('hex'),
      onChange: emit,
    });

    for (const proc of this.manifest.processes) {
      if (typeof proc.port === 'number') this.pool.pin(`process:${proc.name}`, proc.port);
      this.processes.set(
        proc.name,
        new AuxProcessRunner({
          proc,
          pool: this.pool,
          logsDir: this.logsDir,
          output: this.output,
          killGraceMs: this.killGraceMs,
          onChange: emit,
        }),
      );
    }
    for (const fn of this.manifest.functions) {
      const health = fn.health;
      this.functions.set(fn.name, {
        fn,
        desired: initialReplicas(fn),
        replicas: new Map(),
        draining: new Map(),
        debug: fn.debugUrl
          ? new DebugProber(
              debugProbeUrl(fn.debugUrl, health.path),
              health.periodSeconds * 1000,
              health.timeoutSeconds * 1000,
              emit,
            )
          : null,
      });
    }
  }

  /** Starts auxiliary processes, debug probes and every function at its initial replicas; resolves once the first launches were attempted. */
  async start(): Promise<void> {
    if (this.phase !== 'new') throw new Error('ProcessOrchestrator can only be started once.');
    this.phase = 'running';
    mkdirSync(this.logsDir, { recursive: true });
    this.pruneAllocations();
    const launches: Promise<void>[] = [];
    for (const runner of this.processes.values()) {
      const launch = runner.tick();
      if (launch) launches.push(launch);
    }
    for (const rt of this.functions.values()) {
      if (rt.debug) rt.debug.start();
      else launches.push(...this.reconcile(rt));
    }
    this.timer = setInterval(() => this.reconcileAll(), RECONCILE_MS);
    this.jobs.start();
    await Promise.all(launches);
  }

  /** Stops auxiliary processes, jobs (process + gateway), then function replicas (shutdown hook, then tree kill); resolves when every child exited. */
  stop(): Promise<void> {
    this.stopPromise ??= this.doStop();
    return this.stopPromise;
  }

  async listTopology(): Promise<Topology> {
    const functions: WorkloadInfo[] = [];
    for (const rt of this.functions.values()) functions.push(this.workloadOf(rt));
    return { functions, slimfaasNodes: [], processes: this.processStates() };
  }

  async setReplicas(name: string, replicas: number): Promise<void> {
    const rt = this.functions.get(name);
    if (!rt) throw notFound(name);
    if (rt.debug) return;
    const wanted = Number.isFinite(replicas) ? Math.trunc(replicas) : 0;
    const desired = Math.min(Math.max(0, wanted), rt.fn.maxReplicas);
    if (desired === rt.desired) return;
    rt.desired = desired;
    this.emitChange();
    if (this.phase === 'running') await Promise.all(this.reconcile(rt));
  }

  // Jobs (platform.md §2.4.11), run by the JobSupervisor.
  async listJobDefinitions(): Promise<DeclaredJobDefinition[] | null> {
    return this.jobs.definitions();
  }

  /** Idempotent per run name; rejects unless running, for an unknown definition or an unusable run name. */
  async createJob(run: JobRunSpec): Promise<void> {
    await this.jobs.create(run);
  }

  async listJobs(): Promise<JobInfo[]> {
    return this.jobs.list();
  }

  async deleteJob(name: string): Promise<boolean> {
    return this.jobs.delete(name);
  }

  /** From the replicas' log files (replica-logs.ts); a `debugUrl` function or an unknown one has none. */
  async recentLogs(functionName: string, query: RecentLogsQuery): Promise<LogLine[]> {
    const rt = this.functions.get(functionName);
    if (!rt || rt.debug) return [];
    return readReplicaLogs(this.logsDir, functionName, Math.max(rt.fn.maxReplicas, rt.desired), query);
  }

  /** The same tail, then the files followed (replica-logs.ts); every replica that can exist, so a new one is picked up. */
  async followLogs(functionName: string, query: RecentLogsQuery, signal: AbortSignal): Promise<AsyncIterable<LogLine>> {
    const rt = this.functions.get(functionName);
    if (!rt || rt.debug) return (async function* (): AsyncGenerator<LogLine> {})();
    return followReplicaLogs(this.logsDir, functionName, Math.max(rt.fn.maxReplicas, rt.desired), query, signal);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** True while the auxiliary process `name` has a live instance. */
  isProcessRunning(name: string): boolean {
    return this.processes.get(name)?.running ?? false;
  }

  /** Internal state (PIDs, ports, failure counters) for status output and tests. */
  snapshot(): OrchestratorSnapshot {
    return {
      functions: [...this.functions.values()].map((rt) => ({
        name: rt.fn.name,
        desired: rt.desired,
        debug: rt.debug !== null,
        replicas: [...rt.replicas.values()].map((r) => r.snapshot()).sort((a, b) => a.index - b.index),
      })),
      processes: [...this.processes.values()].map((p) => p.snapshot()),
      jobs: this.jobs.snapshot(),
    };
  }

  private async doStop(): Promise<void> {
    this.phase = 'stopping';
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const rt of this.functions.values()) rt.debug?.stop();
    await Promise.all([...this.processes.values()].map((p) => p.stop()));
    await this.jobs.stop();
    const stops: Promise<void>[] = [];
    for (const rt of this.functions.values()) {
      for (const runner of rt.replicas.values()) stops.push(runner.stop());
      stops.push(...rt.draining.values());
    }
    await Promise.all(stops);
    this.phase = 'stopped';
    this.emitChange();
  }

  private reconcileAll(): void {
    if (this.phase !== 'running') return;
    for (const runner of this.processes.values()) void runner.tick();
    for (const rt of this.functions.values()) if (!rt.debug) void Promise.all(this.reconcile(rt));
  }

  /** Stops replicas with index ≥ desired, creates missing ones, launches those due; returns the launch attempts. */
  private reconcile(rt: FunctionRuntime): Promise<void>[] {
    let changed = false;
    for (const [index, runner] of rt.replicas) {
      if (index < rt.desired) continue;
      rt.replicas.delete(index);
      const drained = runner.stop().finally(() => {
        rt.draining.delete(index);
        this.emitChange();
      });
      rt.draining.set(index, drained);
      changed = true;
    }
    for (let index = 0; index < rt.desired; index++) {
      if (rt.replicas.has(index) || rt.draining.has(index)) continue;
      rt.replicas.set(
        index,
        new ReplicaRunner({
          fn: rt.fn,
          index,
          pool: this.pool,
          logsDir: this.logsDir,
          output: this.output,
          killGraceMs: this.killGraceMs,
          onChange: () => this.emitChange(),
        }),
      );
      changed = true;
    }
    if (changed) this.emitChange();
    const launches: Promise<void>[] = [];
    for (const runner of rt.replicas.values()) {
      const launch = runner.tick();
      if (launch) launches.push(launch);
    }
    return launches;
  }

  private workloadOf(rt: FunctionRuntime): WorkloadInfo {
    const { fn } = rt;
    const base = {
      name: fn.name,
      kind: 'Deployment' as const,
      resources: null,
      maxReplicas: fn.maxReplicas,
    };
    if (fn.debugUrl && rt.debug) {
      const { ip, port } = debugEndpoint(fn.debugUrl);
      // A debug function is always exactly one replica: the scaler sees min = start = 1 and no Scale.
      const annotations: Record<string, string> = {
        ...substituteRecord(fn.annotations, { port, replica: 0 }),
        'SlimFaas/ReplicasMin': '1',
        'SlimFaas/ReplicasAtStart': '1',
      };
      delete annotations['SlimFaas/Scale'];
      const pod: PodInfo = {
        name: `${fn.name}-debug`,
        ip,
        ports: [port],
        started: true,
        ready: rt.debug.isReady,
        failureReason: '',
        endpointUrl: fn.debugUrl,
        annotations,
      };
      return { ...base, replicas: 1, annotations, pods: [pod] };
    }
    const pods: PodInfo[] = [];
    for (let index = 0; index < rt.desired; index++) {
      const state = rt.replicas.get(index)?.snapshot();
      const port = state?.port ?? null;
      pods.push({
        name: replicaPodName(fn.name, index),
        ip: '127.0.0.1',
        ports: port !== null ? [port] : [],
        started: state?.started ?? false,
        ready: state?.ready ?? false,
        failureReason: state?.failureReason ?? '',
        annotations: substituteRecord(fn.annotations, { port, replica: index }),
      });
    }
    const firstPort = rt.replicas.get(0)?.snapshot().port ?? null;
    const annotations =
      firstPort !== null ? substituteRecord(fn.annotations, { port: firstPort, replica: 0 }) : { ...fn.annotations };
    return { ...base, replicas: rt.desired, annotations, pods };
  }

  private processStates(): Record<string, boolean> {
    const out: Record<string, boolean> = {};
    for (const [name, runner] of this.processes) out[name] = runner.running;
    return out;
  }

  /** Drops persisted allocations whose id no longer exists in the manifest (§2.4.8). */
  private pruneAllocations(): void {
    const valid = new Set<string>();
    for (const fn of this.manifest.functions) {
      if (fn.debugUrl) continue;
      for (let index = 0; index < fn.maxReplicas; index++) valid.add(`function:${fn.name}:${index}`);
    }
    for (const proc of this.manifest.processes) if (proc.port === 'auto') valid.add(`process:${proc.name}`);
    for (const id of Object.keys(this.store.all())) if (!valid.has(id)) this.store.delete(id);
  }

  /** Notifies listeners at most once per event-loop turn. */
  private emitChange(): void {
    if (this.changePending) return;
    this.changePending = true;
    setImmediate(() => {
      this.changePending = false;
      for (const listener of [...this.listeners]) {
        try {
          listener();
        } catch {
          // A listener failure must not affect supervision.
        }
      }
    });
  }
}
