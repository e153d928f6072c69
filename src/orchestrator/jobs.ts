/**
 * The job side of the workload seam (jobs.md §6, platform.md §2.4.11): what the job dispatcher
 * needs from Kubernetes (Job objects), Docker (containers) or the native local supervisor
 * (processes). Creation is idempotent per run name, so a leader hand-over or a crash between
 * creating a run and recording it never starts the same run twice.
 */

/** A `Name`/`Value` environment entry after merging (references resolved by the backend). */
export interface JobEnvironmentEntry {
  Name: string;
  Value?: string;
  SecretRef?: { Name: string; Key: string } | null;
  ConfigMapRef?: { Name: string; Key: string } | null;
  FieldRef?: { FieldPath: string } | null;
  ResourceFieldRef?: { ContainerName?: string; Resource: string; Divisor?: string } | null;
}

export interface JobResources {
  Requests: Record<string, string>;
  Limits: Record<string, string>;
}

/** One run to start, as the dispatcher built it from its definition and trigger. */
export interface JobRunSpec {
  /** `<definition>-slimfaas-job-<8 chars [0-9a-z]>`, reserved at enqueue time. */
  name: string;
  /** Definition (configuration) name, lower case. */
  definition: string;
  /** The queue element id (`Id` of the API). */
  elementId: string;
  image: string;
  /** Null: the image's (or the manifest command's) own arguments only. */
  args: string[] | null;
  environment: JobEnvironmentEntry[];
  resources: JobResources;
  dependsOn: string[] | null;
  backoffLimit: number;
  ttlSecondsAfterFinished: number;
  restartPolicy: string;
  /** .NET ticks (exact decimal string) of the enqueue and of the creation. */
  inQueueTicks: string;
  startTicks: string;
}

export type JobStatus = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'ImagePullBackOff';

/** A run the backend knows (created, running, or finished and not yet removed by its TTL). */
export interface JobInfo {
  name: string;
  status: JobStatus;
  /** `slimfaas-job-element-id`, or '' for a job SlimFaas did not create. */
  elementId: string;
  inQueueTicks: string;
  startTicks: string;
  /** Addresses of its pods/processes/containers: internal callers while it exists. */
  ips: string[];
  /** Its `SlimFaas/DependsOn`, kept awake while the run exists. */
  dependsOn: string[];
}

/** A job definition a backend declares (manifest `jobs:`, annotated CronJobs, labelled containers). */
export interface DeclaredJobDefinition {
  name: string;
  Image: string;
  ImagesWhitelist: string[];
  Resources: JobResources | null;
  DependsOn: string[] | null;
  Environments: JobEnvironmentEntry[] | null;
  BackoffLimit: number;
  Visibility: string;
  NumberParallelJob: number;
  TtlSecondsAfterFinished: number;
  RestartPolicy: string;
  /** Raw `SlimFaas/Schedules` JSON array, or '' when none. */
  schedules: string;
}

export interface JobOrchestrator {
  /** Definitions this backend declares; null when the listing failed (keep the previous catalogue). */
  listJobDefinitions(): Promise<DeclaredJobDefinition[] | null>;
  /** Starts a run; a second call with the same run name is a no-op. */
  createJob(run: JobRunSpec): Promise<void>;
  /** Every run it knows, finished ones included until their TTL removes them. */
  listJobs(): Promise<JobInfo[]>;
  /** Stops and removes a run (foreground); resolves false when it does not exist. */
  deleteJob(name: string): Promise<boolean>;
}
