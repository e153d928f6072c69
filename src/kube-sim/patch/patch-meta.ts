/**
 * The strategic-merge-patch metadata of the built-in types kube-sim serves (the `patchStrategy` / `patchMergeKey`
 * struct tags of k8s.io/api), looked up by the field path with list indices left out.
 */

export interface FieldPatchMeta {
  /** `merge` lists are merged (by `mergeKey` for lists of objects, as a set for primitives); absent: replaced. */
  strategy?: 'merge' | 'retainKeys' | 'merge,retainKeys';
  mergeKey?: string;
}

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

/** Keyed by field name; `parents` restricts the entry to a parent field name. */
const TABLE: { field: string; parents?: string[]; meta: FieldPatchMeta }[] = [
  ...CONTAINER_LISTS.map((field) => ({ field, meta: { strategy: 'merge', mergeKey: 'name' } as FieldPatchMeta })),
  { field: 'env', parents: CONTAINER_LISTS, meta: { strategy: 'merge', mergeKey: 'name' } },
  { field: 'ports', parents: CONTAINER_LISTS, meta: { strategy: 'merge', mergeKey: 'containerPort' } },
  { field: 'ports', parents: ['spec'], meta: { strategy: 'merge', mergeKey: 'port' } },
  { field: 'volumeMounts', parents: CONTAINER_LISTS, meta: { strategy: 'merge', mergeKey: 'mountPath' } },
  { field: 'volumeDevices', parents: CONTAINER_LISTS, meta: { strategy: 'merge', mergeKey: 'devicePath' } },
  { field: 'resizePolicy', parents: CONTAINER_LISTS, meta: {} },
  { field: 'volumes', meta: { strategy: 'merge,retainKeys', mergeKey: 'name' } },
  { field: 'imagePullSecrets', meta: { strategy: 'merge', mergeKey: 'name' } },
  { field: 'hostAliases', meta: { strategy: 'merge', mergeKey: 'ip' } },
  { field: 'topologySpreadConstraints', meta: { strategy: 'merge', mergeKey: 'topologyKey' } },
  { field: 'resourceClaims', parents: ['spec'], meta: { strategy: 'merge,retainKeys', mergeKey: 'name' } },
  { field: 'schedulingGates', meta: { strategy: 'merge', mergeKey: 'name' } },
  { field: 'conditions', parents: ['status'], meta: { strategy: 'merge', mergeKey: 'type' } },
  { field: 'ownerReferences', parents: ['metadata'], meta: { strategy: 'merge', mergeKey: 'uid' } },
  { field: 'finalizers', parents: ['metadata'], meta: { strategy: 'merge' } },
  { field: 'strategy', parents: ['spec'], meta: { strategy: 'retainKeys' } },
];

export type PatchMetaLookup = (path: readonly string[]) => FieldPatchMeta;

export const builtinPatchMeta: PatchMetaLookup = (path) => {
  const field = path[path.length - 1];
  const parent = path[path.length - 2];
  const entry = TABLE.find((e) => e.field === field && (!e.parents || (parent !== undefined && e.parents.includes(parent))));
  return entry?.meta ?? {};
};
