/**
 * The per-function memory of the N→M autoscaler (autoscaling.md §3.2): two append-only histories
 * of `(unix seconds, replicas)` samples, each capped to its newest 1024 entries. A plain JSON value
 * the caller keeps per function between ticks; every operation returns a new value.
 */

export const HISTORY_LIMIT = 1024;

export interface ReplicaSample {
  atSeconds: number;
  replicas: number;
}

export interface AutoscalerState {
  /** Raw trigger recommendation (§3.3) of every computation with at least one trigger. */
  recommendations: ReplicaSample[];
  /** Final result of every computation whose result differed from the current replicas. */
  decisions: ReplicaSample[];
}

export function emptyAutoscalerState(): AutoscalerState {
  return { recommendations: [], decisions: [] };
}

/** The history with one more sample, trimmed to the newest `HISTORY_LIMIT`. */
export function appendSample(history: readonly ReplicaSample[], sample: ReplicaSample): ReplicaSample[] {
  const next = [...history, sample];
  return next.length > HISTORY_LIMIT ? next.slice(next.length - HISTORY_LIMIT) : next;
}

/** Samples "within the last `seconds`": timestamp ≥ now − seconds (inclusive, no upper bound). */
export function samplesWithin(history: readonly ReplicaSample[], nowSeconds: number, seconds: number): ReplicaSample[] {
  const from = nowSeconds - seconds;
  return history.filter((s) => s.atSeconds >= from);
}

/** Highest replica count among samples, or undefined when there are none. */
export function highest(samples: readonly ReplicaSample[]): number | undefined {
  return samples.length === 0 ? undefined : Math.max(...samples.map((s) => s.replicas));
}
