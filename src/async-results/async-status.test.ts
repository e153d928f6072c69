import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { attemptEnded, attemptStarted, endsElement, isFinal, publicView, queuedRecord, recordTtlMs, resultSettings, PENDING_TTL_MS, type AsyncRecord } from './async-status.js';
import { defaultHttpPolicy } from '../model/parse-annotations.js';

const T0 = Date.UTC(2026, 0, 1);
const base = (): AsyncRecord => queuedRecord('id-1', 'fn', 'compute', defaultHttpPolicy(), { ttlMs: 600_000, maxBytes: 1024 }, T0);

describe('resultSettings', () => {
  const cases: Array<[string, Partial<ReturnType<typeof defaultHttpPolicy>>, ReturnType<typeof resultSettings>]> = [
    ['defaults', {}, { ttlMs: 600_000, maxBytes: 1_048_576 }],
    ['off', { ResultTtlSeconds: 0 }, null],
    ['custom', { ResultTtlSeconds: 5, ResultMaxBytes: 10 }, { ttlMs: 5000, maxBytes: 10 }],
    ['zero bytes (status and headers only)', { ResultMaxBytes: 0 }, { ttlMs: 600_000, maxBytes: 0 }],
  ];
  for (const [name, policy, expected] of cases) it(name, () => assert.deepEqual(resultSettings({ ...defaultHttpPolicy(), ...policy }), expected));
});

describe('transitions', () => {
  it('starts Queued with no attempt, its retry snapshot and path', () => {
    const r = base();
    assert.deepEqual([r.Status, r.Attempts, r.path, r.retries, r.statusRetries, r.CreatedAt], ['Queued', [], 'compute', [2, 4, 8], [500, 502, 503], '2026-01-01T00:00:00.000Z']);
  });

  // [name, steps (try number to start, code to end with; undefined code = still running), final status]
  const cases: Array<[string, Array<[number, number | null | undefined]>, string]> = [
    ['running', [[1, undefined]], 'Running'],
    ['success', [[1, 200]], 'Succeeded'],
    ['redirect counts as success', [[1, 302]], 'Succeeded'],
    ['4xx is final', [[1, 404]], 'Failed'],
    ['retryable waits', [[1, 503]], 'WaitingRetry'],
    ['retried then success', [[1, 503], [2, 200]], 'Succeeded'],
    ['retries exhausted', [[1, 500], [2, 500], [3, 502], [4, 503]], 'Failed'],
    ['504 not retried by default', [[1, 504]], 'Failed'],
    ['202 mode stays running', [[1, null]], 'Running'],
  ];
  for (const [name, steps, expected] of cases) {
    it(name, () => {
      let r = base();
      let now = T0;
      for (const [tryNumber, code] of steps) {
        r = attemptStarted(r, tryNumber, (now += 1000));
        if (code !== undefined) r = attemptEnded(r, code, (now += 250));
      }
      assert.equal(r.Status, expected);
      assert.equal(r.Attempts.length, steps.length);
      const last = r.Attempts.at(-1)!;
      const code = steps.at(-1)![1];
      assert.deepEqual([last.TryNumber, last.StatusCode, last.DurationMs], [steps.length, code ?? null, typeof code === 'number' ? 250 : null]);
    });
  }

  it('a repeated start of a try replaces it; a second end is ignored', () => {
    let r = attemptStarted(base(), 1, T0 + 10);
    r = attemptStarted(r, 1, T0 + 20);
    assert.equal(r.Attempts.length, 1);
    r = attemptEnded(r, 200, T0 + 30);
    assert.equal(attemptEnded(r, 500, T0 + 40), r);
  });

  it('ending without an attempt changes nothing', () => {
    const r = base();
    assert.equal(attemptEnded(r, 200, T0), r);
  });

  it('endsElement follows the queue rules', () => {
    const policy = { retries: [1], statusRetries: [503] };
    assert.deepEqual([endsElement(policy, 1, 503), endsElement(policy, 2, 503), endsElement(policy, 1, 500)], [false, true, true]);
  });
});

describe('retention and view', () => {
  it('final records keep the result TTL, pending ones at least the pending TTL', () => {
    const r = base();
    assert.equal(recordTtlMs(r), PENDING_TTL_MS);
    assert.equal(recordTtlMs(attemptEnded(attemptStarted(r, 1, T0), 200, T0)), 600_000);
    assert.deepEqual(['Succeeded', 'Failed', 'DeadLettered', 'Running', 'Queued', 'WaitingRetry'].map((s) => isFinal(s as never)), [true, true, true, false, false, false]);
  });

  it('the public view has exactly the documented fields', () => {
    assert.deepEqual(Object.keys(publicView(base())), ['Id', 'Function', 'Status', 'CreatedAt', 'Attempts']);
  });
});

describe('DefaultAsync result and dead-letter fields (SlimFaas/Configuration)', async () => {
  const { parseFunctionAnnotations } = await import('../model/parse-annotations.js');
  const parse = (json: string) => parseFunctionAnnotations({ 'SlimFaas/Configuration': json });
  const cases: Array<[string, string, object | RegExp]> = [
    ['absent: upstream shape unchanged', '{"DefaultAsync":{"HttpTimeout":30}}', { HttpTimeout: 30, TimeoutRetries: [2, 4, 8], HttpStatusRetries: [500, 502, 503] }],
    ['all given', '{"DefaultAsync":{"ResultTtlSeconds":0,"ResultMaxBytes":10,"DeadLetterTtlSeconds":60,"DeadLetterMaxItems":5}}',
      { HttpTimeout: 120, TimeoutRetries: [2, 4, 8], HttpStatusRetries: [500, 502, 503], ResultTtlSeconds: 0, ResultMaxBytes: 10, DeadLetterTtlSeconds: 60, DeadLetterMaxItems: 5 }],
    ['null ignored', '{"DefaultAsync":{"ResultTtlSeconds":null}}', { HttpTimeout: 120, TimeoutRetries: [2, 4, 8], HttpStatusRetries: [500, 502, 503] }],
    ['negative refused', '{"DefaultAsync":{"ResultTtlSeconds":-1}}', /DefaultAsync\.ResultTtlSeconds must be a non-negative integer/],
    ['not an integer refused', '{"DefaultAsync":{"ResultMaxBytes":"1MB"}}', /DefaultAsync\.ResultMaxBytes must be an integer/],
  ];
  for (const [name, json, expected] of cases) {
    it(name, () => {
      const result = parse(json);
      if (expected instanceof RegExp) assert.ok(!result.ok && expected.test(result.error), JSON.stringify(result));
      else assert.deepEqual(result.ok && result.value.configuration.DefaultAsync, expected);
    });
  }
});
