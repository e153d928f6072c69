import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ScaleConfig, ScaleTrigger } from '../../model/function-config.js';
import { defaultScaleDown, defaultScaleUp } from '../../model/parse-annotations.js';
import { emptyAutoscalerState, HISTORY_LIMIT, type AutoscalerState } from './autoscaler-state.js';
import { computeDesiredReplicas, metricsApply, type AutoscaleInput } from './compute-desired-replicas.js';

const trigger = (Threshold: number, MetricType: ScaleTrigger['MetricType'] = 'AverageValue', MetricName = 'rps'): ScaleTrigger => ({
  MetricType,
  MetricName,
  Query: 'sum(rate(http_server_requests_seconds_count[1m]))',
  Threshold,
});
const config = (triggers: ScaleTrigger[], overrides: Partial<ScaleConfig> = {}): ScaleConfig => ({
  ReplicaMax: null,
  ScrapeIntervalMilliseconds: null,
  Triggers: triggers,
  Behavior: { ScaleUp: defaultScaleUp(), ScaleDown: defaultScaleDown() },
  ...overrides,
});
const noLimits = { ScaleUp: { StabilizationWindowSeconds: 0, Policies: [] }, ScaleDown: { StabilizationWindowSeconds: 0, Policies: [] } };
const input = (overrides: Partial<AutoscaleInput>): AutoscaleInput => ({
  config: config([trigger(10)]),
  currentReplicas: 2,
  replicasMin: 0,
  triggerValues: [20],
  ...overrides,
});

describe('metricsApply (§2.6 step 1)', () => {
  const cases: Array<[string, ScaleConfig | null, number, boolean]> = [
    ['no Scale', null, 3, false],
    ['no trigger', config([]), 3, false],
    ['at zero replicas', config([trigger(1)]), 0, false],
    ['trigger and replicas', config([trigger(1)]), 1, true],
  ];
  for (const [name, scale, current, expected] of cases) it(name, () => assert.equal(metricsApply(scale, current), expected));
});

