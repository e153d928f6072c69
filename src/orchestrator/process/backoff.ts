/** Restart back-off shared by replicas, auxiliary processes and nodes: min(30, 2^(failures−1)) seconds (platform.md §2.4.5 item 7). */

/** Delay before the next attempt after `failures` consecutive failures (1 → 1 s, 2 → 2 s, … capped at 30 s). */
export function restartDelaySeconds(failures: number): number {
  if (!Number.isFinite(failures) || failures <= 1) return 1;
  return Math.min(30, 2 ** (failures - 1));
}
