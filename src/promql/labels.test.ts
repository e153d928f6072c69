import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareLabels, compareStrings, dropMetadata, formatLabels, labelsFromRecord, setLabel } from './labels.js';

test('label sets are sorted, without empty values', () => {
  assert.deepEqual(labelsFromRecord({ b: '2', a: '1', c: '' }), [
    { name: 'a', value: '1' },
    { name: 'b', value: '2' },
  ]);
  assert.deepEqual(setLabel(labelsFromRecord({ a: '1' }), 'a', ''), []);
});

test('strings compare by code point like Go compares UTF-8 bytes', () => {
  assert.ok(compareStrings('a', 'b') < 0);
  assert.ok(compareStrings('\uffff', '😀') < 0); // U+FFFF < U+1F600, though its UTF-16 unit is larger
  assert.ok(compareLabels(labelsFromRecord({ a: '1' }), labelsFromRecord({ a: '1', b: '1' })) < 0);
});

test('formatting matches Prometheus Labels.String()', () => {
  assert.equal(formatLabels(labelsFromRecord({ __name__: 'dup', label: 'a"b' })), '{__name__="dup", label="a\\"b"}');
  assert.equal(formatLabels(labelsFromRecord({ 'a.b': 'x' })), '{"a.b"="x"}');
  assert.equal(formatLabels([]), '{}');
});

test('metadata labels are dropped together', () => {
  assert.deepEqual(dropMetadata(labelsFromRecord({ __name__: 'x', __type__: 'counter', __unit__: 's', job: 'j' })), [{ name: 'job', value: 'j' }]);
});
