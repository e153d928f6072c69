import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGoFloat } from './format-float.js';

test("formats like Go's FormatFloat(v, 'f', -1, 64)", () => {
  assert.equal(formatGoFloat(1.5), '1.5');
  assert.equal(formatGoFloat(1e21), '1000000000000000000000');
  assert.equal(formatGoFloat(1.5e-7), '0.00000015');
  assert.equal(formatGoFloat(-2e-7), '-0.0000002');
  assert.equal(formatGoFloat(NaN), 'NaN');
  assert.equal(formatGoFloat(-Infinity), '-Inf');
  assert.equal(formatGoFloat(Infinity), '+Inf');
});
