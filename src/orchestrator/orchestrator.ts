import type { JobOrchestrator } from './jobs.js';
import type { LogLine, RecentLogsQuery } from './logs.js';

/**
 * The workload seam: what a SlimFaas node needs from Kubernetes, Docker or the native local
 * process supervisor. Request-time code never calls it directly; it reads the topology snapshot
 * the node keeps current (refreshed on `onChange` signals and on an interval).
 */

export interface ResourceInfo {
  CpuRequest: string | null;
  CpuLimit: string | null;
  MemoryRequest: string | null;
  MemoryLimit: string | null;
}

/** One replica ("pod") of a function, or one SlimFaas node. */
export interface PodInfo {
  name: string;
  /** Empty when not yet known. */
  ip: string;
  /** Declared ports, first one is `{pod_port}`. */
  ports: number[];
  /** Container started (process launched). */
  started: boolean;
  /** Passes its readiness/health probe. */
  ready: boolean;
  /** Scheduling or container failure reason (`Unschedulable`, `CrashLoopBackOff`, `ProcessExited`…), or ''. */
  failureReason: string;
  /** Explicit base URL (native local `debugUrl`); replaces BaseFunctionUrl templates when set. */
  endpointUrl?: string;
  /** Annotations after substitution (e.g. `prometheus.io/port`). */
  annotations?: Record<string, string>;
  /**
   * Addresses its calls to SlimFaas come from when they differ from `ip` (Docker host mode: SlimFaas
   * reaches the replica on 127.0.0.1, the replica calls from its bridge address). Trusted like `ip`.
   */
  callerIps?: string[];
}

export interface WorkloadInfo {
  name: string;
  /** `WebSocket`: only the registry's virtual functions (src/ws); an orchestrator never lists one. */
  kind: 'Deployment' | 'StatefulSet' | 'WebSocket';
  /** Desired replicas (`spec.replicas`). */
  replicas: number;
  /** Pod template annotations (raw strings; parsed by src/model). */
  annotations: Record<string, string>;
  pods: PodInfo[];
  resources: ResourceInfo | null;
  /** Hard upper bound the orchestrator enforces, if any (native local: max(ReplicasMin, ReplicasAtStart, Scale.ReplicaMax)). */
  maxReplicas?: number;
}

export interface Topology {
  functions: WorkloadInfo[];
  /** SlimFaas's own nodes (their IPs are trusted callers; their ports are the public ports). */
  slimfaasNodes: PodInfo[];
  /** Native local auxiliary processes: name → running. */
  processes: Record<string, boolean>;
}

export interface Orchestrator extends JobOrchestrator {
  /** Current view of functions, their replicas and SlimFaas nodes. */
  listTopology(): Promise<Topology>;
  /** Sets the desired replica count of a function (clamped by the orchestrator). */
  setReplicas(name: string, replicas: number): Promise<void>;
  /** Optional push signal: called whenever the topology may have changed (replica ready, exited…). */
  onChange?(listener: () => void): () => void;
  /**
   * Optional: the last `query.tail` output lines of a function's replicas, oldest first (src/orchestrator/logs.ts).
   * An unknown replica or a function without output gives `[]`; without this method a node answers no lines.
   */
  recentLogs?(functionName: string, query: RecentLogsQuery): Promise<LogLine[]>;
  /**
   * Optional: follow mode — the lines `recentLogs` would answer, then each new line as it is written,
   * until `signal` aborts (the iterable then ends). Pull-based: a source is read only as fast as the
   * caller consumes, so a slow reader holds a bounded buffer. Without it `follow=true` ends after the tail.
   * A promise resolves once the starting point is fixed (the route sends its headers only then).
   */
  followLogs?(functionName: string, query: RecentLogsQuery, signal: AbortSignal): AsyncIterable<LogLine> | Promise<AsyncIterable<LogLine>>;
}
