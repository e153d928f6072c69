// Data ids: validation, the reserved file form and generated ids.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateId, idOrGenerated, isReservedFileId, isValidId } from './ids.js';

describe('isValidId', () => {
  const cases: Array<[string, boolean]> = [
    ['report-1', true],
    ['my-usecase.session-123.state', true],
    ['A_b.C-9', true],
    ['.', true],
    ['x'.repeat(200), true],
    ['x'.repeat(201), false],
    ['', false],
    ['a b', false],
    ['a/b', false],
    ['é', false],
    ['a%20b', false],
    ['a\n', false],
  ];
  for (const [id, valid] of cases) it(`${JSON.stringify(id.length > 20 ? `${id.slice(0, 10)}…(${id.length})` : id)} → ${valid}`, () => assert.equal(isValidId(id), valid));
});

describe('isReservedFileId', () => {
  const cases: Array<[string, boolean]> = [
    ['sf-internal-0123456789abcdef0123456789abcdef-internal', true],
    ['sf-internal-x-internal', true],
    ['sf-internal--internal', false],
    ['sf-internal-x-internal2', false],
    ['SF-INTERNAL-x-INTERNAL', false],
    ['report-1', false],
  ];
  for (const [id, reserved] of cases) it(`${id} → ${reserved}`, () => assert.equal(isReservedFileId(id), reserved));
});

describe('generated ids', () => {
  it('are 32 lowercase hex characters and differ', () => {
    const a = generateId();
    assert.match(a, /^[0-9a-f]{32}$/);
    assert.notEqual(a, generateId());
  });
  it('replace an absent or blank query id, never a given one', () => {
    assert.match(idOrGenerated(undefined), /^[0-9a-f]{32}$/);
    assert.match(idOrGenerated('  '), /^[0-9a-f]{32}$/);
    assert.equal(idOrGenerated('legacy1'), 'legacy1');
  });
});
