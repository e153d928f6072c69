import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasInstantImplementation, isRangeFunction } from './eval-call.js';
import { functionSignature, supportedFunctionNames } from './functions-table.js';

const SPECIAL = new Set(['timestamp', 'label_replace', 'label_join', 'absent']);

test('every supported function has an implementation', () => {
  for (const name of supportedFunctionNames()) {
    assert.ok(SPECIAL.has(name) || isRangeFunction(name) || hasInstantImplementation(name), name);
  }
});

test('signatures follow Prometheus', () => {
  assert.deepEqual(functionSignature('quantile_over_time')?.argTypes, ['scalar', 'matrix']);
  assert.equal(functionSignature('round')?.variadic, 1);
  assert.equal(functionSignature('label_join')?.variadic, -1);
  assert.equal(functionSignature('predict_linear')?.supported, true);
  assert.equal(functionSignature('sort_by_label')?.supported, false);
});
