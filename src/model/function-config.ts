/**
 * Typed view of a function's SlimFaas annotations (functions.md §2). Produced by
 * `parseFunctionAnnotations` (src/model/parse-annotations.ts); pure data, no I/O.
 */

export type Visibility = 'Public' | 'Private';
export type Trust = 'Trusted' | 'Untrusted';

export interface HttpPolicy {
  HttpTimeout: number;
  TimeoutRetries: number[];
  HttpStatusRetries: number[];
  /** Beyond upstream, `DefaultAsync` only, present only when set (defaults: src/async-results/async-status.ts). */
  ResultTtlSeconds?: number;
  ResultMaxBytes?: number;
  DeadLetterTtlSeconds?: number;
  DeadLetterMaxItems?: number;
}

/** `SlimFaas/Configuration` after defaulting (§2.1). */
export interface SlimFaasConfiguration {
  /** `MaxPendingWhileWaking` (beyond upstream) is present only when set; default: DEFAULT_MAX_PENDING_WHILE_WAKING (parse-annotations.ts). */
  DefaultSync: { HttpTimeout: number; MaxPendingWhileWaking?: number };
  DefaultAsync: HttpPolicy;
  DefaultPublish: HttpPolicy;
}

export interface ScaleDownTimeoutEntry {
  Time: string;
  Value: number;
}

/** `SlimFaas/Schedule` (§2.2). `Default` null disables scheduling. */
export interface ScheduleConfig {
  TimeZoneID: string;
  Default: { WakeUp: string[]; ScaleDownTimeout: ScaleDownTimeoutEntry[] } | null;
}

export interface ScaleTrigger {
  MetricType: 'AverageValue' | 'Value';
  MetricName: string;
  Query: string;
  Threshold: number;
}

export interface ScalePolicy {
  Type: 'Percent' | 'Pods';
  Value: number;
  PeriodSeconds: number;
}

/** `SlimFaas/Scale` (§2.3); full semantics belong to the autoscaling issue. */
export interface ScaleConfig {
  ReplicaMax: number | null;
  ScrapeIntervalMilliseconds: number | null;
  Triggers: ScaleTrigger[];
  Behavior: {
    ScaleUp: { StabilizationWindowSeconds: number; Policies: ScalePolicy[] };
    ScaleDown: { StabilizationWindowSeconds: number; Policies: ScalePolicy[] };
  };
}

export interface VisibilityEntry {
  /** Event name or path prefix. */
  value: string;
  visibility: Visibility;
}

export interface FunctionConfig {
  replicasMin: number;
  replicasAtStart: number;
  timeoutSecondBeforeSetReplicasMin: number;
  numberParallelRequest: number;
  numberParallelRequestPerPod: number;
  replicasStartAsSoonAsOneFunctionRetrieveARequest: boolean;
  dependsOn: string[];
  subscribeEvents: VisibilityEntry[];
  defaultVisibility: Visibility;
  pathsStartWithVisibility: VisibilityEntry[];
  defaultTrust: Trust;
  configuration: SlimFaasConfiguration;
  schedule: ScheduleConfig;
  scale: ScaleConfig | null;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };
