/**
 * `meta.k8s.io/v1` Tables, what `kubectl get` asks for (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`):
 * column definitions and one row per object, each row carrying the object as `includeObject` asks
 * (`Metadata` by default, `Object`, or `None`).
 */
import type { KubeObject } from '../model/types.js';
import { timestamp } from '../model/time.js';

export interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface TableDefinition {
  columns: Column[];
  cells(obj: KubeObject, now: number): unknown[];
  /** Row conditions (pods: `Completed` once finished). */
  conditions?(obj: KubeObject): unknown[] | undefined;
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function column(name: string, description: string, options: { type?: string; format?: string; priority?: number } = {}): Column {
  return { name, type: options.type ?? 'string', format: options.format ?? '', description, priority: options.priority ?? 0 };
}

export const NAME_COLUMN = column('Name', 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names', { format: 'name' });
export const AGE_COLUMN = column('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata');

/** What the API server answers for resources without a printer: Name and Created At. */
export const DEFAULT_TABLE: TableDefinition = {
  columns: [NAME_COLUMN, column('Created At', AGE_COLUMN.description, { type: 'date' })],
  cells: (obj) => [obj.metadata.name, obj.metadata.creationTimestamp ?? timestamp(0)],
};

function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string };
  columnDefinitions: Column[];
  rows: { cells: unknown[]; conditions?: unknown[]; object?: unknown }[];
}

export function buildTable(
  definition: TableDefinition,
  objects: KubeObject[],
  include: IncludeObject,
  resourceVersion: string | undefined,
  now: number = Date.now(),
  withColumns = true,
): Table {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: resourceVersion ? { resourceVersion } : {},
    columnDefinitions: withColumns ? definition.columns : [],
    rows: objects.map((obj) => {
      const conditions = definition.conditions?.(obj);
      const object = rowObject(obj, include);
      return { cells: definition.cells(obj, now), ...(conditions ? { conditions } : {}), ...(object !== undefined ? { object } : {}) };
    }),
  };
}

/** `name1,name2` and `image1,image2` of a pod template's containers (the wide Containers / Images columns). */
export function containerCells(spec: { containers?: { name: string; image?: string }[] } | undefined): [string, string] {
  const containers = spec?.containers ?? [];
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image ?? '').join(',')];
}
