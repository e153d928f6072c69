// rate/increase/delta (Prometheus's extrapolatedRate: counter resets, extrapolation to the window edges
// limited to 110% of the mean sample spacing, zero-point clamping) and irate/idelta (last two samples).
import type { RangeSeries } from './values.js';

export interface RateWindow {
  /** Exclusive start and inclusive end of the selector window, ms. */
  readonly rangeStart: number;
  readonly rangeEnd: number;
  readonly rangeSeconds: number;
  /** Evaluation time (without offset), ms. */
  readonly evalTimeMs: number;
}

/** rate (counter, per second), increase (counter) or delta (gauge); undefined when under two samples. */
export function extrapolatedRate(s: RangeSeries, w: RateWindow, isCounter: boolean, isRate: boolean): number | undefined {
  const n = s.t.length;
  if (n < 2) return undefined;
  const v = s.v;
  const firstT = s.t[0] as number;
  const lastT = s.t[n - 1] as number;
  let result = (v[n - 1] as number) - (v[0] as number);
  if (isCounter) {
    for (let i = 1; i < n; i++) if ((v[i] as number) < (v[i - 1] as number)) result += v[i - 1] as number;
  }
  let durationToStart = (firstT - w.rangeStart) / 1000;
  let durationToEnd = (w.rangeEnd - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const averageDurationBetweenSamples = sampledInterval / (n - 1);
  const extrapolationThreshold = averageDurationBetweenSamples * 1.1;
  if (durationToStart >= extrapolationThreshold) durationToStart = averageDurationBetweenSamples / 2;
  if (isCounter) {
    // Counters cannot go negative: do not extrapolate past the point where the counter would be zero.
    let durationToZero = durationToStart;
    if (result > 0 && (v[0] as number) >= 0) durationToZero = sampledInterval * ((v[0] as number) / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  if (durationToEnd >= extrapolationThreshold) durationToEnd = averageDurationBetweenSamples / 2;
  let factor = sampledInterval !== 0 ? (sampledInterval + durationToStart + durationToEnd) / sampledInterval : 1;
  if (isRate) factor /= w.rangeSeconds;
  return result * factor;
}

/** irate (per-second, counter reset aware) or idelta from the last two samples. */
export function instantValue(s: RangeSeries, isRate: boolean): number | undefined {
  const n = s.t.length;
  if (n < 2) return undefined;
  const t0 = s.t[n - 2] as number;
  const t1 = s.t[n - 1] as number;
  const v0 = s.v[n - 2] as number;
  const v1 = s.v[n - 1] as number;
  const interval = t1 - t0;
  if (interval === 0) return undefined;
  let result = v1;
  if (!isRate || !(v1 < v0)) result = v1 - v0; // on a counter reset irate uses the new value itself
  if (isRate) result /= interval / 1000;
  return result;
}
