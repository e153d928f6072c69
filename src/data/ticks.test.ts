// .NET ticks as exact bigints and listings with exact integer literals.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expiryTicks, listingJson, msToTicks, ordinal } from './ticks.js';

describe('msToTicks', () => {
  const cases: Array<[number, bigint]> = [
    [0, 621_355_968_000_000_000n],
    [1, 621_355_968_000_010_000n],
    [1_700_000_000_000, 638_355_968_000_000_000n],
    [253_402_300_799_999, 3_155_378_975_999_990_000n],
    [1_700_000_000_000.9, 638_355_968_000_000_000n],
  ];
  for (const [ms, ticks] of cases) it(`${ms} ms → ${ticks}`, () => assert.equal(msToTicks(ms), ticks));
  it('no expiry is -1', () => assert.equal(expiryTicks(null), -1n));
});

describe('listingJson', () => {
  it('writes ticks as exact integers, -1, or null, in the given order', () => {
    const json = listingJson([
      { id: 'report-1', expireAtUtcTicks: 638_720_123_456_789_012n },
      { id: 'video.mp4', expireAtUtcTicks: -1n },
      { id: 'h1', expireAtUtcTicks: null },
    ]);
    assert.equal(json, '[{"id":"report-1","expireAtUtcTicks":638720123456789012},{"id":"video.mp4","expireAtUtcTicks":-1},{"id":"h1","expireAtUtcTicks":null}]');
    assert.equal(listingJson([]), '[]');
  });
  it('sorts ordinally (uppercase before lowercase)', () => {
    assert.deepEqual(['b', 'a-file', 'B', 'a'].sort(ordinal), ['B', 'a', 'a-file', 'b']);
  });
});
