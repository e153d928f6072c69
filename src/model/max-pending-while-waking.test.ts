// Table tests of `DefaultSync.MaxPendingWhileWaking` (beyond upstream) in `SlimFaas/Configuration`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MAX_PENDING_WHILE_WAKING, maxPendingWhileWaking, parseFunctionAnnotations } from './parse-annotations.js';

const key = 'SlimFaas/Configuration';

describe('DefaultSync.MaxPendingWhileWaking', () => {
  it('defaults to 1,000', () => assert.equal(DEFAULT_MAX_PENDING_WHILE_WAKING, 1000));

  const valid: Array<[string, string | undefined, unknown, number]> = [
    ['annotation absent', undefined, { HttpTimeout: 120 }, 1000],
    ['section absent', '{"DefaultAsync":{"HttpTimeout":3}}', { HttpTimeout: 120 }, 1000],
    ['section null', '{"DefaultSync":null}', { HttpTimeout: 120 }, 1000],
    ['field absent (upstream shape kept)', '{"DefaultSync":{"HttpTimeout":5}}', { HttpTimeout: 5 }, 1000],
    ['field null', '{"DefaultSync":{"MaxPendingWhileWaking":null}}', { HttpTimeout: 120 }, 1000],
    ['given', '{"DefaultSync":{"HttpTimeout":30,"MaxPendingWhileWaking":50}}', { HttpTimeout: 30, MaxPendingWhileWaking: 50 }, 50],
    ['zero (no call waits)', '{"DefaultSync":{"MaxPendingWhileWaking":0}}', { HttpTimeout: 120, MaxPendingWhileWaking: 0 }, 0],
    ['large', '{"DefaultSync":{"MaxPendingWhileWaking":2147483647}}', { HttpTimeout: 120, MaxPendingWhileWaking: 2147483647 }, 2147483647],
    ['differently cased name ignored', '{"DefaultSync":{"maxPendingWhileWaking":-1}}', { HttpTimeout: 120 }, 1000],
    ['only read in DefaultSync', '{"DefaultAsync":{"MaxPendingWhileWaking":-1}}', { HttpTimeout: 120 }, 1000],
  ];
  for (const [name, raw, expected, effective] of valid) {
    it(name, () => {
      const result = parseFunctionAnnotations({ 'SlimFaas/Function': 'true', ...(raw === undefined ? {} : { [key]: raw }) });
      if (!result.ok) assert.fail(result.error);
      assert.deepEqual(result.value.configuration.DefaultSync, expected);
      assert.equal(maxPendingWhileWaking(result.value.configuration), effective);
    });
  }

  const invalid: Array<[string, string, RegExp]> = [
    ['negative', '{"DefaultSync":{"MaxPendingWhileWaking":-1}}', /^SlimFaas\/Configuration: DefaultSync\.MaxPendingWhileWaking must be a non-negative integer \(got -1\)$/],
    ['fraction', '{"DefaultSync":{"MaxPendingWhileWaking":1.5}}', /^SlimFaas\/Configuration: DefaultSync\.MaxPendingWhileWaking must be an integer \(got 1\.5\)$/],
    ['string', '{"DefaultSync":{"MaxPendingWhileWaking":"1000"}}', /DefaultSync\.MaxPendingWhileWaking must be an integer \(got "1000"\)/],
    ['boolean', '{"DefaultSync":{"MaxPendingWhileWaking":true}}', /DefaultSync\.MaxPendingWhileWaking must be an integer/],
    ['beyond int32', '{"DefaultSync":{"MaxPendingWhileWaking":3000000000}}', /DefaultSync\.MaxPendingWhileWaking must be an integer/],
    ['HttpTimeout still validated next to it', '{"DefaultSync":{"HttpTimeout":"x","MaxPendingWhileWaking":5}}', /DefaultSync\.HttpTimeout must be an integer/],
  ];
  for (const [name, raw, pattern] of invalid) {
    it(`invalid: ${name}`, () => {
      const result = parseFunctionAnnotations({ 'SlimFaas/Function': 'true', [key]: raw });
      if (result.ok) assert.fail(`expected invalid: ${raw}`);
      assert.match(result.error, pattern);
    });
  }
});
