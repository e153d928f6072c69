/**
 * The raw recommendation of autoscaling.md §3.3 from already-evaluated trigger values: per-trigger
 * replica counts (`AverageValue` = ceil(v / T), `Value` = ceil(max(cur, 1) × v / T)), each bounded
 * to [min, max], the maximum over valid triggers, and the rule that incomplete data never removes
 * capacity. Also the per-trigger facts the `slimfaas_autoscaler_trigger_*` gauges expose (§6.2).
 */

import type { ScaleTrigger } from '../../model/function-config.js';

/** A trigger's evaluated query: a number, or `null` for "no data" (empty result, error, NaN). */
export type TriggerValue = number | null;

export type TriggerInvalidReason = 'blank_query' | 'bad_threshold' | 'no_data' | 'not_finite' | 'negative';

export interface TriggerOutcome {
  /** `MetricName`, or `unnamed` when blank: the `metric` label of §6.2. */
  metric: string;
  metricType: ScaleTrigger['MetricType'];
  threshold: number;
  valid: boolean;
  /** The value when valid, 0 when invalid (`slimfaas_autoscaler_trigger_value`). */
  value: number;
  /** This trigger's replica count after bounding to [min, max]; absent when invalid. */
  replicas?: number;
  invalidReason?: TriggerInvalidReason;
}

export interface Recommendation {
  raw: number;
  anyInvalid: boolean;
  triggers: TriggerOutcome[];
}

const INT32_MAX = 2147483647;

/** Raise to `min`, then lower to `max` when set (so `max` wins when `min > max`). */
export function clampReplicas(value: number, min: number, max: number | null): number {
  const raised = Math.max(value, min);
  return max === null ? raised : Math.min(raised, max);
}

function invalidReason(trigger: ScaleTrigger, value: TriggerValue): TriggerInvalidReason | undefined {
  if (trigger.Query.trim() === '') return 'blank_query';
  if (!(trigger.Threshold > 0) || !Number.isFinite(trigger.Threshold)) return 'bad_threshold';
  if (value === null || Number.isNaN(value)) return 'no_data';
  if (!Number.isFinite(value)) return 'not_finite';
  if (value < 0) return 'negative';
  return undefined;
}

function triggerReplicas(trigger: ScaleTrigger, value: number, current: number, min: number, max: number | null): number {
  const ratio = value / trigger.Threshold;
  const wanted = trigger.MetricType === 'AverageValue' ? ratio : (current === 0 ? 1 : current) * ratio;
  let d = Math.min(Math.ceil(wanted), INT32_MAX); // saturating, like .NET's double → int
  d = Math.max(d, 0);
  if (max !== null) d = Math.min(d, max);
  return Math.max(d, min);
}

/**
 * `values[i]` is the evaluated query of `triggers[i]` (a missing entry is "no data"). Expects at
 * least one trigger; `current` and `min` already made non-negative.
 */
export function recommendFromTriggers(
  triggers: readonly ScaleTrigger[],
  values: readonly TriggerValue[],
  current: number,
  min: number,
  max: number | null,
): Recommendation {
  const outcomes: TriggerOutcome[] = [];
  let best: number | undefined;
  triggers.forEach((trigger, i) => {
    const value = values[i] ?? null;
    const metric = trigger.MetricName.trim() === '' ? 'unnamed' : trigger.MetricName;
    const base = { metric, metricType: trigger.MetricType, threshold: trigger.Threshold };
    const reason = invalidReason(trigger, value);
    if (reason !== undefined || value === null) {
      outcomes.push({ ...base, valid: false, value: 0, invalidReason: reason ?? 'no_data' });
      return;
    }
    const replicas = triggerReplicas(trigger, value, current, min, max);
    outcomes.push({ ...base, valid: true, value, replicas });
    best = best === undefined ? replicas : Math.max(best, replicas);
  });
  const anyInvalid = outcomes.some((o) => !o.valid);
  if (best === undefined) return { raw: clampReplicas(current, min, max), anyInvalid, triggers: outcomes };
  return { raw: anyInvalid && best < current ? current : best, anyInvalid, triggers: outcomes };
}
