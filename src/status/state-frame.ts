/**
 * The `state` payload of `GET /status-functions-stream` (functions.md §9.5, platform.md §6.2):
 * `FunctionStatusDetailed` with its fields in the spec's order and nulls written, pod and node
 * statuses, and the whole document as one JSON line. Pure.
 */
import type { PodInfo, WorkloadInfo } from '../orchestrator/orchestrator.js';
import type { FunctionConfig, HttpPolicy, ScaleConfig, Visibility, VisibilityEntry } from '../model/function-config.js';
import { isPodReady } from '../model/function-status.js';
import type { ActivityEvent } from './activity-event.js';

export const FRONT_DISABLED_MESSAGE = 'SlimFaas front is disabled by configuration (SlimFaas:EnableFront=false).';

/** Pod `Status`: `Running` if ready, else its failure reason, else `Starting` if started, else `Pending`. */
export function podStatus(pod: Pick<PodInfo, 'ready' | 'started' | 'failureReason'>): string {
  if (pod.ready && pod.started) return 'Running';
  if (pod.failureReason !== '') return pod.failureReason;
  return pod.started ? 'Starting' : 'Pending';
}

/** A SlimFaas node: `Running` when ready, `Starting` when started, else `Pending`. */
export function nodeStatus(node: Pick<PodInfo, 'ready' | 'started'>): 'Running' | 'Starting' | 'Pending' {
  return node.ready ? 'Running' : node.started ? 'Starting' : 'Pending';
}

/** Upstream writes the visibility enum of the two lists as a number: 0 = Public, 1 = Private. */
const visibilityNumber = (v: Visibility): 0 | 1 => (v === 'Private' ? 1 : 0);

const policy = (p: HttpPolicy) => ({ HttpTimeout: p.HttpTimeout, TimeoutRetries: p.TimeoutRetries, HttpStatusRetries: p.HttpStatusRetries });

function scale(config: FunctionConfig) {
  const s = config.scale;
  if (!s) return null;
  const direction = (d: ScaleConfig['Behavior']['ScaleUp']) => ({
    StabilizationWindowSeconds: d.StabilizationWindowSeconds,
    Policies: d.Policies.map((p) => ({ Type: p.Type, Value: p.Value, PeriodSeconds: p.PeriodSeconds })),
  });
  return {
    ReplicaMax: s.ReplicaMax,
    ScrapeIntervalMilliseconds: s.ScrapeIntervalMilliseconds,
    Triggers: s.Triggers.map((t) => ({ MetricType: t.MetricType, MetricName: t.MetricName, Query: t.Query, Threshold: t.Threshold })),
    Behavior: { ScaleUp: direction(s.Behavior.ScaleUp), ScaleDown: direction(s.Behavior.ScaleDown) },
  };
}

const entries = (list: VisibilityEntry[], key: 'Name' | 'Path') => list.map((e) => ({ [key]: e.value, Visibility: visibilityNumber(e.visibility) }));

/** One orchestrated function, fields in the spec's order. */
export function functionStatusDetailed(workload: WorkloadInfo, config: FunctionConfig) {
  const schedule = config.schedule;
  return {
    Name: workload.name,
    NumberReady: workload.pods.filter(isPodReady).length,
    NumberRequested: workload.replicas,
    PodType: workload.kind,
    Visibility: config.defaultVisibility,
    Trust: config.defaultTrust,
    ReplicasMin: config.replicasMin,
    ReplicasAtStart: config.replicasAtStart,
    TimeoutSecondBeforeSetReplicasMin: config.timeoutSecondBeforeSetReplicasMin,
    NumberParallelRequest: config.numberParallelRequest,
    NumberParallelRequestPerPod: config.numberParallelRequestPerPod,
    Resources: workload.resources
      ? { CpuRequest: workload.resources.CpuRequest, CpuLimit: workload.resources.CpuLimit, MemoryRequest: workload.resources.MemoryRequest, MemoryLimit: workload.resources.MemoryLimit }
      : null,
    Schedule: workload.kind === 'WebSocket' ? null : {
      TimeZoneID: schedule.TimeZoneID,
      Default: schedule.Default ? { WakeUp: schedule.Default.WakeUp, ScaleDownTimeout: schedule.Default.ScaleDownTimeout.map((e) => ({ Time: e.Time, Value: e.Value })) } : null,
    },
    Scale: scale(config),
    Retry: { DefaultAsync: policy(config.configuration.DefaultAsync), DefaultPublish: policy(config.configuration.DefaultPublish) },
    SubscribeEvents: entries(config.subscribeEvents, 'Name'),
    PathsStartWithVisibility: entries(config.pathsStartWithVisibility, 'Path'),
    DependsOn: config.dependsOn.length > 0 ? config.dependsOn : null,
    Pods: workload.pods.map((pod) => ({ Name: pod.name, Status: podStatus(pod), Ready: isPodReady(pod), Ip: pod.ip === '' ? null : pod.ip })),
  };
}

export interface StateParts {
  /** `Functions`, already serialised. */
  functionsJson: string;
  queues: ReadonlyArray<{ Name: string; Length: number }>;
  /** `Jobs`, already serialised (the `/jobs/status` JSON). */
  jobsJson: string;
  recentActivity: readonly ActivityEvent[];
  nodes: ReadonlyArray<Pick<PodInfo, 'name' | 'ready' | 'started'>>;
  frontEnabled: boolean;
}

/** The `state` document as one JSON line, keys in the spec's order. */
export function stateJson(p: StateParts): string {
  const nodes = p.nodes.map((n) => ({ Name: n.name, Status: nodeStatus(n) }));
  return (
    `{"Functions":${p.functionsJson},"Queues":${JSON.stringify(p.queues.map((q) => ({ Name: q.Name, Length: q.Length })))},` +
    `"Jobs":${p.jobsJson},"RecentActivity":${JSON.stringify(p.recentActivity)},"SlimFaasReplicas":${Math.max(1, nodes.length)},` +
    `"SlimFaasNodes":${JSON.stringify(nodes)},"FrontEnabled":${p.frontEnabled},"FrontMessage":${p.frontEnabled ? 'null' : JSON.stringify(FRONT_DISABLED_MESSAGE)}}`
  );
}
