import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unquoteString } from './go-unquote.js';

test('double, single and raw strings with Go escapes', () => {
  assert.equal(unquoteString('"a\\tb\\"c"').value, 'a\tb"c');
  assert.equal(unquoteString("'it\\'s'").value, "it's");
  assert.equal(unquoteString('`raw \\n`').value, 'raw \\n');
  assert.equal(unquoteString('"\\u00e9\\x41\\101"').value, 'éAA');
  assert.equal(unquoteString('"\\U0001F600"').value, '😀');
});

test('invalid UTF-8 bytes from escapes are flagged', () => {
  const u = unquoteString('"a\\xc5z"');
  assert.equal(u.validUtf8, false);
  assert.equal(unquoteString('"\\xc3\\xa9"').value, 'é');
});

test('malformed literals are rejected with the lexer messages', () => {
  assert.throws(() => unquoteString('"abc'), /unterminated quoted string/);
  assert.throws(() => unquoteString('"a\\qb"'), /unknown escape sequence/);
  assert.throws(() => unquoteString('"\\x4"'), /escape sequence not terminated|illegal character/);
  assert.throws(() => unquoteString('"\\ud800"'), /invalid Unicode code point/);
  assert.throws(() => unquoteString('"it\\\'s"'), /unknown escape sequence/);
});
