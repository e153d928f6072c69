/** JSON merge patch (RFC 7386, `application/merge-patch+json`): objects merge recursively, `null` deletes, anything else replaces. */
import { clone, isPlainObject } from '../model/json.js';

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return clone(patch);
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}
