/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), as `kubectl apply`, `annotate`, `label` and
 * `edit` send it: merge-patch semantics, plus lists merged by their merge key, and the directives `$patch`
 * (replace/delete/merge), `$retainKeys`, `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`.
 */
import { clone, deepEqual, isPlainObject } from '../model/json.js';
import { PatchError } from './patch-error.js';
import { builtinPatchMeta, type PatchMetaLookup } from './patch-meta.js';

type Json = Record<string, unknown>;
const DELETE = Symbol('delete');
const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVES = '$deleteFromPrimitiveList/';

function isDirectiveKey(key: string): boolean {
  return key === '$patch' || key === '$retainKeys' || key.startsWith(SET_ORDER) || key.startsWith(DELETE_PRIMITIVES);
}

function mergeMap(original: Json, patch: Json, path: string[], meta: PatchMetaLookup): Json | typeof DELETE {
  const directive = patch.$patch;
  if (directive === 'delete') return DELETE;
  if (directive === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return mergeMap({}, rest, path, meta) as Json;
  }
  if (directive !== undefined && directive !== 'merge') throw new PatchError(`Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  const result: Json = { ...original };
  for (const [key, value] of Object.entries(patch)) {
    if (isDirectiveKey(key)) continue;
    if (value === null) {
      delete result[key];
      continue;
    }
    const childPath = [...path, key];
    const current = result[key];
    if (isPlainObject(value)) {
      const merged = mergeMap(isPlainObject(current) ? current : {}, value, childPath, meta);
      if (merged === DELETE) delete result[key];
      else result[key] = merged;
    } else if (Array.isArray(value)) {
      result[key] = mergeList(Array.isArray(current) ? current : [], value, childPath, meta);
    } else result[key] = value;
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(DELETE_PRIMITIVES)) {
      const field = key.slice(DELETE_PRIMITIVES.length);
      if (!Array.isArray(value)) throw new PatchError(`${key} must be a list`);
      if (Array.isArray(result[field])) result[field] = (result[field] as unknown[]).filter((v) => !value.some((d) => deepEqual(d, v)));
    } else if (key.startsWith(SET_ORDER)) {
      const field = key.slice(SET_ORDER.length);
      if (!Array.isArray(value)) throw new PatchError(`${key} must be a list`);
      if (Array.isArray(result[field])) result[field] = reorder(result[field] as unknown[], value, meta([...path, field]).mergeKey);
    }
  }
  const retain = patch.$retainKeys;
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw new PatchError('$retainKeys must be a list');
    for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  }
  return result;
}

function identity(item: unknown, mergeKey: string | undefined): unknown {
  return mergeKey && isPlainObject(item) ? item[mergeKey] : item;
}

/** Items named by `order` first, in that order; the others after them, in their current order. */
function reorder(items: unknown[], order: unknown[], mergeKey: string | undefined): unknown[] {
  const wanted = order.map((o) => identity(o, mergeKey));
  const rank = (item: unknown): number => {
    const index = wanted.findIndex((w) => deepEqual(w, identity(item, mergeKey)));
    return index < 0 ? wanted.length : index;
  };
  return items.map((item, i) => ({ item, i, r: rank(item) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.item);
}

function replaceList(patch: unknown[], path: string[], meta: PatchMetaLookup): unknown[] {
  return patch.map((item) => (isPlainObject(item) ? mergeMap({}, item, path, meta) : clone(item))).filter((x) => x !== DELETE);
}

function mergeList(original: unknown[], patch: unknown[], path: string[], meta: PatchMetaLookup): unknown[] {
  const { strategy, mergeKey } = meta(path);
  if (!strategy?.includes('merge') || strategy === 'retainKeys') return replaceList(patch, path, meta);
  if (patch.some((item) => isPlainObject(item) && item.$patch === 'replace')) {
    return replaceList(patch.filter((item) => !(isPlainObject(item) && item.$patch === 'replace')), path, meta);
  }
  const result = [...original];
  for (const item of patch) {
    if (!isPlainObject(item)) {
      if (!result.some((existing) => deepEqual(existing, item))) result.push(clone(item));
      continue;
    }
    if (!mergeKey) throw new PatchError(`map list without a merge key at ${path.join('.')}`);
    const key = item[mergeKey];
    if (key === undefined && item.$patch === undefined) throw new PatchError(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
    const index = result.findIndex((existing) => isPlainObject(existing) && deepEqual(existing[mergeKey], key));
    if (item.$patch === 'delete') {
      for (let i = result.length - 1; i >= 0; i--) {
        const existing = result[i];
        if (isPlainObject(existing) && deepEqual(existing[mergeKey], key)) result.splice(i, 1);
      }
      continue;
    }
    if (index >= 0) result[index] = mergeMap(result[index] as Json, item, path, meta);
    else result.push(mergeMap({}, item, path, meta));
  }
  return result;
}

export function applyStrategicMergePatch(original: unknown, patch: unknown, meta: PatchMetaLookup = builtinPatchMeta): unknown {
  if (!isPlainObject(patch)) throw new PatchError('strategic merge patch must be a JSON object', true);
  const merged = mergeMap(isPlainObject(original) ? original : {}, patch, [], meta);
  return merged === DELETE ? {} : merged;
}
