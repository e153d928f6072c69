// Cleaner decisions: expiry at once, orphans on the third consecutive sighting, stale leftovers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isStale, judgeVersion, OrphanObservations, type VersionDecision } from './sweep-decisions.js';
import type { FileMeta, LocalFileMeta } from './file-meta.js';

const NOW = 1_700_000_000_000;
const SHA = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
const shared: FileMeta = { sha256: SHA, length: 1, contentType: '', fileName: 'f' };
const local = (expireAtMs: number | null): LocalFileMeta => ({ ...shared, id: 'f', expireAtMs });

describe('judgeVersion', () => {
  const cases: Array<[string, LocalFileMeta | null, FileMeta | null, VersionDecision]> = [
    ['current, no expiry', local(null), shared, 'keep'],
    ['current, expiry ahead', local(NOW + 1), shared, 'keep'],
    ['local expiry reached', local(NOW), shared, 'expired'],
    ['local expiry passed, metadata gone', local(NOW - 1), null, 'expired'],
    ['metadata gone (deleted elsewhere)', local(null), null, 'orphan'],
    ['metadata names another version', local(null), { ...shared, sha256: OTHER }, 'orphan'],
    ['no sidecar', null, shared, 'orphan'],
  ];
  for (const [name, l, s, expected] of cases) it(`${name} → ${expected}`, () => assert.equal(judgeVersion(SHA, l, s, NOW), expected));
});

describe('OrphanObservations', () => {
  it('confirms a candidate on its third consecutive cycle; a missed cycle starts over', () => {
    const o = new OrphanObservations();
    const cycles: Array<[string[], string[]]> = [
      [['a', 'b'], []],
      [['a', 'b'], []],
      [['a'], ['a']],
      [['b'], []],
      [['b'], []],
      [['b'], ['b']],
      [['a'], []],
    ];
    for (const [seen, confirmed] of cycles) assert.deepEqual([...o.observe(seen)], confirmed);
  });
});

describe('isStale', () => {
  it('after 10 minutes without modification', () => {
    assert.equal(isStale(NOW - 600_000, NOW), false);
    assert.equal(isStale(NOW - 600_001, NOW), true);
  });
});
