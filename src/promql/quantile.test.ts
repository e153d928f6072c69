import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketFraction, bucketQuantile, quantile } from './quantile.js';

test('quantile interpolates between closest ranks', () => {
  assert.equal(quantile(0.5, [1, 2, 3, 4]), 2.5);
  assert.equal(quantile(0, [3, 1]), 1);
  assert.equal(quantile(1.5, [1]), Infinity);
  assert.ok(Number.isNaN(quantile(0.5, [])));
});

test('bucketQuantile fixes non-monotonic buckets and needs +Inf', () => {
  const b = (pairs: Array<[number, number]>) => pairs.map(([upperBound, count]) => ({ upperBound, count }));
  assert.equal(bucketQuantile(0.5, b([[1, 10], [2, 5], [Infinity, 20]])), 1); // 2 → 10 (monotonic), rank 10 at the first bound
  assert.equal(bucketQuantile(0.6, b([[1, 10], [2, 5], [Infinity, 30]])), 2);
  assert.ok(Number.isNaN(bucketQuantile(0.5, b([[1, 10], [2, 20]]))));
  assert.equal(bucketQuantile(0.99, b([[1, 10], [2, 20], [Infinity, 100]])), 2);
  assert.equal(bucketQuantile(0.1, b([[-1, 10], [Infinity, 100]])), -1);
  assert.ok(Number.isNaN(bucketQuantile(0.5, b([[1, 0], [Infinity, 0]]))));
});

test('bucketFraction interpolates inside buckets', () => {
  const b = [{ upperBound: 1, count: 10 }, { upperBound: 2, count: 20 }, { upperBound: Infinity, count: 20 }];
  assert.equal(bucketFraction(0, 1.5, b), 0.75);
  assert.equal(bucketFraction(2, 1, b), 0);
});
