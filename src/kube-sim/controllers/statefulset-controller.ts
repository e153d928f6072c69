/**
 * StatefulSets: pods `<name>-0` … `<name>-(N-1)` with stable names and hostnames. OrderedReady creates one pod at
 * a time once its predecessors run and are ready and removes the highest ordinal first, one at a time; Parallel
 * does both at once. Finished pods are replaced; template changes roll pods from the highest ordinal down to
 * `partition`.
 */
import { isControlledBy } from '../api/object-meta.js';
import { TYPES } from '../api/resource-types.js';
import { templateHash } from '../model/names.js';
import type { KubeObject } from '../model/types.js';
import { compactStatus, watchOwnAndChildren, type Controller, type ControllerContext } from './controller.js';
import { isReady, isRunningAndReady, isTerminal, podFromTemplate } from './pods.js';

const REVISION_LABEL = 'controller-revision-hash';

function ordinalOf(sts: KubeObject, pod: KubeObject): number | undefined {
  const prefix = `${sts.metadata.name}-`;
  const name = pod.metadata.name!;
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

export function startStatefulSetController(ctx: ControllerContext): Controller {
  const { api } = ctx;
  const reconcile = (namespace: string | undefined, name: string): void => {
    const sts = api.tryGet(TYPES.statefulSets, namespace, name);
    if (!sts || sts.metadata.deletionTimestamp) return;
    const replicas: number = sts.spec.replicas ?? 1;
    const parallel = sts.spec.podManagementPolicy === 'Parallel';
    const revision = `${name}-${templateHash(sts.spec.template)}`;
    const byOrdinal = new Map<number, KubeObject>();
    for (const pod of api.store.list(TYPES.pods, namespace)) {
      if (!isControlledBy(pod, sts.metadata.uid)) continue;
      const ordinal = ordinalOf(sts, pod);
      if (ordinal !== undefined) byOrdinal.set(ordinal, pod);
    }
    const create = (ordinal: number): void => {
      const podName = `${name}-${ordinal}`;
      const pod = podFromTemplate(sts.spec.template, {
        ownerType: TYPES.statefulSets,
        owner: sts,
        name: podName,
        extraLabels: {
          [REVISION_LABEL]: revision,
          'statefulset.kubernetes.io/pod-name': podName,
          'apps.kubernetes.io/pod-index': String(ordinal),
        },
        specPatch: { hostname: podName, ...(sts.spec.serviceName ? { subdomain: sts.spec.serviceName } : {}) },
      });
      byOrdinal.set(ordinal, api.create(TYPES.pods, namespace, pod));
    };
    const remove = (pod: KubeObject): void => {
      api.delete(TYPES.pods, namespace, pod.metadata.name!);
    };
    // Finished pods are deleted, then recreated under the same name.
    for (const pod of byOrdinal.values()) if (isTerminal(pod) && !pod.metadata.deletionTimestamp) remove(pod);
    const terminating = [...byOrdinal.values()].some((p) => p.metadata.deletionTimestamp);
    let blocked = false;
    for (let i = 0; i < replicas; i++) {
      const pod = byOrdinal.get(i);
      if (!pod) {
        if (!parallel && (blocked || terminating)) break;
        create(i);
        if (!parallel) blocked = true;
        continue;
      }
      if (!parallel && (pod.metadata.deletionTimestamp || !isRunningAndReady(pod))) blocked = true;
    }
    const condemned = [...byOrdinal.entries()].filter(([i, p]) => i >= replicas && !p.metadata.deletionTimestamp).sort(([a], [b]) => b - a);
    if (parallel) condemned.forEach(([, p]) => remove(p));
    else if (condemned.length > 0 && !terminating && !blocked) remove(condemned[0]![1]);
    // Rolling update: one outdated pod at a time, highest ordinal first, once everything is ready.
    const rolling = (sts.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    const partition: number = sts.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    const live = [...byOrdinal.entries()].filter(([i]) => i < replicas);
    const settled = live.length === replicas && live.every(([, p]) => isRunningAndReady(p) && !p.metadata.deletionTimestamp);
    if (rolling && settled && condemned.length === 0) {
      const outdated = live.filter(([i, p]) => i >= partition && p.metadata.labels?.[REVISION_LABEL] !== revision).sort(([a], [b]) => b - a);
      if (outdated.length > 0) remove(outdated[0]![1]);
    }
    const pods = [...byOrdinal.values()].filter((p) => api.tryGet(TYPES.pods, namespace, p.metadata.name!));
    const counted = pods.filter((p) => !p.metadata.deletionTimestamp);
    const ready = counted.filter(isReady).length;
    const updated = counted.filter((p) => p.metadata.labels?.[REVISION_LABEL] === revision).length;
    api.mutate(TYPES.statefulSets, namespace, name, (obj) => {
      const previousCurrent: string | undefined = obj.status?.currentRevision;
      const currentRevision = updated === counted.length || !previousCurrent ? revision : previousCurrent;
      const current = counted.filter((p) => p.metadata.labels?.[REVISION_LABEL] === currentRevision).length;
      obj.status = compactStatus(
        {
          observedGeneration: obj.metadata.generation,
          replicas: counted.length,
          readyReplicas: ready,
          currentReplicas: current,
          updatedReplicas: updated,
          currentRevision,
          updateRevision: revision,
          collisionCount: 0,
          availableReplicas: ready,
        },
        ['readyReplicas', 'currentReplicas', 'updatedReplicas'],
      );
    });
  };
  return watchOwnAndChildren(ctx, TYPES.statefulSets, [TYPES.pods], reconcile);
}
