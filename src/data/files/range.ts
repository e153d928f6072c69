/**
 * HTTP range requests on downloads (RFC 9110 §14), beyond upstream: one `bytes` range
 * (`a-b`, `a-`, `-n`) is served as 206, an unsatisfiable one is 416; a malformed header, another
 * unit, several ranges, or an `If-Range` that does not match the file's ETag get the whole file.
 */

export type RangeDecision =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const SPEC = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i;

export function decideRange(range: string | undefined, size: number, ifRange?: string, etag?: string): RangeDecision {
  if (range === undefined) return { kind: 'full' };
  if (ifRange !== undefined && ifRange.trim() !== etag) return { kind: 'full' };
  const match = SPEC.exec(range);
  if (!match) return { kind: 'full' };
  const [, first, last] = match as unknown as [string, string, string];
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}
