import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandTemplate } from './fn-labels.js';

test('Go template expansion: $n, ${name}, $$, malformed references and $1x as a name', () => {
  const m = /^(?<a>x)(y)$/.exec('xy') as RegExpExecArray;
  const names = [undefined, 'a', undefined];
  assert.equal(expandTemplate('$1-$2', m, names), 'x-y');
  assert.equal(expandTemplate('${a}${2}', m, names), 'xy');
  assert.equal(expandTemplate('$$1', m, names), '$1');
  assert.equal(expandTemplate('$1x', m, names), '');
  assert.equal(expandTemplate('a$', m, names), 'a$');
  assert.equal(expandTemplate('${a', m, names), '${a');
  assert.equal(expandTemplate('$9', m, names), '');
});
