/**
 * The 0→N decision as pure functions of their inputs: the last-activity instant and inactivity
 * of autoscaling.md §2.3, the replica choice of §2.6 steps 2–3 (`chooseReplicas`, combining the
 * N→M result `metricsDesired`), and both together (`decideFunctionReplicas`).
 */

export interface ActivityInput {
  /** Own activity (or newest of all when ReplicasStartAsSoonAsOneFunctionRetrieveARequest). */
  lastActivityMs: number | undefined;
  /** Own activity of each function whose `DependsOn` names this one. */
  dependentsActivityMs: Array<number | undefined>;
  /** Schedule wake-up instant, if any (`evaluateSchedule`). */
  wakeUpAtMs?: number;
  /** `PodScaledUpByDefaultWhenInfrastructureHasNeverCalled`: treat never-called functions as just called. */
  scaledUpByDefaultWhenNeverCalled: boolean;
}

/** §2.3 steps 1–4; `undefined` means "never". */
export function lastActivityInstant(input: ActivityInput, nowMs: number): number | undefined {
  let last = input.lastActivityMs;
  if (last === undefined && input.scaledUpByDefaultWhenNeverCalled) last = nowMs;
  for (const candidate of [input.wakeUpAtMs, ...input.dependentsActivityMs]) {
    if (candidate !== undefined && (last === undefined || candidate > last)) last = candidate;
  }
  return last;
}

/** §2.3 step 6: inactive iff last + timeout < now (strict); never-called is inactive. */
export function isInactive(lastMs: number | undefined, timeoutSeconds: number, nowMs: number): boolean {
  return lastMs === undefined || lastMs + timeoutSeconds * 1000 < nowMs;
}

export interface ReplicaChoiceInput {
  currentReplicas: number;
  replicasMin: number;
  replicasAtStart: number;
  inactive: boolean;
  /** Every known dependency has its own ReplicasAtStart ready pods, and `processes:` deps run (§2.5). */
  dependenciesReady: boolean;
  /** `m` of §2.6: present only with ≥ 1 trigger and ≥ 1 replica (`metricsApply`). */
  metricsDesired?: number;
  /** Some pod of the function has a non-empty start-failure reason. */
  startFailure: boolean;
}

/** §2.6 steps 2–3 (the "decision" acceptance cases of §9). */
export function chooseReplicas(input: ReplicaChoiceInput): number {
  const { currentReplicas: cur, replicasMin: min, replicasAtStart: start, metricsDesired: m } = input;
  let desired: number;
  if (input.inactive) desired = m === undefined ? min : Math.max(min, m);
  else if ((cur === 0 || cur < min) && input.dependenciesReady) desired = start;
  else if (m !== undefined) desired = Math.max(m, start);
  else desired = cur;
  return desired > cur && input.startFailure ? cur : desired;
}

export interface FunctionDecisionInput extends ActivityInput, Omit<ReplicaChoiceInput, 'inactive'> {
  /** Schedule-adjusted inactivity timeout in seconds (`evaluateSchedule(...).timeoutSeconds`). */
  timeoutSeconds: number;
}

export interface FunctionDecision {
  desired: number;
  inactive: boolean;
  lastActivityMs: number | undefined;
}

/** §2.3 and §2.6 steps 2–3 for one function at one tick. */
export function decideFunctionReplicas(input: FunctionDecisionInput, nowMs: number): FunctionDecision {
  const lastActivityMs = lastActivityInstant(input, nowMs);
  const inactive = isInactive(lastActivityMs, input.timeoutSeconds, nowMs);
  return { desired: chooseReplicas({ ...input, inactive }), inactive, lastActivityMs };
}
