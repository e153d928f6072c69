import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileAnchoredRe2 } from './matchers.js';
import { RegexSyntaxError } from './regex-translate.js';

function matches(pattern: string, s: string): boolean {
  return compileAnchoredRe2(pattern).regex.test(s);
}

test('patterns are anchored as ^(?:…)$ (a top-level alternation is fully anchored)', () => {
  assert.equal(matches('a|b', 'a'), true);
  assert.equal(matches('a|b', 'xa'), false);
  assert.equal(matches('a|b', 'bx'), false);
  assert.equal(matches('5..', '503'), true);
  assert.equal(matches('web.*', 'web-1'), true);
  assert.equal(matches('', ''), true);
});

test('dot matches newlines, \\s is RE2 ASCII space, \\d ASCII digits', () => {
  assert.equal(matches('a.b', 'a\nb'), true);
  assert.equal(matches('(?-s)a.b', 'a\nb'), false);
  assert.equal(matches('\\s', '\u00a0'), false);
  assert.equal(matches('\\s', '\t'), true);
  assert.equal(matches('\\d+', '١٢'), false);
  assert.equal(matches('[^\\d]x', 'ax'), true);
});

test('case-insensitive flags, global and scoped', () => {
  assert.equal(matches('(?i)pro.*', 'PRODUCTION'), true);
  assert.equal(matches('(?i:PRO).*', 'production'), true);
  assert.equal(matches('.*(?i:C).*', 'canary'), true);
  assert.equal(matches('(?i:P)RO', 'pro'), false);
  assert.equal(matches('((?i)PRO).*', 'production'), true);
  assert.equal(matches('(?i)[a-c]+', 'ABC'), true);
  assert.equal(matches('(?i)k', '\u212a'), true);
});

test('classes: POSIX, negation, escapes, literal braces, Unicode properties', () => {
  assert.equal(matches('[[:alpha:]]+', 'abcXYZ'), true);
  assert.equal(matches('[[:^digit:]]', '5'), false);
  assert.equal(matches('[]a]+', ']a'), true);
  assert.equal(matches('a{,2}', 'a{,2}'), true);
  assert.equal(matches('x{2}', 'xx'), true);
  assert.equal(matches('\\pL+', 'héllo'), true);
  assert.equal(matches('\\p{Greek}', 'λ'), true);
  assert.equal(matches('\\Qa.b\\E', 'a.b'), true);
  assert.equal(matches('\\Qa.b\\E', 'axb'), false);
  assert.equal(matches('a\\-b\\:c', 'a-b:c'), true);
});

test('named groups are numbered like Go', () => {
  const { regex, groupNames } = compileAnchoredRe2('(?P<first>a+)(b)(?<third>c)');
  assert.deepEqual(groupNames, [undefined, 'first', undefined, 'third']);
  assert.deepEqual([...(regex.exec('aabc') ?? [])], ['aabc', 'aa', 'b', 'c']);
});

test('what RE2 rejects is rejected', () => {
  for (const bad of ['(.*', 'a)', '*a', 'a**', '[a', 'x{1001}', '\\1', '(?P<>a)', '[z-a]', '\\C', '(?#comment)']) {
    assert.throws(() => compileAnchoredRe2(bad), RegexSyntaxError, bad);
  }
});
