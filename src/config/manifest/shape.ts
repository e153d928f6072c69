// The manifest's key structure (platform.md §2.4.2): checks one file's tree against it, rejecting unknown,
// duplicate and mistyped keys, and rewrites structural keys to their canonical spelling.
import { parseError } from './errors.js';
import type { MapEntry, MapNode, TreeNode } from './yaml-tree.js';

type Shape =
  | { kind: 'scalar' }
  | { kind: 'list' }
  /** Structural mapping: keys matched case-insensitively against `fields`. */
  | { kind: 'object'; fields: Record<string, Shape>; removed?: Record<string, string> }
  /** User-keyed mapping (names, annotations, environment): keys kept as written. */
  | { kind: 'map'; value: Shape };

const scalar: Shape = { kind: 'scalar' };
const list: Shape = { kind: 'list' };
const object = (fields: Record<string, Shape>, removed?: Record<string, string>): Shape => ({ kind: 'object', fields, removed });
const strings: Shape = { kind: 'map', value: scalar };

const functionShape = object({
  command: list,
  workingDirectory: scalar,
  debugUrl: scalar,
  annotations: strings,
  environment: strings,
  health: object({ path: scalar, periodSeconds: scalar, timeoutSeconds: scalar, startupTimeoutSeconds: scalar }),
  shutdown: object({ path: scalar, timeoutSeconds: scalar }),
});

const jobShape = object(
  {
    command: list,
    workingDirectory: scalar,
    annotations: strings,
    environment: strings,
    ttlSecondsAfterFinished: scalar,
    backoffLimit: scalar,
    restartPolicy: scalar,
    resources: object({ requests: strings, limits: strings }),
  },
  {
    parallelism: 'SlimFaas/NumberParallelJob',
    visibility: 'SlimFaas/DefaultVisibility',
    dependson: 'SlimFaas/DependsOn',
    schedules: 'SlimFaas/Schedules',
  },
);

const processShape = object({
  command: list,
  workingDirectory: scalar,
  environment: strings,
  port: scalar,
  restartPolicy: scalar,
});

const manifestShape = object({
  schemaVersion: scalar,
  name: scalar,
  cluster: object({
    nodes: scalar,
    entrypointPort: scalar,
    nodeHttpPortBase: scalar,
    raftPortBase: scalar,
    nodeLogLevel: scalar,
    redisUrl: scalar,
  }),
  processPorts: object({ from: scalar, to: scalar }),
  state: object({ mode: scalar, directory: scalar }),
  functions: { kind: 'map', value: functionShape },
  jobs: { kind: 'map', value: jobShape },
  processes: { kind: 'map', value: processShape },
});

/** Checks one file's root mapping; returns it with canonical keys, pushing parse errors into `errors`. */
export function normalizeFile(root: MapNode, errors: string[]): MapNode {
  return normalize(root, manifestShape, '', errors) as MapNode;
}

const KIND_NAMES = { scalar: 'a scalar value', list: 'a sequence of strings', object: 'a mapping', map: 'a mapping' };

function normalize(node: TreeNode, shape: Shape, path: string, errors: string[]): TreeNode {
  if (node.kind === 'null') return node;
  const where = path === '' ? 'the root' : path;
  const expected = shape.kind === 'scalar' ? 'scalar' : shape.kind === 'list' ? 'seq' : 'map';
  if (node.kind !== expected) {
    errors.push(parseError(node.pos, `${where} must be ${KIND_NAMES[shape.kind]} (in '${node.pos.file}').`));
    return node;
  }
  if (node.kind === 'seq') {
    for (const [index, item] of node.items.entries()) {
      if (item.kind !== 'scalar') {
        errors.push(parseError(item.pos, `${path}[${index}] must be a string (in '${item.pos.file}').`));
      }
    }
    return node;
  }
  if (node.kind !== 'map') return node;
  const entries: MapEntry[] = [];
  const seen = new Set<string>();
  for (const entry of node.entries) {
    let key = entry.key;
    let valueShape: Shape | undefined;
    if (shape.kind === 'object') {
      key = Object.keys(shape.fields).find((name) => name.toLowerCase() === entry.key.toLowerCase()) ?? '';
      valueShape = shape.fields[key];
      if (!valueShape) {
        const replacement = shape.removed?.[entry.key.toLowerCase()];
        const hint = replacement ? ` It was removed: use the annotation ${replacement} instead.` : '';
        errors.push(parseError(entry.keyPos, `unknown key '${entry.key}' in ${where} (in '${entry.keyPos.file}').${hint}`));
        continue;
      }
    } else if (shape.kind === 'map') {
      valueShape = shape.value;
    }
    if (seen.has(key)) {
      errors.push(
        `Local manifest '${entry.keyPos.file}' contains duplicate key '${entry.key}' at line ${entry.keyPos.line}, column ${entry.keyPos.col}.`,
      );
      continue;
    }
    seen.add(key);
    const childPath = path === '' ? key : `${path}.${key}`;
    entries.push({ key, keyPos: entry.keyPos, value: normalize(entry.value, valueShape!, childPath, errors) });
  }
  return { ...node, entries };
}
