import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SelectorError, formatLabelSelector, matchesRequirements, matchesSelector, parseLabelSelector } from './label-selector.js';

const labels = { app: 'web', tier: 'front', version: '3' };

describe('label selector strings', () => {
  const cases: [string, boolean][] = [
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app = web', true],
    ['app!=web', false],
    ['app!=api', true],
    ['missing!=x', true],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
    ['app in (web, api)', true],
    ['app in (api)', false],
    ['app notin (api,db)', true],
    ['missing notin (x)', true],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['version>2', true],
    ['version<3', false],
    ['app in (web),tier notin (back),!missing,version', true],
    ['app=', false],
  ];
  for (const [selector, expected] of cases) {
    it(`"${selector}" ${expected ? 'matches' : 'does not match'}`, () => {
      assert.equal(matchesRequirements(parseLabelSelector(selector), labels), expected);
    });
  }

  for (const bad of ['app=we b', 'app in ()', ',', 'a b c', 'version>x', '-bad=1']) {
    it(`rejects "${bad}"`, () => assert.throws(() => parseLabelSelector(bad), SelectorError));
  }
});

describe('LabelSelector objects', () => {
  const cases: [string, Parameters<typeof matchesSelector>[0], boolean][] = [
    ['empty selects everything', {}, true],
    ['matchLabels', { matchLabels: { app: 'web' } }, true],
    ['matchLabels mismatch', { matchLabels: { app: 'api' } }, false],
    ['In', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, true],
    ['NotIn', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, false],
    ['Exists', { matchExpressions: [{ key: 'version', operator: 'Exists' }] }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'version', operator: 'DoesNotExist' }] }, false],
    ['both ANDed', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, false],
  ];
  for (const [name, selector, expected] of cases) it(name, () => assert.equal(matchesSelector(selector, labels), expected));

  it('formats like LabelSelectorAsSelector().String(): sorted by key', () => {
    assert.equal(
      formatLabelSelector({ matchLabels: { 'pod-template-hash': 'abc', app: 'web' }, matchExpressions: [{ key: 'b', operator: 'In', values: ['y', 'x'] }, { key: 'c', operator: 'DoesNotExist' }] }),
      'app=web,b in (x,y),!c,pod-template-hash=abc',
    );
  });
});
