import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ScaleTrigger } from '../../model/function-config.js';
import { clampReplicas, recommendFromTriggers, type TriggerValue } from './trigger-recommendation.js';

const avg = (Threshold: number, MetricName = 'm', Query = 'q'): ScaleTrigger => ({ MetricType: 'AverageValue', MetricName, Query, Threshold });
const val = (Threshold: number, MetricName = 'm', Query = 'q'): ScaleTrigger => ({ MetricType: 'Value', MetricName, Query, Threshold });

describe('clampReplicas', () => {
  const cases: Array<[number, number, number | null, number]> = [
    [5, 2, 10, 5],
    [1, 3, 10, 3],
    [12, 0, 10, 10],
    [4, 0, null, 4],
    [1, 7, 5, 5], // max wins when min > max
  ];
  for (const [value, min, max, expected] of cases) {
    it(`clamp(${value}, ${min}, ${max}) = ${expected}`, () => assert.equal(clampReplicas(value, min, max), expected));
  }
});

describe('recommendFromTriggers (autoscaling.md §3.3)', () => {
  interface Case {
    name: string;
    triggers: ScaleTrigger[];
    values: TriggerValue[];
    current: number;
    min?: number;
    max?: number | null;
    raw: number;
    perTrigger: Array<number | string>; // replicas when valid, else the invalid reason
  }
  const cases: Case[] = [
    { name: 'AverageValue ignores the replica count', triggers: [avg(20)], values: [100], current: 9, raw: 5, perTrigger: [5] },
    { name: 'Value multiplies the replica count', triggers: [val(10)], values: [25], current: 4, raw: 10, perTrigger: [10] },
    { name: 'Value at 0 replicas uses 1', triggers: [val(10)], values: [25], current: 0, raw: 3, perTrigger: [3] },
    { name: 'no tolerance band: any ratio above 1 rounds up', triggers: [val(10)], values: [10.01], current: 10, raw: 11, perTrigger: [11] },
    { name: 'valid zero', triggers: [avg(5)], values: [0], current: 3, raw: 0, perTrigger: [0] },
    { name: 'per-trigger bound to max, then min', triggers: [avg(1), avg(1)], values: [50, 0], current: 3, min: 2, max: 8, raw: 8, perTrigger: [8, 2] },
    { name: 'the maximum over valid triggers', triggers: [avg(10), val(10)], values: [30, 30], current: 5, raw: 15, perTrigger: [3, 15] },
    { name: 'blank query is invalid, even with a value', triggers: [{ ...avg(1), Query: '  ' }, avg(1)], values: [99, 2], current: 1, raw: 2, perTrigger: ['blank_query', 2] },
    { name: 'threshold 0 is invalid', triggers: [avg(0)], values: [5], current: 4, raw: 4, perTrigger: ['bad_threshold'] },
    { name: 'negative threshold is invalid', triggers: [avg(-1)], values: [5], current: 4, raw: 4, perTrigger: ['bad_threshold'] },
    { name: 'no data', triggers: [avg(1)], values: [null], current: 4, raw: 4, perTrigger: ['no_data'] },
    { name: 'NaN is no data', triggers: [avg(1)], values: [NaN], current: 4, raw: 4, perTrigger: ['no_data'] },
    { name: 'a missing value is no data', triggers: [avg(1)], values: [], current: 4, raw: 4, perTrigger: ['no_data'] },
    { name: '+Infinity is invalid', triggers: [avg(1)], values: [Infinity], current: 4, raw: 4, perTrigger: ['not_finite'] },
    { name: 'negative value is invalid', triggers: [avg(1)], values: [-1], current: 4, raw: 4, perTrigger: ['negative'] },
    { name: 'all invalid: clamp(current, min, max)', triggers: [avg(1)], values: [null], current: 12, min: 0, max: 10, raw: 10, perTrigger: ['no_data'] },
    { name: 'all invalid below min', triggers: [avg(1)], values: [null], current: 1, min: 3, raw: 3, perTrigger: ['no_data'] },
    { name: 'an invalid trigger holds a scale-down at current', triggers: [avg(1), avg(1)], values: [1, null], current: 6, raw: 6, perTrigger: [1, 'no_data'] },
    { name: 'an invalid trigger does not block a scale-up', triggers: [avg(1), avg(1)], values: [9, null], current: 6, raw: 9, perTrigger: [9, 'no_data'] },
    { name: 'huge ratios saturate at int32', triggers: [avg(1e-300)], values: [1e300], current: 1, raw: 2147483647, perTrigger: [2147483647] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = recommendFromTriggers(c.triggers, c.values, c.current, c.min ?? 0, c.max ?? null);
      assert.equal(result.raw, c.raw);
      assert.deepEqual(
        result.triggers.map((t) => (t.valid ? t.replicas! : t.invalidReason!)),
        c.perTrigger,
      );
      assert.equal(result.anyInvalid, c.perTrigger.some((p) => typeof p === 'string'));
    });
  }

  it('reports gauge values (0 when invalid) and the "unnamed" label', () => {
    const result = recommendFromTriggers([avg(10, ''), avg(10, 'rps'), avg(10, 'lag')], [42, null, 7.5], 1, 0, null);
    assert.deepEqual(
      result.triggers.map((t) => [t.metric, t.valid, t.value, t.threshold, t.metricType]),
      [
        ['unnamed', true, 42, 10, 'AverageValue'],
        ['rps', false, 0, 10, 'AverageValue'],
        ['lag', true, 7.5, 10, 'AverageValue'],
      ],
    );
  });
});
