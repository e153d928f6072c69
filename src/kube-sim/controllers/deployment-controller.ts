/**
 * Deployments: one ReplicaSet per pod template (`<name>-<pod-template-hash>`), rolled out per strategy
 * (RollingUpdate within maxSurge / maxUnavailable, or Recreate), old ReplicaSets pruned beyond
 * `revisionHistoryLimit`; status and the Available / Progressing conditions as the API server reports them.
 */
import { isControlledBy, ownerReferenceTo } from '../api/object-meta.js';
import { TYPES } from '../api/resource-types.js';
import { clone } from '../model/json.js';
import { templateHash } from '../model/names.js';
import { timestamp } from '../model/time.js';
import type { KubeObject } from '../model/types.js';
import { compactStatus, watchOwnAndChildren, type Controller, type ControllerContext } from './controller.js';
import { isActive } from './pods.js';
import { planRollingUpdate, resolveBound } from './rollout.js';
import { setCondition } from './conditions.js';

const HASH_LABEL = 'pod-template-hash';
const REVISION = 'deployment.kubernetes.io/revision';

function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
}

function newReplicaSet(d: KubeObject, hash: string, revision: number, replicas: number): KubeObject {
  const template = clone(d.spec.template);
  template.metadata ??= {};
  template.metadata.labels = { ...(template.metadata.labels ?? {}), [HASH_LABEL]: hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels: template.metadata.labels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas),
        'deployment.kubernetes.io/max-replicas': String(d.spec.replicas + resolveBound(d.spec.strategy?.rollingUpdate?.maxSurge, d.spec.replicas, true)),
        [REVISION]: String(revision),
      },
      ownerReferences: [ownerReferenceTo(TYPES.deployments, d)],
    },
    spec: {
      replicas,
      selector: { ...clone(d.spec.selector), matchLabels: { ...(d.spec.selector?.matchLabels ?? {}), [HASH_LABEL]: hash } },
      template,
    },
  };
}

export function startDeploymentController(ctx: ControllerContext): Controller {
  const { api } = ctx;
  const scaleRs = (rs: KubeObject, replicas: number, desired: number): void => {
    if (rs.spec.replicas === replicas) return;
    api.mutate(TYPES.replicaSets, rs.metadata.namespace, rs.metadata.name!, (o) => {
      o.spec.replicas = replicas;
      o.metadata.annotations = { ...(o.metadata.annotations ?? {}), 'deployment.kubernetes.io/desired-replicas': String(desired) };
    });
  };

  const reconcile = (namespace: string | undefined, name: string): void => {
    const d = api.tryGet(TYPES.deployments, namespace, name);
    if (!d || d.metadata.deletionTimestamp) return;
    const desired: number = d.spec.replicas ?? 1;
    const owned = api.store.list(TYPES.replicaSets, namespace).filter((rs) => isControlledBy(rs, d.metadata.uid));
    const hash = templateHash(d.spec.template);
    let current = owned.find((rs) => rs.metadata.labels?.[HASH_LABEL] === hash);
    const old = owned.filter((rs) => rs !== current).sort((a, b) => revisionOf(a) - revisionOf(b));
    const recreate = d.spec.strategy?.type === 'Recreate';
    const oldTotal = old.reduce((s, rs) => s + (rs.spec.replicas ?? 0), 0);
    if (!current) {
      const revision = Math.max(0, ...owned.map(revisionOf)) + 1;
      const initial = recreate ? (oldTotal === 0 ? desired : 0) : oldTotal === 0 ? desired : 0;
      current = api.create(TYPES.replicaSets, namespace, newReplicaSet(d, hash, revision, initial));
    } else if (old.length > 0 && revisionOf(current) < Math.max(...old.map(revisionOf))) {
      // Rolling back to an older template makes its ReplicaSet the newest revision again.
      const revision = Math.max(...old.map(revisionOf)) + 1;
      current = api.mutate(TYPES.replicaSets, namespace, current.metadata.name!, (o) => {
        o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [REVISION]: String(revision) };
      })!;
    }
    const readyOf = (rs: KubeObject): number => rs.status?.readyReplicas ?? 0;
    if (recreate) {
      for (const rs of old) scaleRs(rs, 0, desired);
      const oldPods = api.store.list(TYPES.pods, namespace).filter((p) => old.some((rs) => isControlledBy(p, rs.metadata.uid)));
      scaleRs(current, oldPods.length === 0 ? desired : 0, desired);
    } else {
      const plan = planRollingUpdate({
        desired,
        maxSurge: resolveBound(d.spec.strategy?.rollingUpdate?.maxSurge, desired, true),
        maxUnavailable: resolveBound(d.spec.strategy?.rollingUpdate?.maxUnavailable, desired, false),
        newReplicas: current.spec.replicas ?? 0,
        newReady: readyOf(current),
        old: old.map((rs) => ({ replicas: rs.spec.replicas ?? 0, ready: readyOf(rs) })),
      });
      scaleRs(current, plan.newReplicas, desired);
      old.forEach((rs, i) => scaleRs(rs, plan.oldReplicas[i]!, desired));
    }
    // Prune history: old ReplicaSets at zero beyond revisionHistoryLimit, oldest first.
    const idle = old.filter((rs) => (api.tryGet(TYPES.replicaSets, namespace, rs.metadata.name!)?.spec.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0);
    const limit: number = d.spec.revisionHistoryLimit ?? 10;
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) api.delete(TYPES.replicaSets, namespace, rs.metadata.name!);
    updateStatus(ctx, d, current.metadata.name!);
  };
  return watchOwnAndChildren(ctx, TYPES.deployments, [TYPES.replicaSets], reconcile);
}

