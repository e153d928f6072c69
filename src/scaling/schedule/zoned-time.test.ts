import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createZoneCache, resolveZone, wallTimeToUtc } from './zoned-time.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('resolveZone', () => {
  const known: Array<[string, string]> = [
    ['GB', 'Europe/London'],
    ['Europe/Paris', 'Europe/Paris'],
    ['UTC', 'UTC'],
    ['Asia/Tokyo', 'Asia/Tokyo'],
  ];
  for (const [id, canonical] of known) {
    it(`resolves ${id}`, () => assert.equal(resolveZone(id)?.canonicalId, canonical));
  }
  for (const id of ['', '  ', 'Mars/Olympus', 'Romance Standard Time', '+01:00']) {
    it(`rejects ${JSON.stringify(id)}`, () => assert.equal(resolveZone(id), undefined));
  }
  it('reports offsets in milliseconds', () => {
    const paris = resolveZone('Europe/Paris')!;
    assert.equal(paris.offsetMsAt(Date.parse('2024-01-15T12:00:00Z')), 3_600_000);
    assert.equal(paris.offsetMsAt(Date.parse('2024-07-15T12:00:00Z')), 7_200_000);
    assert.equal(resolveZone('America/New_York')!.offsetMsAt(Date.parse('2024-01-15T12:00:00.999Z')), -18_000_000);
  });
});

describe('wallTimeToUtc (InZoneLeniently)', () => {
  const cases: Array<[string, string, [number, number, number, number, number], string]> = [
    ['winter Paris', 'Europe/Paris', [2024, 0, 15, 8, 0], '2024-01-15T07:00:00.000Z'],
    ['summer Paris', 'Europe/Paris', [2024, 6, 15, 8, 0], '2024-07-15T06:00:00.000Z'],
    ['GB in summer', 'GB', [2024, 6, 15, 8, 0], '2024-07-15T07:00:00.000Z'],
    ['GB in winter', 'GB', [2024, 0, 15, 8, 0], '2024-01-15T08:00:00.000Z'],
    ['far east', 'Asia/Tokyo', [2024, 0, 15, 1, 30], '2024-01-14T16:30:00.000Z'],
    ['half-hour zone', 'Asia/Kolkata', [2024, 0, 15, 0, 0], '2024-01-14T18:30:00.000Z'],
    // Paris 2024-03-31: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist ⇒ 03:30 CEST.
    ['spring-forward gap moves forward', 'Europe/Paris', [2024, 2, 31, 2, 30], '2024-03-31T01:30:00.000Z'],
    ['gap start', 'Europe/Paris', [2024, 2, 31, 2, 0], '2024-03-31T01:00:00.000Z'],
    ['just after the gap', 'Europe/Paris', [2024, 2, 31, 3, 0], '2024-03-31T01:00:00.000Z'],
    // Paris 2024-10-27: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice ⇒ the earlier.
    ['fall-back ambiguity takes the earlier', 'Europe/Paris', [2024, 9, 27, 2, 30], '2024-10-27T00:30:00.000Z'],
    ['after the ambiguity', 'Europe/Paris', [2024, 9, 27, 3, 0], '2024-10-27T02:00:00.000Z'],
    // New York 2024-03-10: 02:00 EST jumps to 03:00 EDT.
    ['New York gap', 'America/New_York', [2024, 2, 10, 2, 15], '2024-03-10T07:15:00.000Z'],
    ['New York fall-back', 'America/New_York', [2024, 10, 3, 1, 15], '2024-11-03T05:15:00.000Z'],
    // Lord Howe: 30-minute DST shift (02:00 ⇒ 02:30 on 2024-10-06); 02:15 ⇒ 02:45 (+11:00).
    ['Lord Howe half-hour gap', 'Australia/Lord_Howe', [2024, 9, 6, 2, 15], '2024-10-05T15:45:00.000Z'],
  ];
  for (const [name, zoneId, [y, m, d, h, min], expected] of cases) {
    it(name, () => assert.equal(iso(wallTimeToUtc(resolveZone(zoneId)!, Date.UTC(y, m, d, h, min))), expected));
  }
});

describe('createZoneCache', () => {
  it('resolves each id once and remembers unknown ids too', () => {
    const cache = createZoneCache();
    const first = cache('Europe/Paris');
    assert.equal(cache('Europe/Paris'), first);
    assert.equal(first?.canonicalId, 'Europe/Paris');
    assert.equal(cache('Mars/Olympus'), undefined);
    assert.equal(cache('Mars/Olympus'), undefined);
  });
});
