/**
 * A Kubernetes pod as SlimFaas sees it (platform.md §2.2.4): IP, every declared container port,
 * started and ready (Started, ContainersReady and Ready), its failure reason — a scheduling
 * failure (`PodScheduled=False`: `Unschedulable`, quota) first, else the first container's
 * waiting/terminated reason (`CrashLoopBackOff`, `ImagePullBackOff`…) — and its annotations.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { PodInfo } from '../orchestrator.js';

const condition = (pod: V1Pod, type: string) => pod.status?.conditions?.find((c) => c.type === type);

/** The reason a pod cannot run, or ''. */
export function podFailureReason(pod: V1Pod): string {
  const scheduled = condition(pod, 'PodScheduled');
  if (scheduled && scheduled.status === 'False') return scheduled.reason || 'Unschedulable';
  const first = pod.status?.containerStatuses?.[0];
  const state = first?.state;
  if (state?.waiting?.reason && state.waiting.reason !== 'ContainerCreating' && state.waiting.reason !== 'PodInitializing') return state.waiting.reason;
  if (state?.terminated?.reason && pod.status?.phase !== 'Succeeded') return state.terminated.reason;
  return '';
}

export function podInfo(pod: V1Pod): PodInfo {
  const containerStatus = pod.status?.containerStatuses?.[0];
  const started = containerStatus?.started ?? containerStatus?.state?.running !== undefined;
  const ready = started && condition(pod, 'ContainersReady')?.status === 'True' && condition(pod, 'Ready')?.status === 'True' && pod.metadata?.deletionTimestamp == null;
  return {
    name: pod.metadata?.name ?? '',
    ip: pod.status?.podIP ?? '',
    ports: (pod.spec?.containers ?? []).flatMap((c) => (c.ports ?? []).map((p) => p.containerPort)),
    started: Boolean(started),
    ready: Boolean(ready),
    failureReason: podFailureReason(pod),
    annotations: { ...(pod.metadata?.annotations ?? {}) },
  };
}
