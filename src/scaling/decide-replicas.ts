/**
 * The 0→N / N→min decision of functions.md §6.6 as a pure function of its inputs. Schedules and
 * PromQL (N→M) plug in later through `wakeUpAtMs`, `timeoutSeconds` and `metricsDesired`.
 */

export interface ReplicaDecisionInput {
  nowMs: number;
  currentReplicas: number;
  replicasMin: number;
  replicasAtStart: number;
  /** Schedule-adjusted inactivity timeout (seconds). */
  timeoutSeconds: number;
  /** Own activity (or newest of all when ReplicasStartAsSoonAsOneFunctionRetrieveARequest). */
  lastActivityMs: number | undefined;
  /** Activity of the functions that depend on this one. */
  dependentsActivityMs: Array<number | undefined>;
  /** Schedule wake-up instant, if any. */
  wakeUpAtMs?: number;
  /** Every known dependency has its own ReplicasAtStart ready pods, and `processes:` deps run. */
  dependenciesReady: boolean;
  /** Treat never-called functions as just called. */
  scaledUpByDefaultWhenNeverCalled: boolean;
}

export function decideReplicas(input: ReplicaDecisionInput): number {
  let last = input.lastActivityMs;
  if (last === undefined && input.scaledUpByDefaultWhenNeverCalled) last = input.nowMs;
  for (const candidate of [input.wakeUpAtMs, ...input.dependentsActivityMs]) {
    if (candidate !== undefined && (last === undefined || candidate > last)) last = candidate;
  }
  const idle = last === undefined || last + input.timeoutSeconds * 1000 < input.nowMs;
  if (idle) return input.replicasMin;
  if (input.currentReplicas === 0 || input.currentReplicas < input.replicasMin) {
    if (!input.dependenciesReady) return input.currentReplicas;
    return Math.max(input.replicasAtStart, input.replicasMin);
  }
  return input.currentReplicas;
}