describe('computeDesiredReplicas (autoscaling.md §3)', () => {
  it('without triggers clamps current and records nothing', () => {
    const state = emptyAutoscalerState();
    for (const scale of [null, config([])]) {
      const result = computeDesiredReplicas(input({ config: scale, currentReplicas: 12, replicasMin: 1, replicaMax: 10 }), state, 5_000);
      assert.equal(result.desired, 10);
      assert.equal(result.state, state);
      assert.equal(result.telemetry, undefined);
    }
  });

  it('records every recommendation, and a decision only when the result differs from current', () => {
    const first = computeDesiredReplicas(input({ triggerValues: [40] }), emptyAutoscalerState(), 1_000_999);
    assert.equal(first.desired, 4);
    assert.deepEqual(first.state, { recommendations: [{ atSeconds: 1000, replicas: 4 }], decisions: [{ atSeconds: 1000, replicas: 4 }] });
    const second = computeDesiredReplicas(input({ currentReplicas: 4, triggerValues: [40] }), first.state, 1_001_000);
    assert.equal(second.desired, 4);
    assert.deepEqual(second.state.recommendations.map((s) => s.atSeconds), [1000, 1001]);
    assert.deepEqual(second.state.decisions, first.state.decisions);
  });

  it('does not mutate the state it is given', () => {
    const state: AutoscalerState = { recommendations: [{ atSeconds: 1, replicas: 1 }], decisions: [] };
    const snapshot = structuredClone(state);
    computeDesiredReplicas(input({ triggerValues: [90] }), state, 10_000);
    assert.deepEqual(state, snapshot);
  });

  it(`keeps only the newest ${HISTORY_LIMIT} samples of each history`, () => {
    const full = Array.from({ length: HISTORY_LIMIT }, (_, i) => ({ atSeconds: i, replicas: 1 }));
    const result = computeDesiredReplicas(input({ triggerValues: [90] }), { recommendations: full, decisions: full }, 5_000_000);
    assert.equal(result.state.recommendations.length, HISTORY_LIMIT);
    assert.equal(result.state.decisions.length, HISTORY_LIMIT);
    assert.deepEqual(result.state.recommendations[0], { atSeconds: 1, replicas: 1 });
    assert.deepEqual(result.state.decisions.at(-1), { atSeconds: 5000, replicas: 6 });
  });

  it('treats negative current and min as 0', () => {
    const result = computeDesiredReplicas(input({ config: config([trigger(10, 'Value')], { Behavior: noLimits }), currentReplicas: -3, replicasMin: -1, triggerValues: [30] }), emptyAutoscalerState(), 0);
    assert.equal(result.desired, 3); // Value at 0 replicas uses 1 ⇒ ceil(1 × 3)
  });

  const bounds: Array<[string, Partial<AutoscaleInput>, number]> = [
    ['ReplicaMax of the config caps the result', { config: config([trigger(1)], { ReplicaMax: 3, Behavior: noLimits }), triggerValues: [50] }, 3],
    ['an explicit replicaMax overrides it', { config: config([trigger(1)], { ReplicaMax: 3, Behavior: noLimits }), replicaMax: 7, triggerValues: [50] }, 7],
    ['replicaMax null means no cap', { config: config([trigger(1)], { ReplicaMax: 3, Behavior: noLimits }), replicaMax: null, triggerValues: [50] }, 50],
    ['held by missing data, still lowered to max', { config: config([trigger(1)], { ReplicaMax: 4, Behavior: noLimits }), currentReplicas: 6, triggerValues: [null] }, 4],
    ['all invalid, raised to min', { currentReplicas: 1, replicasMin: 3, triggerValues: [null] }, 3],
  ];
  for (const [name, overrides, expected] of bounds) {
    it(name, () => assert.equal(computeDesiredReplicas(input(overrides), emptyAutoscalerState(), 0).desired, expected));
  }

  const telemetry: Array<[string, Partial<AutoscaleInput>, [string, string, number, number]]> = [
    ['up', { triggerValues: [40] }, ['up', 'metric', 4, 4]],
    ['down', { currentReplicas: 5, triggerValues: [10] }, ['down', 'metric', 1, 1]],
    ['hold on steady data', { currentReplicas: 2, triggerValues: [20] }, ['hold', 'metric', 2, 2]],
    ['hold on missing data', { config: config([trigger(10), trigger(10)]), currentReplicas: 5, triggerValues: [10, null] }, ['hold', 'missing_metric', 5, 5]],
    ['an up decision with missing data is still "metric"', { config: config([trigger(10), trigger(10)]), triggerValues: [40, null] }, ['up', 'metric', 4, 4]],
  ];
  for (const [name, overrides, [direction, reason, raw, desired]] of telemetry) {
    it(`telemetry: ${name}`, () => {
      const t = computeDesiredReplicas(input(overrides), emptyAutoscalerState(), 0).telemetry!;
      assert.deepEqual([t.direction, t.reason, t.rawRecommendation, t.desiredReplicas, t.currentReplicas], [direction, reason, raw, desired, Math.max(0, overrides.currentReplicas ?? 2)]);
      assert.equal(t.triggers.length, (overrides.config ?? input({}).config)!.Triggers.length);
    });
  }

  it('follows the worked example of §10 (default behaviour, AverageValue 20)', () => {
    const scale = config([trigger(20)]);
    let state = emptyAutoscalerState();
    let current = 1;
    const steps: Array<[number, number | null, number]> = [
      [0, 50, 3], // ceil(50/20) = 3, +max(1, 4) allowed
      [5, 100, 3], // raw 5, but the decision at t=0 consumed the 15 s scale-up budget
      [15, 100, 3], // still inside the (inclusive) period
      [16, 100, 5], // +max(floor(3 × 100 %), 4) ⇒ 5
      [20, 0, 5], // traffic stopped: raw 0, held by the 300 s ScaleDown stabilisation (raw 5 at t=16)
      [316, 0, 5], // t=16 is still within [16, 316]
      [317, 0, 0], // the window now holds only zeros
      [318, null, 0], // at 0 the caller no longer computes m; a computation would hold
    ];
    for (const [t, value, expected] of steps) {
      const result = computeDesiredReplicas({ config: scale, currentReplicas: current, replicasMin: 0, triggerValues: [value] }, state, t * 1000);
      assert.equal(result.desired, expected, `t=${t}`);
      state = result.state;
      current = result.desired;
    }
    assert.deepEqual(state.decisions.map((d) => [d.atSeconds, d.replicas]), [[0, 3], [16, 5], [317, 0]]);
  });
});
