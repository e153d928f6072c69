/** The pods Table: NAME READY STATUS RESTARTS AGE, and IP, NODE, NOMINATED NODE, READINESS GATES (kubectl's printPod). */
import { ageOf, humanDuration } from '../model/time.js';
import type { ContainerStatus, Pod } from '../model/types.js';
import { AGE_COLUMN, NAME_COLUMN, column, type TableDefinition } from './table.js';

export function podStatusReason(pod: Pod): string {
  const status = pod.status ?? {};
  let reason: string = status.reason || status.phase || '';
  let hasRunning = false;
  const statuses: ContainerStatus[] = status.containerStatuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i]!;
    if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
    else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
    else if (c.state?.terminated) {
      reason = c.state.terminated.signal ? `Signal:${c.state.terminated.signal}` : `ExitCode:${c.state.terminated.exitCode}`;
    } else if (c.ready && c.state?.running) hasRunning = true;
  }
  if (reason === 'Completed' && hasRunning) {
    reason = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
  }
  if (pod.metadata.deletionTimestamp && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';
  return reason;
}

function restartsCell(pod: Pod, now: number): string {
  const statuses = pod.status?.containerStatuses ?? [];
  const restarts = statuses.reduce((sum, c) => sum + (c.restartCount ?? 0), 0);
  const last = statuses
    .map((c) => c.lastState?.terminated?.finishedAt)
    .filter((t): t is string => !!t)
    .map((t) => Date.parse(t))
    .sort((a, b) => b - a)[0];
  return restarts !== 0 && last !== undefined ? `${restarts} (${humanDuration(now - last)} ago)` : String(restarts);
}

export const POD_TABLE: TableDefinition = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE_COLUMN,
    column('IP', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', { priority: 1 }),
    column('Node', 'NodeName indicates in which node this pod is scheduled.', { priority: 1 }),
    column('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node.', { priority: 1 }),
    column('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', { priority: 1 }),
  ],
  cells: (obj, now) => {
    const pod = obj as Pod;
    const statuses = pod.status?.containerStatuses ?? [];
    const ready = statuses.filter((c) => c.ready && c.state?.running).length;
    return [
      pod.metadata.name,
      `${ready}/${pod.spec?.containers?.length ?? 0}`,
      podStatusReason(pod),
      restartsCell(pod, now),
      ageOf(pod.metadata.creationTimestamp, now),
      pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP ?? '<none>',
      pod.spec?.nodeName || '<none>',
      '<none>',
      '<none>',
    ];
  },
  conditions: (obj) => {
    const phase = obj.status?.phase;
    if (phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
    if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    return undefined;
  },
};
