/** Pure rollout arithmetic of Deployments: surge / unavailability bounds and the replica counts of new and old ReplicaSets. */

/** `25%` of `total` (rounded up for surge, down for unavailability) or an absolute number. */
export function resolveBound(value: number | string | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value.trim());
  if (!match) return Number(value) || 0;
  const exact = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

export interface RolloutInput {
  desired: number;
  maxSurge: number;
  maxUnavailable: number;
  /** `spec.replicas` of the new ReplicaSet. */
  newReplicas: number;
  newReady: number;
  /** `spec.replicas` and ready pods of each old ReplicaSet, oldest first. */
  old: { replicas: number; ready: number }[];
}

/** The next `spec.replicas` of the new ReplicaSet and of each old one (RollingUpdate). */
export function planRollingUpdate(input: RolloutInput): { newReplicas: number; oldReplicas: number[] } {
  const { desired, maxSurge } = input;
  const maxUnavailable = input.maxSurge === 0 && input.maxUnavailable === 0 ? 1 : input.maxUnavailable;
  const oldTotal = input.old.reduce((s, o) => s + o.replicas, 0);
  if (oldTotal === 0) return { newReplicas: desired, oldReplicas: input.old.map(() => 0) };
  const newReplicas = Math.min(desired, Math.max(input.newReplicas, desired + maxSurge - oldTotal));
  const readyTotal = input.newReady + input.old.reduce((s, o) => s + Math.min(o.ready, o.replicas), 0);
  const unhealthyOld = input.old.reduce((s, o) => s + Math.max(0, o.replicas - o.ready), 0);
  let removable = Math.max(0, readyTotal - (desired - maxUnavailable)) + unhealthyOld;
  removable = Math.min(removable, oldTotal);
  const oldReplicas = input.old.map((o) => o.replicas);
  for (let i = 0; i < oldReplicas.length && removable > 0; i++) {
    const cut = Math.min(oldReplicas[i]!, removable);
    oldReplicas[i] = oldReplicas[i]! - cut;
    removable -= cut;
  }
  return { newReplicas, oldReplicas };
}
