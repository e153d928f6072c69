/**
 * The N→M autoscaler of autoscaling.md §3 as a pure function: evaluated trigger values, the
 * function's bounds, an explicit history state and an injected clock in; the desired replica
 * count (`m` of §2.6), the next state and the §6.2 telemetry out. Time is whole Unix seconds.
 */

import type { ScaleConfig } from '../../model/function-config.js';
import { appendSample, type AutoscalerState } from './autoscaler-state.js';
import { limitScaleDown, limitScaleUp } from './rate-limit.js';
import { clampReplicas, recommendFromTriggers, type TriggerOutcome, type TriggerValue } from './trigger-recommendation.js';

export interface AutoscaleInput {
  /** The function's `SlimFaas/Scale` (normalised), or null. */
  config: ScaleConfig | null;
  currentReplicas: number;
  replicasMin: number;
  /** Upper bound of the result; defaults to `config.ReplicaMax` (null = none). */
  replicaMax?: number | null;
  /** `triggerValues[i]` = evaluated query of `config.Triggers[i]`; `null` = no data. */
  triggerValues: readonly TriggerValue[];
}

export type ScaleDirection = 'up' | 'down' | 'hold';
export type DecisionReason = 'metric' | 'missing_metric';

/** What `slimfaas_autoscaler_*` (§6.2) needs, apart from ready replicas which the caller knows. */
export interface AutoscaleTelemetry {
  currentReplicas: number;
  /** §3.3 result, before policies and stabilisation. */
  rawRecommendation: number;
  desiredReplicas: number;
  /** `last_decision` labels: `missing_metric` only for a hold with an invalid trigger. */
  direction: ScaleDirection;
  reason: DecisionReason;
  triggers: TriggerOutcome[];
}

export interface AutoscaleResult {
  desired: number;
  state: AutoscalerState;
  /** Absent when there is no trigger: nothing was computed or recorded. */
  telemetry?: AutoscaleTelemetry;
}

/** §2.6 step 1: `m` exists only with at least one trigger and at least one replica. */
export function metricsApply(config: ScaleConfig | null, currentReplicas: number): boolean {
  return config !== null && config.Triggers.length > 0 && currentReplicas > 0;
}

export function computeDesiredReplicas(input: AutoscaleInput, state: AutoscalerState, nowMs: number): AutoscaleResult {
  const now = Math.floor(nowMs / 1000);
  const current = Math.max(0, input.currentReplicas);
  const min = Math.max(0, input.replicasMin);
  const max = input.replicaMax !== undefined ? input.replicaMax : (input.config?.ReplicaMax ?? null);
  const config = input.config;
  if (config === null || config.Triggers.length === 0) return { desired: clampReplicas(current, min, max), state };

  const recommendation = recommendFromTriggers(config.Triggers, input.triggerValues, current, min, max);
  const raw = recommendation.raw;
  const recommendations = appendSample(state.recommendations, { atSeconds: now, replicas: raw });

  let desired = raw;
  if (raw > current) desired = limitScaleUp(config.Behavior.ScaleUp, state.decisions, current, raw, now);
  else if (raw < current) desired = limitScaleDown(config.Behavior.ScaleDown, state.decisions, recommendations, current, raw, now);
  desired = clampReplicas(desired, min, max);

  const decisions = desired !== current ? appendSample(state.decisions, { atSeconds: now, replicas: desired }) : state.decisions;
  const direction: ScaleDirection = desired > current ? 'up' : desired < current ? 'down' : 'hold';
  return {
    desired,
    state: { recommendations, decisions },
    telemetry: {
      currentReplicas: current,
      rawRecommendation: raw,
      desiredReplicas: desired,
      direction,
      reason: direction === 'hold' && recommendation.anyInvalid ? 'missing_metric' : 'metric',
      triggers: recommendation.triggers,
    },
  };
}
