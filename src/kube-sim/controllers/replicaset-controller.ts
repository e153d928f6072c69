/** ReplicaSets: keep exactly `spec.replicas` active pods matching the template (create missing, delete extras), report counts. */
import { isControlledBy } from '../api/object-meta.js';
import { TYPES } from '../api/resource-types.js';
import type { KubeObject } from '../model/types.js';
import { compactStatus, watchOwnAndChildren, type Controller, type ControllerContext } from './controller.js';
import { deletionOrder, isActive, isReady, podFromTemplate } from './pods.js';

export function startReplicaSetController(ctx: ControllerContext): Controller {
  const { api } = ctx;
  const reconcile = (namespace: string | undefined, name: string): void => {
    const rs = api.tryGet(TYPES.replicaSets, namespace, name);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const owned = api.store.list(TYPES.pods, namespace).filter((p) => isControlledBy(p, rs.metadata.uid));
    let active = owned.filter(isActive);
    const desired: number = rs.spec?.replicas ?? 1;
    if (active.length < desired) {
      const created: KubeObject[] = [];
      for (let i = active.length; i < desired; i++) {
        created.push(api.create(TYPES.pods, namespace, podFromTemplate(rs.spec.template, { ownerType: TYPES.replicaSets, owner: rs, generateName: `${name}-` })));
      }
      active = [...active, ...created];
    } else if (active.length > desired) {
      const doomed = [...active].sort(deletionOrder).slice(0, active.length - desired);
      for (const pod of doomed) api.delete(TYPES.pods, namespace, pod.metadata.name!);
      active = active.filter((p) => !doomed.includes(p));
    }
    const ready = active.filter(isReady).length;
    api.mutate(TYPES.replicaSets, namespace, name, (obj) => {
      obj.status = compactStatus(
        {
          replicas: active.length,
          fullyLabeledReplicas: active.length,
          readyReplicas: ready,
          availableReplicas: ready,
          observedGeneration: obj.metadata.generation,
        },
        ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'],
      );
    });
  };
  return watchOwnAndChildren(ctx, TYPES.replicaSets, [TYPES.pods], reconcile);
}
