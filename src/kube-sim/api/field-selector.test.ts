import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FieldSelectorError, matchesFields, parseFieldSelector } from './field-selector.js';

const pod = { metadata: { name: 'web-0', namespace: 'default' }, spec: { nodeName: 'kube-sim' }, status: { phase: 'Running' } };

describe('field selectors', () => {
  const cases: [string, boolean][] = [
    ['', true],
    ['metadata.name=web-0', true],
    ['metadata.name==web-0', true],
    ['metadata.name!=web-0', false],
    ['metadata.namespace=default,status.phase=Running', true],
    ['status.phase!=Running', false],
    ['status.phase=Pending', false],
    ['spec.nodeName=kube-sim', true],
    ['status.podIP=', true],
    ['status.podIP!=', false],
  ];
  for (const [selector, expected] of cases) {
    it(`"${selector}"`, () => assert.equal(matchesFields(parseFieldSelector(selector), pod), expected));
  }

  it('unescapes values', () => {
    assert.deepEqual(parseFieldSelector('metadata.name=a\\,b'), [{ field: 'metadata.name', equal: true, value: 'a,b' }]);
  });

  it('rejects a requirement without operator', () => assert.throws(() => parseFieldSelector('metadata.name'), FieldSelectorError));
});
