// The data routes' path split: collection, {id}, {id}/{operation}, and what is refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dataTarget } from './data-route.js';

describe('dataTarget', () => {
  const cases: Array<[string, ReturnType<typeof dataTarget>]> = [
    ['', { kind: 'collection' }],
    ['report-1', { kind: 'item', id: 'report-1', operation: null }],
    ['a%20b', { kind: 'item', id: 'a b', operation: null }],
    ['hits/incrby', { kind: 'item', id: 'hits', operation: 'incrby' }],
    ['a%2Fb', { kind: 'item', id: 'a/b', operation: null }],
    ['a/b/c', null],
    ['a/', null],
    ['/a', null],
    ['%E0%A4%A', 'bad-encoding'],
  ];
  for (const [rest, expected] of cases) it(`${JSON.stringify(rest)} → ${JSON.stringify(expected)}`, () => assert.deepEqual(dataTarget(rest), expected));
});
