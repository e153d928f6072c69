/**
 * The limiter's pure hysteresis (platform.md §4.3): usage ≥ high → limiting, usage ≤ low → not
 * limiting, strictly between the two → unchanged.
 */

export interface Thresholds {
  readonly cpuHighThreshold: number;
  readonly cpuLowThreshold: number;
}

export function nextLimiting(limiting: boolean, usage: number, t: Thresholds): boolean {
  if (usage >= t.cpuHighThreshold) return true;
  if (usage <= t.cpuLowThreshold) return false;
  return limiting;
}
