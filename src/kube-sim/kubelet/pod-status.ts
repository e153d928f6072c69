/** Pod status as the scheduler and kubelet report it: phase, conditions, IPs, container statuses (pure). */
import { setCondition, type Condition } from '../controllers/conditions.js';
import type { ContainerStatus, Pod, PodStatus } from '../model/types.js';
import type { MainContainerView } from './pod-worker.js';

export const HOST_IP = '127.0.0.1';

export interface RuntimeView extends MainContainerView {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  ip: string;
  startedAt: string;
}

function conditionsOf(pod: Pod): Condition[] {
  return (pod.status?.conditions ?? []) as Condition[];
}

export function unschedulableStatus(pod: Pod, now: string, message: string): PodStatus {
  const conditions = setCondition(conditionsOf(pod), { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null }, now);
  return { phase: 'Pending', conditions: conditions as PodStatus['conditions'], qosClass: pod.status?.qosClass };
}

export function scheduledConditions(pod: Pod, now: string): Condition[] {
  return setCondition(conditionsOf(pod), { type: 'PodScheduled', status: 'True', lastProbeTime: null }, now);
}

export function runningStatus(pod: Pod, view: RuntimeView, now: string): PodStatus {
  const containers = pod.spec.containers;
  const statuses: ContainerStatus[] = containers.map((c, i) => {
    if (i === 0) {
      return {
        name: c.name,
        image: c.image ?? '',
        imageID: `kube-sim://${c.image ?? ''}`,
        ...(view.containerID ? { containerID: view.containerID } : {}),
        ready: view.ready,
        started: view.started,
        restartCount: view.restartCount,
        state: view.state,
        lastState: view.lastState,
      };
    }
    const alive = view.phase === 'Running' || view.phase === 'Pending';
    return {
      name: c.name,
      image: c.image ?? '',
      imageID: `kube-sim://${c.image ?? ''}`,
      ready: alive,
      started: alive,
      restartCount: 0,
      state: alive ? { running: { startedAt: view.startedAt } } : { terminated: { exitCode: 0, reason: 'Completed', startedAt: view.startedAt, finishedAt: now } },
      lastState: {},
    };
  });
  const finished = view.phase === 'Succeeded' || view.phase === 'Failed';
  const allReady = statuses.every((s) => s.ready);
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
  const notReady = finished
    ? { status: 'False' as const, reason: 'PodCompleted' }
    : { status: 'False' as const, reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` };
  let conditions = scheduledConditions(pod, now);
  conditions = setCondition(conditions, { type: 'PodReadyToStartContainers', status: finished ? 'False' : 'True', lastProbeTime: null }, now);
  conditions = setCondition(conditions, { type: 'Initialized', status: 'True', ...(finished ? { reason: 'PodCompleted' } : {}), lastProbeTime: null }, now);
  conditions = setCondition(conditions, { type: 'Ready', ...(allReady && !finished ? { status: 'True' } : notReady), lastProbeTime: null }, now);
  conditions = setCondition(conditions, { type: 'ContainersReady', ...(allReady && !finished ? { status: 'True' } : notReady), lastProbeTime: null }, now);
  const order = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];
  conditions = [...conditions].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  return {
    phase: view.phase,
    conditions: conditions as PodStatus['conditions'],
    hostIP: HOST_IP,
    hostIPs: [{ ip: HOST_IP }],
    podIP: view.ip,
    podIPs: [{ ip: view.ip }],
    startTime: view.startedAt,
    containerStatuses: statuses,
    qosClass: pod.status?.qosClass,
  };
}
