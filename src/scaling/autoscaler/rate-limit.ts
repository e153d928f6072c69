/**
 * Scale-up and scale-down limiting of autoscaling.md §3.4, policies first, then stabilisation:
 * up takes the most permissive policy and any decision in a policy's period consumes it; down
 * takes the most conservative policy with a budget of `Value` pods per period, then holds at the
 * highest recommendation of its window (which may exceed the current count). An empty policy list
 * means "no rate limit".
 */

import type { ScaleConfig, ScalePolicy } from '../../model/function-config.js';
import { highest, samplesWithin, type ReplicaSample } from './autoscaler-state.js';

export type DirectionBehavior = ScaleConfig['Behavior']['ScaleUp'];

/** Pods: `Value`; Percent: floor(cur × Value / 100), 0 when cur ≤ 0. */
function policyBase(policy: ScalePolicy, current: number): number {
  if (policy.Type === 'Pods') return policy.Value;
  return current <= 0 ? 0 : Math.floor((current * policy.Value) / 100);
}

/** `desired > current`: the step the ScaleUp behaviour lets through. */
export function limitScaleUp(
  behavior: DirectionBehavior,
  decisions: readonly ReplicaSample[],
  current: number,
  desired: number,
  nowSeconds: number,
): number {
  let result = desired;
  if (behavior.Policies.length > 0) {
    let allowed = 0;
    for (const policy of behavior.Policies) {
      if (policy.Value <= 0) continue;
      const base = policyBase(policy, current);
      if (base <= 0) continue;
      let allowance: number;
      if (policy.PeriodSeconds <= 0) allowance = base;
      else if (samplesWithin(decisions, nowSeconds, policy.PeriodSeconds).length > 0) allowance = 0;
      else allowance = Math.min(base, policy.Value); // for Percent the percentage caps the pods
      allowed = Math.max(allowed, allowance);
    }
    result = allowed <= 0 ? current : current + Math.min(desired - current, allowed);
  }
  const window = behavior.StabilizationWindowSeconds;
  const cap = window > 0 ? highest(samplesWithin(decisions, nowSeconds, window)) : undefined;
  return cap === undefined ? result : Math.min(result, cap);
}

/** `desired < current`: the step the ScaleDown behaviour lets through; `recommendations` include now's. */
export function limitScaleDown(
  behavior: DirectionBehavior,
  decisions: readonly ReplicaSample[],
  recommendations: readonly ReplicaSample[],
  current: number,
  desired: number,
  nowSeconds: number,
): number {
  let result = desired;
  if (behavior.Policies.length > 0) {
    let allowedDown: number | undefined;
    for (const policy of behavior.Policies) {
      if (policy.Value <= 0) continue;
      let base = policyBase(policy, current);
      if (base <= 0) continue;
      if (policy.PeriodSeconds > 0) {
        const baseline = highest(samplesWithin(decisions, nowSeconds, policy.PeriodSeconds)) ?? current;
        const remaining = Math.max(0, policy.Value - Math.max(0, baseline - current)); // Value as pods, even for Percent
        if (remaining === 0) continue;
        base = Math.min(base, remaining);
      }
      allowedDown = allowedDown === undefined ? base : Math.min(allowedDown, base);
    }
    result = allowedDown === undefined ? current : current - Math.min(current - desired, allowedDown);
  }
  const window = behavior.StabilizationWindowSeconds;
  const floor = window > 0 ? highest(samplesWithin(recommendations, nowSeconds, window)) : undefined;
  return floor === undefined ? result : Math.max(result, floor);
}
