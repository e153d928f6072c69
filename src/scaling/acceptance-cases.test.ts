/**
 * Runs the replica, decision and schedule acceptance cases of autoscaling.md §9.2 (data in
 * fixtures/acceptance-cases.ts) against computeDesiredReplicas, chooseReplicas and
 * evaluateSchedule. Replica-case queries are constants or unknown metric names (the §9.1 dummy
 * store), so a literal number stands for its value and anything else is "no data".
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ScaleConfig, ScalePolicy, ScaleTrigger } from '../model/function-config.js';
import { defaultScaleDown, defaultScaleUp, parseFunctionAnnotations } from '../model/parse-annotations.js';
import type { AutoscalerState } from './autoscaler/autoscaler-state.js';
import { computeDesiredReplicas } from './autoscaler/compute-desired-replicas.js';
import type { TriggerValue } from './autoscaler/trigger-recommendation.js';
import { chooseReplicas } from './decide-replicas.js';
import { EXTRA_CASES, SPEC_CASES, type DecisionCase, type ReplicaCase, type ScheduleCase } from './fixtures/acceptance-cases.js';
import { evaluateSchedule } from './schedule/evaluate-schedule.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' ? (v as Json) : undefined);
const pick = <T>(names: readonly T[], v: unknown, fallback: T): T =>
  typeof v === 'string' ? (names.find((n) => String(n).toLowerCase() === v.toLowerCase()) ?? fallback) : fallback;

/** §9.1: the config "as-is" — missing parts take the §3.1 defaults, but an empty `Policies` list means "no limit". */
function scaleConfigFromCase(value: unknown): ScaleConfig | null {
  const root = obj(value);
  if (root === undefined) return null;
  const triggers: ScaleTrigger[] = ((root.Triggers as unknown[] | null | undefined) ?? []).map((t) => {
    const o = obj(t) ?? {};
    return {
      MetricType: pick(['AverageValue', 'Value'] as const, o.MetricType, 'AverageValue'),
      MetricName: (o.MetricName as string | undefined) ?? '',
      Query: (o.Query as string | undefined) ?? '',
      Threshold: (o.Threshold as number | undefined) ?? 0,
    };
  });
  const behavior = obj(root.Behavior);
  const direction = (name: 'ScaleUp' | 'ScaleDown') => {
    const fallback = name === 'ScaleUp' ? defaultScaleUp() : defaultScaleDown();
    const d = behavior === undefined ? undefined : obj(behavior[name]);
    if (d === undefined) return fallback;
    const policies = d.Policies as unknown[] | null | undefined;
    return {
      StabilizationWindowSeconds: (d.StabilizationWindowSeconds as number | undefined) ?? 0,
      Policies:
        policies === null || policies === undefined
          ? fallback.Policies
          : policies.map((p): ScalePolicy => {
              const o = obj(p) ?? {};
              return { Type: pick(['Percent', 'Pods'] as const, o.Type, 'Percent'), Value: (o.Value as number | undefined) ?? 100, PeriodSeconds: (o.PeriodSeconds as number | undefined) ?? 15 };
            }),
    };
  };
  return {
    ReplicaMax: (root.ReplicaMax as number | null | undefined) ?? null,
    ScrapeIntervalMilliseconds: (root.ScrapeIntervalMilliseconds as number | null | undefined) ?? null,
    Triggers: triggers,
    Behavior: { ScaleUp: direction('ScaleUp'), ScaleDown: direction('ScaleDown') },
  };
}

/** Against the dummy store: a number literal evaluates to itself, a metric name to no data. */
function evaluateConstant(query: string): TriggerValue {
  return /^\s*(\d+\.?\d*|\.\d+)\s*$/.test(query) ? Number(query) : null;
}

function runReplicaCase(c: ReplicaCase): void {
  assert.equal((c as { series?: unknown }).series, undefined, 'cases with series need the PromQL store');
  const toSamples = (pairs: Array<[number, number]> = []) => pairs.map(([atSeconds, replicas]) => ({ atSeconds, replicas }));
  let state: AutoscalerState = { recommendations: toSamples(c.seedRecommendations), decisions: toSamples(c.seedDecisions) };
  c.steps.forEach((step, i) => {
    const config = scaleConfigFromCase(step.config !== undefined ? step.config : c.config);
    const triggerValues = (config?.Triggers ?? []).map((t) => evaluateConstant(t.Query));
    const input = { config, currentReplicas: step.current, replicasMin: step.min, replicaMax: step.max, triggerValues };
    const result = computeDesiredReplicas(input, state, step.now * 1000);
    assert.equal(result.desired, step.expected, `step ${i} (now ${step.now})`);
    state = result.state;
  });
}

function runDecisionCase(c: DecisionCase): void {
  const { input } = c;
  const desired = chooseReplicas({
    currentReplicas: input.current,
    replicasMin: input.replicasMin,
    replicasAtStart: input.replicasAtStart,
    inactive: input.inactive,
    dependenciesReady: input.dependsOnReady,
    ...(input.metricsDesired === null ? {} : { metricsDesired: input.metricsDesired }),
    startFailure: input.startFailure,
  });
  assert.equal(desired, c.expected);
}

function runScheduleCase(c: ScheduleCase): void {
  const parsed = parseFunctionAnnotations({ 'SlimFaas/Schedule': JSON.stringify(c.schedule) });
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  const result = evaluateSchedule(parsed.value.schedule, c.timeoutSecondBeforeSetReplicasMin, Date.parse(c.nowUtc));
  assert.equal(result.timeoutSeconds, c.expected.timeoutSeconds);
  const wakeUp = result.wakeUpAtMs === undefined ? null : result.wakeUpAtMs;
  assert.equal(wakeUp, c.expected.lastWakeUpUtc === null ? null : Date.parse(c.expected.lastWakeUpUtc));
  assert.deepEqual(result.warnings, []);
}

for (const [title, cases] of [['autoscaling.md §9.2 acceptance cases', SPEC_CASES], ['acceptance cases named elsewhere in the spec', EXTRA_CASES]] as const) {
  describe(title, () => {
    for (const c of cases) {
      it(`${c.kind}: ${c.name}`, () => {
        if (c.kind === 'replicas') runReplicaCase(c);
        else if (c.kind === 'decision') runDecisionCase(c);
        else runScheduleCase(c);
      });
    }
  });
}

describe('acceptance case table', () => {
  it('holds all 17 replica, decision and schedule cases of §9.2, each name once', () => {
    const names = SPEC_CASES.map((c) => c.name);
    assert.equal(new Set(names).size, names.length);
    assert.deepEqual(
      ['replicas', 'decision', 'schedule'].map((kind) => SPEC_CASES.filter((c) => c.kind === kind).length),
      [12, 3, 2],
    );
  });
});
