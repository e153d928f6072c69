/**
 * The topology from the cached Kubernetes objects (platform.md §2.2.4, decision 7): Deployments
 * and StatefulSets whose pod template says `SlimFaas/Function: "true"`, their pods matched by the
 * workload's label selector (never by name prefix), desired replicas from `spec.replicas`,
 * resources of the first container; and SlimFaas's own nodes. Pure.
 */
import type { V1Deployment, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import type { PodInfo, ResourceInfo, Topology, WorkloadInfo } from '../orchestrator.js';
import { selectorMatches } from './label-selector.js';
import { podInfo } from './pod-mapping.js';

type Workload = V1Deployment | V1StatefulSet;

export function isFunctionWorkload(workload: Workload): boolean {
  return (workload.spec?.template?.metadata?.annotations?.['SlimFaas/Function'] ?? '').trim().toLowerCase() === 'true';
}

function resourcesOf(workload: Workload): ResourceInfo | null {
  const container = workload.spec?.template?.spec?.containers?.[0];
  if (!container) return null;
  const pick = (map: Record<string, string> | undefined, key: string) => (map?.[key] !== undefined ? String(map[key]) : null);
  const requests = container.resources?.requests as Record<string, string> | undefined;
  const limits = container.resources?.limits as Record<string, string> | undefined;
  return { CpuRequest: pick(requests, 'cpu'), CpuLimit: pick(limits, 'cpu'), MemoryRequest: pick(requests, 'memory'), MemoryLimit: pick(limits, 'memory') };
}

export function workloadInfo(workload: Workload, kind: 'Deployment' | 'StatefulSet', pods: readonly V1Pod[]): WorkloadInfo {
  const mine = pods.filter((pod) => selectorMatches(workload.spec?.selector, pod.metadata?.labels) && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed');
  return {
    name: workload.metadata?.name ?? '',
    kind,
    replicas: workload.spec?.replicas ?? 1,
    annotations: { ...(workload.spec?.template?.metadata?.annotations ?? {}) },
    pods: mine.map(podInfo).sort((a, b) => a.name.localeCompare(b.name)),
    resources: resourcesOf(workload),
  };
}

/** Labels that differ between pods of one workload (revision hashes, StatefulSet pod names). */
const PER_POD_LABELS = new Set(['pod-template-hash', 'controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index']);

/**
 * SlimFaas's own pods: the pod named `selfName` and every running pod sharing its labels (per-pod
 * labels aside), whatever the workload kind or name (decision 7). None when SlimFaas runs outside
 * the cluster (decision 13).
 */
export function slimfaasPods(pods: readonly V1Pod[], selfName: string | null): PodInfo[] {
  const self = selfName ? pods.find((p) => p.metadata?.name === selfName) : undefined;
  if (!self) return [];
  const labels = Object.entries(self.metadata?.labels ?? {}).filter(([k]) => !PER_POD_LABELS.has(k));
  const same = labels.length === 0 ? [self] : pods.filter((p) => labels.every(([k, v]) => p.metadata?.labels?.[k] === v));
  return same.filter((p) => p.status?.phase === 'Running' || p === self).map(podInfo);
}

export function topologyOf(deployments: readonly V1Deployment[], statefulSets: readonly V1StatefulSet[], pods: readonly V1Pod[], selfName: string | null): Topology {
  const functions = [
    ...deployments.filter(isFunctionWorkload).map((d) => workloadInfo(d, 'Deployment', pods)),
    ...statefulSets.filter(isFunctionWorkload).map((s) => workloadInfo(s, 'StatefulSet', pods)),
  ];
  return { functions, slimfaasNodes: slimfaasPods(pods, selfName), processes: {} };
}
