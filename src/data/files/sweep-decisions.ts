/**
 * What the data-file cleaner does with each file on this node's disk (data.md §5.2 step 3, 5),
 * as pure decisions: a local expiry that passed removes the bytes at once; bytes without shared
 * metadata for that very version are an orphan, removed only on the third consecutive cycle that
 * still sees them so (the window between writing bytes and committing metadata stays safe); a
 * leftover upload or stray sidecar unmodified for 10 minutes is removed.
 */
import type { FileMeta, LocalFileMeta } from './file-meta.js';

export const ORPHAN_CONFIRMATIONS = 3;
export const STALE_TEMP_MS = 10 * 60 * 1000;

export type VersionDecision = 'keep' | 'expired' | 'orphan';

/** `shared` is the current `data:file:<id>:meta` (null when missing or expired). */
export function judgeVersion(sha256: string, local: LocalFileMeta | null, shared: FileMeta | null, nowMs: number): VersionDecision {
  if (local !== null && local.expireAtMs !== null && local.expireAtMs <= nowMs) return 'expired';
  if (local === null || shared === null || shared.sha256 !== sha256) return 'orphan';
  return 'keep';
}

export function isStale(mtimeMs: number, nowMs: number): boolean {
  return nowMs - mtimeMs > STALE_TEMP_MS;
}

/**
 * Consecutive observations of orphan candidates: `observe` takes this cycle's candidates and
 * returns those seen for the third time in a row; a candidate not seen in a cycle starts over.
 */
export class OrphanObservations {
  private counts = new Map<string, number>();

  observe(candidates: Iterable<string>): Set<string> {
    const next = new Map<string, number>();
    const confirmed = new Set<string>();
    for (const key of candidates) {
      const count = (this.counts.get(key) ?? 0) + 1;
      if (count >= ORPHAN_CONFIRMATIONS) confirmed.add(key);
      else next.set(key, count);
    }
    this.counts = next;
    return confirmed;
  }
}
