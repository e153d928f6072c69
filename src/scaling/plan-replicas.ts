/**
 * One function, one tick, one call (autoscaling.md §2.6): evaluates the schedule, computes the
 * N→M result `m` first whenever it applies (so its histories advance whichever branch wins), then
 * decides. Pure: the caller supplies activity, readiness, evaluated trigger values, the function's
 * autoscaler state and the clock, and keeps the returned state for the next tick.
 *
 * Decision 11 (README): the wake-up from zero never consumes the N→M scale-up budget, because
 * only N→M computations write the decision history and none runs at 0 replicas. Nor does the first
 * computation after it: the history records the count §2.6 actually requests, so an `m` below the
 * ReplicasAtStart floor (an empty queue just after a wake) is no phantom scale-down that would
 * hold the next scale-up for a whole policy period.
 */

import type { FunctionConfig } from '../model/function-config.js';
import { appendSample, type AutoscalerState } from './autoscaler/autoscaler-state.js';
import { computeDesiredReplicas, metricsApply, type AutoscaleTelemetry } from './autoscaler/compute-desired-replicas.js';
import type { TriggerValue } from './autoscaler/trigger-recommendation.js';
import { decideFunctionReplicas } from './decide-replicas.js';
import { evaluateSchedule } from './schedule/evaluate-schedule.js';
import { resolveZone, type ZoneResolver } from './schedule/zoned-time.js';

export interface ReplicaPlanInput {
  config: Pick<FunctionConfig, 'replicasMin' | 'replicasAtStart' | 'timeoutSecondBeforeSetReplicasMin' | 'schedule' | 'scale'>;
  currentReplicas: number;
  /** Own activity (or newest of all when ReplicasStartAsSoonAsOneFunctionRetrieveARequest). */
  lastActivityMs: number | undefined;
  /** Own activity of each function whose `DependsOn` names this one. */
  dependentsActivityMs: Array<number | undefined>;
  scaledUpByDefaultWhenNeverCalled: boolean;
  /** §2.5. */
  dependenciesReady: boolean;
  /** Some pod of the function has a start-failure reason. */
  startFailure: boolean;
  /**
   * `triggerValues[i]` = evaluated query of `config.scale.Triggers[i]` (`null` = no data). Read
   * only when `metricsApply(config.scale, currentReplicas)`; evaluate the queries only then.
   */
  triggerValues: readonly TriggerValue[];
}

export interface ReplicaPlan {
  /** The replica count to request when it differs from `currentReplicas`. */
  desired: number;
  inactive: boolean;
  /** `m`, when it applied. */
  metricsDesired?: number;
  /** §6.2 numbers of this tick's N→M computation, when one ran. */
  autoscaler?: AutoscaleTelemetry;
  /** Keep per function for the next tick (unchanged when no N→M computation ran). */
  state: AutoscalerState;
  /** Schedule problems (skipped entries, unknown zone) to log. */
  warnings: string[];
}

/** `zones`: pass one `createZoneCache()` kept by the scaler to avoid rebuilding ICU formatters every tick. */
export function planReplicas(
  input: ReplicaPlanInput,
  state: AutoscalerState,
  nowMs: number,
  zones: ZoneResolver = resolveZone,
): ReplicaPlan {
  const { config } = input;
  const schedule = evaluateSchedule(config.schedule, config.timeoutSecondBeforeSetReplicasMin, nowMs, zones);
  const metrics = metricsApply(config.scale, input.currentReplicas)
    ? computeDesiredReplicas(
        {
          config: config.scale,
          currentReplicas: input.currentReplicas,
          replicasMin: config.replicasMin,
          triggerValues: input.triggerValues,
        },
        state,
        nowMs,
      )
    : undefined;
  const decision = decideFunctionReplicas(
    {
      currentReplicas: input.currentReplicas,
      lastActivityMs: input.lastActivityMs,
      dependentsActivityMs: input.dependentsActivityMs,
      scaledUpByDefaultWhenNeverCalled: input.scaledUpByDefaultWhenNeverCalled,
      dependenciesReady: input.dependenciesReady,
      startFailure: input.startFailure,
      replicasMin: config.replicasMin,
      replicasAtStart: config.replicasAtStart,
      timeoutSeconds: schedule.timeoutSeconds,
      ...(schedule.wakeUpAtMs !== undefined ? { wakeUpAtMs: schedule.wakeUpAtMs } : {}),
      ...(metrics !== undefined ? { metricsDesired: metrics.desired } : {}),
    },
    nowMs,
  );
  const plan: ReplicaPlan = {
    desired: decision.desired,
    inactive: decision.inactive,
    state: metrics === undefined ? state : { recommendations: metrics.state.recommendations, decisions: takenDecisions(state, metrics.desired, decision.desired, input.currentReplicas, nowMs) },
    warnings: schedule.warnings,
  };
  if (metrics !== undefined) {
    plan.metricsDesired = metrics.desired;
    if (metrics.telemetry !== undefined) plan.autoscaler = metrics.telemetry;
  }
  return plan;
}

/** The decision history after this tick: a sample only when `m` asked for a change and §2.6 requested one, with what it requested. */
function takenDecisions(state: AutoscalerState, m: number, requested: number, current: number, nowMs: number): AutoscalerState['decisions'] {
  if (m === current || requested === current) return state.decisions;
  return appendSample(state.decisions, { atSeconds: Math.floor(nowMs / 1000), replicas: requested });
}
