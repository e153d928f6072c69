import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Visibility, VisibilityEntry } from './function-config.js';
import { effectiveVisibility, subscriptionAllows } from './visibility.js';
import { parseVisibilityList } from './parse-annotations.js';

const config = (defaultVisibility: Visibility, rules: string) => ({
  defaultVisibility,
  pathsStartWithVisibility: parseVisibilityList(rules, 'Public'),
});

describe('effectiveVisibility', () => {
  const cases: Array<[string, Visibility, string, string, Visibility]> = [
    ['no rules => default (Public)', 'Public', '', '/anything', 'Public'],
    ['no rules => default (Private)', 'Private', '', 'anything', 'Private'],
    ['fixture: private path', 'Public', 'Public:/compute,Private:/private', 'private', 'Private'],
    ['fixture: public path', 'Public', 'Public:/compute,Private:/private', 'compute/a', 'Public'],
    ['AS-05: no rule matches => default', 'Private', 'Public:/compute,Private:/private', 'download', 'Private'],
    ['AS-05: /compute rule is Public', 'Private', 'Public:/compute,Private:/private', 'compute', 'Public'],
    ['E22: string prefix, not segment prefix', 'Public', 'Private:/admin', 'administrator', 'Private'],
    ['E22: string prefix with deeper path', 'Public', 'Private:/admin', 'administrator/x', 'Private'],
    ['E23: case-insensitive request path', 'Public', 'Private:/admin', 'ADMIN/x', 'Private'],
    ['case-insensitive rule path (async too)', 'Public', 'Private:/Admin', 'admin', 'Private'],
    ['E24: unprefixed rule is Public on a Private function', 'Private', '/public', 'public/x', 'Public'],
    ['leading slash on the request path is normalised', 'Public', 'Private:/admin', '/admin', 'Private'],
    ['rule without leading slash', 'Public', 'Private:admin', '/admin/x', 'Private'],
    ['only one leading slash removed', 'Public', 'Private://admin', 'admin', 'Public'],
    ['first matching rule wins', 'Public', 'Private:/a,Public:/ab', 'abc', 'Private'],
    ['first matching rule wins (reverse)', 'Public', 'Public:/ab,Private:/a', 'abc', 'Public'],
    ['/ rule matches everything', 'Public', 'Private:/', 'x', 'Private'],
    ['/ rule matches the empty path', 'Public', 'Private:/', '', 'Private'],
    ['longer rule does not match shorter path', 'Private', 'Public:/compute', 'comp', 'Private'],
    ['empty path does not match a non-empty rule', 'Private', 'Public:/compute', '', 'Private'],
  ];
  for (const [name, def, rules, path, expected] of cases) {
    it(name, () => assert.equal(effectiveVisibility(config(def, rules), path), expected));
  }

  it('an empty rule value matches everything', () => {
    const rules: VisibilityEntry[] = [{ value: '', visibility: 'Private' }];
    assert.equal(effectiveVisibility({ defaultVisibility: 'Public', pathsStartWithVisibility: rules }, 'x/y'), 'Private');
  });
});

describe('subscriptionAllows', () => {
  const subs = {
    subscribeEvents: parseVisibilityList('Public:reload,Private:reloadprivate,both,Private:both', 'Private'),
    defaultVisibility: 'Private' as const,
    pathsStartWithVisibility: [],
  };
  const cases: Array<[string, boolean, boolean]> = [
    ['reload', false, true],
    ['reload', true, true],
    ['reloadprivate', false, false],
    ['reloadprivate', true, true],
    ['Reload', false, false],
    ['toto', true, false],
    ['both', false, false],
    ['both', true, true],
  ];
  for (const [event, internal, expected] of cases) {
    it(`${event} internal=${internal} => ${expected}`, () => assert.equal(subscriptionAllows(subs, event, internal), expected));
  }
});

describe('subscriptionAllows with path rules (an event never reaches a private path)', () => {
  const config = {
    subscribeEvents: parseVisibilityList('Public:reload', 'Private'),
    defaultVisibility: 'Private' as const,
    pathsStartWithVisibility: parseVisibilityList('Public:/hello', 'Private'),
  };
  const cases: Array<[string, boolean, boolean]> = [
    ['hello', false, true],
    ['hello/x', false, true],
    ['admin', false, false],
    ['', false, false],
    ['admin', true, true],
  ];
  for (const [path, internal, expected] of cases) {
    it(`path "${path}" internal=${internal} => ${expected}`, () => assert.equal(subscriptionAllows(config, 'reload', internal, path), expected));
  }
  it('without path rules the subscription alone decides (upstream)', () => {
    assert.equal(subscriptionAllows({ ...config, pathsStartWithVisibility: [] }, 'reload', false, 'admin'), true);
  });
});