function updateStatus(ctx: ControllerContext, d: KubeObject, currentName: string): void {
  const { api } = ctx;
  const namespace = d.metadata.namespace;
  const sets = api.store.list(TYPES.replicaSets, namespace).filter((rs) => isControlledBy(rs, d.metadata.uid));
  const current = sets.find((rs) => rs.metadata.name === currentName);
  const desired: number = d.spec.replicas ?? 1;
  const pods = api.store.list(TYPES.pods, namespace).filter((p) => sets.some((rs) => isControlledBy(p, rs.metadata.uid)) && isActive(p));
  const replicas = pods.length;
  const updated = current ? pods.filter((p) => isControlledBy(p, current.metadata.uid)).length : 0;
  const ready = sets.reduce((s, rs) => s + (rs.status?.readyReplicas ?? 0), 0);
  const available = sets.reduce((s, rs) => s + (rs.status?.availableReplicas ?? 0), 0);
  const maxUnavailable = d.spec.strategy?.type === 'Recreate' ? 0 : resolveBound(d.spec.strategy?.rollingUpdate?.maxUnavailable, desired, false);
  const now = timestamp();
  const complete = updated === desired && replicas === desired && available === desired;
  const revision = current?.metadata.annotations?.[REVISION];
  api.mutate(TYPES.deployments, namespace, d.metadata.name!, (obj) => {
    const previous = (obj.status?.conditions ?? []) as never[];
    let conditions = setCondition(previous, {
      type: 'Available',
      status: available >= desired - maxUnavailable ? 'True' : 'False',
      reason: available >= desired - maxUnavailable ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
      message: available >= desired - maxUnavailable ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
    }, now, true);
    conditions = setCondition(conditions, {
      type: 'Progressing',
      status: 'True',
      reason: complete ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
      message: complete ? `ReplicaSet "${currentName}" has successfully progressed.` : `ReplicaSet "${currentName}" is progressing.`,
    }, now, true);
    obj.status = compactStatus(
      {
        observedGeneration: obj.metadata.generation,
        replicas,
        updatedReplicas: updated,
        readyReplicas: ready,
        availableReplicas: available,
        unavailableReplicas: Math.max(0, replicas - available, desired - available),
        conditions,
      },
      ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'],
    );
    if (revision) obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [REVISION]: revision };
  });
}
