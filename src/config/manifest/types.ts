/**
 * The validated, merged native-local manifest (`slimfaas.local.yaml`, platform.md §2.4.2).
 * Every path is absolute (resolved against the directory of the first YAML file), every
 * `${VAR}` is interpolated, every default applied.
 */

export interface HealthSettings {
  path: string;
  periodSeconds: number;
  timeoutSeconds: number;
  startupTimeoutSeconds: number;
}

export interface ShutdownSettings {
  path: string;
  timeoutSeconds: number;
}

export interface LocalFunction {
  name: string;
  /** Executable + arguments, run without a shell. Empty for debugUrl functions. */
  command: string[];
  workingDirectory: string;
  debugUrl?: string;
  annotations: Record<string, string>;
  environment: Record<string, string>;
  health: HealthSettings;
  shutdown?: ShutdownSettings;
  /** max(ReplicasMin, ReplicasAtStart, Scale.ReplicaMax when present); 1 for debugUrl functions. */
  maxReplicas: number;
}

export interface LocalJob {
  name: string;
  command: string[];
  workingDirectory: string;
  annotations: Record<string, string>;
  environment: Record<string, string>;
  ttlSecondsAfterFinished: number;
  backoffLimit: number;
  restartPolicy: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export type RestartPolicy = 'always' | 'onFailure' | 'never';

export interface LocalProcess {
  name: string;
  command: string[];
  workingDirectory: string;
  environment: Record<string, string>;
  /** undefined: no port; 'auto': allocated from processPorts; number: fixed. */
  port?: 'auto' | number;
  restartPolicy: RestartPolicy;
}

export interface LocalManifest {
  schemaVersion: 1;
  name: string;
  /** Absolute directory of the first YAML file. */
  baseDirectory: string;
  cluster: {
    nodes: number;
    entrypointPort: number;
    nodeHttpPortBase: number;
    raftPortBase: number;
    nodeLogLevel: string;
    /** Redis URL for 2–3 nodes (decision 12); without it `local up` starts a redis-server from PATH. */
    redisUrl?: string;
  };
  processPorts: { from: number; to: number };
  state: { mode: 'persistent' | 'ephemeral'; directory: string };
  functions: LocalFunction[];
  jobs: LocalJob[];
  processes: LocalProcess[];
  /** Values that came from `${VAR}` interpolation; masked as `***` in error messages. */
  secrets: string[];
  warnings: string[];
}
