/** Plain-JSON helpers: deep copy, deep equality and object tests (no prototype tricks, arrays ordered). */

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy through JSON (stored objects are pure JSON; undefined members disappear). */
export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const keysA = Object.keys(a).filter((k) => a[k] !== undefined);
    const keysB = Object.keys(b).filter((k) => b[k] !== undefined);
    if (keysA.length !== keysB.length) return false;
    return keysA.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** `kind`, `apiVersion`, `metadata`, then `spec`, then the rest, then `status`: the order the API server prints. */
export function orderTopLevel<T extends Record<string, unknown>>(obj: T): T {
  const head = ['kind', 'apiVersion', 'metadata', 'spec'];
  const out: Record<string, unknown> = {};
  for (const key of head) if (obj[key] !== undefined) out[key] = obj[key];
  for (const key of Object.keys(obj)) if (!head.includes(key) && key !== 'status' && obj[key] !== undefined) out[key] = obj[key];
  if (obj.status !== undefined) out.status = obj.status;
  return out as T;
}
