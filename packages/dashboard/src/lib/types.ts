// Shapes of the `state` / `activity` SSE frames of GET /status-functions-stream (platform.md §6.2).

export type VisibilityValue = 'Public' | 'Private' | 0 | 1 | string | number;

export interface PodStatus {
  Name: string;
  Status: string;
  Ready: boolean;
  Ip: string | null;
}

export interface ResourcesStatus {
  CpuRequest: string | null;
  CpuLimit: string | null;
  MemoryRequest: string | null;
  MemoryLimit: string | null;
}

export interface ScaleDownTimeout {
  Time: string;
  Value: number;
}

export interface ScheduleStatus {
  TimeZoneID: string | null;
  Default: { WakeUp: string[] | null; ScaleDownTimeout: ScaleDownTimeout[] | null } | null;
}

export interface ScaleTrigger {
  MetricType: string;
  MetricName: string | null;
  Query: string | null;
  Threshold: number;
}

export interface ScalePolicy {
  Type: string;
  Value: number;
  PeriodSeconds: number;
}

export interface ScaleDirection {
  StabilizationWindowSeconds: number;
  Policies: ScalePolicy[] | null;
}

export interface ScaleStatus {
  ReplicaMax: number | null;
  Triggers: ScaleTrigger[] | null;
  Behavior: { ScaleUp: ScaleDirection | null; ScaleDown: ScaleDirection | null } | null;
}

export interface RetrySettings {
  HttpTimeout: number;
  TimeoutRetries: number[] | null;
  HttpStatusRetries: number[] | null;
}

export interface FunctionStatusDetailed {
  Name: string;
  NumberReady: number;
  NumberRequested: number;
  PodType: string;
  Visibility: VisibilityValue;
  Trust?: string | null;
  ReplicasMin?: number;
  ReplicasAtStart?: number;
  TimeoutSecondBeforeSetReplicasMin?: number;
  NumberParallelRequest?: number;
  NumberParallelRequestPerPod?: number;
  Resources?: ResourcesStatus | null;
  Schedule?: ScheduleStatus | null;
  Scale?: ScaleStatus | null;
  Retry?: { DefaultAsync: RetrySettings | null; DefaultPublish: RetrySettings | null } | null;
  SubscribeEvents?: { Name: string; Visibility: VisibilityValue }[] | null;
  PathsStartWithVisibility?: { Path: string; Visibility: VisibilityValue }[] | null;
  DependsOn?: string[] | null;
  Pods?: PodStatus[] | null;
}

export interface QueueStatus {
  Name: string;
  Length: number;
}

export interface JobScheduleStatus {
  Id: string;
  Schedule: string;
  Image?: string | null;
  NextExecutionTimestamp?: number | null;
  Resources?: unknown;
  DependsOn?: string[] | null;
}

export interface RunningJob {
  Name: string;
  Status: string;
  ElementId?: string | null;
  InQueueTimestamp?: number | null;
  StartTimestamp?: number | null;
}

export interface JobConfigurationStatus {
  Name: string;
  Visibility?: VisibilityValue;
  Image?: string | null;
  ImagesWhitelist?: string[] | null;
  NumberParallelJob?: number;
  Resources?: { Requests?: Record<string, string> | null; Limits?: Record<string, string> | null } | null;
  DependsOn?: string[] | null;
  Schedules?: JobScheduleStatus[] | null;
  RunningJobs?: RunningJob[] | null;
}

export type ActivityType =
  | 'request_in'
  | 'enqueue'
  | 'dequeue'
  | 'request_out'
  | 'response'
  | 'event_publish'
  | 'request_waiting'
  | 'request_started'
  | 'request_end';

export interface NetworkActivityEvent {
  Id: string;
  Type: ActivityType | string;
  Source: string | null;
  Target: string | null;
  QueueName?: string | null;
  TimestampMs: number;
  NodeId?: string | null;
  SourcePod?: string | null;
  TargetPod?: string | null;
  CorrelationId?: string | null;
}

export interface SlimFaasNode {
  Name: string;
  Status: string;
}

export interface StatusState {
  Functions: FunctionStatusDetailed[];
  Queues: QueueStatus[];
  Jobs: JobConfigurationStatus[];
  RecentActivity: NetworkActivityEvent[];
  SlimFaasReplicas: number;
  SlimFaasNodes: SlimFaasNode[];
  FrontEnabled: boolean;
  FrontMessage: string | null;
}
