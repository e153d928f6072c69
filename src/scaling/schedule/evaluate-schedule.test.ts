import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ScheduleConfig } from '../../model/function-config.js';
import { evaluateSchedule } from './evaluate-schedule.js';

const FALLBACK = 300;
const paris = (WakeUp: string[], ScaleDownTimeout: Array<[string, number]> = []): ScheduleConfig => ({
  TimeZoneID: 'Europe/Paris',
  Default: { WakeUp, ScaleDownTimeout: ScaleDownTimeout.map(([Time, Value]) => ({ Time, Value })) },
});
const inZone = (TimeZoneID: string, WakeUp: string[], ScaleDownTimeout: Array<[string, number]> = []): ScheduleConfig => ({
  ...paris(WakeUp, ScaleDownTimeout),
  TimeZoneID,
});

interface Case {
  name: string;
  schedule: ScheduleConfig;
  now: string;
  wakeUp: string | null;
  timeout: number;
  warnings?: RegExp[];
}

const windows: Array<[string, number]> = [['8:00', 60], ['21:00', 10]];

const cases: Case[] = [
  { name: 'Default null disables the schedule', schedule: { TimeZoneID: 'Europe/Paris', Default: null }, now: '2024-01-15T09:30:00Z', wakeUp: null, timeout: FALLBACK },
  { name: 'the annotation default (GB, empty lists) changes nothing', schedule: inZone('GB', []), now: '2024-01-15T09:30:00Z', wakeUp: null, timeout: FALLBACK },
  { name: 'latest wake-up already passed today', schedule: paris(['8:00', '21:00']), now: '2024-01-15T12:00:00Z', wakeUp: '2024-01-15T07:00:00Z', timeout: FALLBACK },
  { name: 'a wake-up exactly now counts (<=)', schedule: paris(['8:00']), now: '2024-01-15T07:00:00Z', wakeUp: '2024-01-15T07:00:00Z', timeout: FALLBACK },
  { name: 'none passed yet: latest of today minus 24 h', schedule: paris(['21:00', '8:00']), now: '2024-01-15T05:00:00Z', wakeUp: '2024-01-14T20:00:00Z', timeout: FALLBACK },
  { name: 'windows: latest strictly passed applies', schedule: paris([], windows), now: '2024-01-15T12:00:00Z', wakeUp: null, timeout: 60 },
  { name: 'windows: none passed ⇒ the latest window (yesterday evening) applies', schedule: paris([], windows), now: '2024-01-15T05:00:00Z', wakeUp: null, timeout: 10 },
  { name: 'windows: a window starting exactly now has not started (<)', schedule: paris([], windows), now: '2024-01-15T07:00:00Z', wakeUp: null, timeout: 10 },
  { name: 'windows: order in the list does not matter', schedule: paris([], [['21:00', 10], ['8:00', 60]]), now: '2024-01-15T20:30:00Z', wakeUp: null, timeout: 10 },
  { name: 'windows: equal times ⇒ the first entry wins', schedule: paris([], [['8:00', 1], ['08:00', 2]]), now: '2024-01-15T12:00:00Z', wakeUp: null, timeout: 1 },
  { name: 'windows: a Value of 0 applies as is', schedule: paris([], [['8:00', 0], ['21:00', 10]]), now: '2024-01-15T12:00:00Z', wakeUp: null, timeout: 0 },
  { name: 'one window, passed', schedule: paris([], [['8:00', 42]]), now: '2024-01-15T07:00:01Z', wakeUp: null, timeout: 42 },
  { name: 'one window, not passed ⇒ fallback', schedule: paris([], [['8:00', 42]]), now: '2024-01-15T06:59:59Z', wakeUp: null, timeout: FALLBACK },
  { name: 'GB follows British Summer Time', schedule: inZone('GB', ['8:00'], [['8:00', 5], ['9:00', 6]]), now: '2024-07-15T07:30:00Z', wakeUp: '2024-07-15T07:00:00Z', timeout: 5 },
  { name: 'summer time in Paris', schedule: paris(['8:00']), now: '2024-07-15T06:30:00Z', wakeUp: '2024-07-15T06:00:00Z', timeout: FALLBACK },
  { name: 'spring-forward gap: 02:30 becomes 03:30 CEST', schedule: paris(['2:30']), now: '2024-03-31T12:00:00Z', wakeUp: '2024-03-31T01:30:00Z', timeout: FALLBACK },
  { name: 'fall-back ambiguity: 02:30 is the earlier instant', schedule: paris(['2:30']), now: '2024-10-27T12:00:00Z', wakeUp: '2024-10-27T00:30:00Z', timeout: FALLBACK },
  // Tokyo is UTC+9: at 23:30Z on the 14th it is 08:30 on the 15th there, yet "today" is the 14th (UTC).
  { name: 'far east zones use the UTC date (quirk kept)', schedule: inZone('Asia/Tokyo', ['8:00'], [['8:00', 7], ['20:00', 9]]), now: '2024-01-14T23:30:00Z', wakeUp: '2024-01-13T23:00:00Z', timeout: 9 },
  {
    name: 'malformed and out-of-range entries are skipped with warnings',
    schedule: paris(['8h', '25:00', '9:00'], [['bad', 5], ['8:00', 60], ['21:61', 3]]),
    now: '2024-01-15T12:00:00Z',
    wakeUp: '2024-01-15T08:00:00Z',
    timeout: 60,
    warnings: [/Default\.WakeUp\[0\].*"8h"/, /Default\.WakeUp\[1\].*out of range/, /Default\.ScaleDownTimeout\[0\].*"bad"/, /Default\.ScaleDownTimeout\[2\].*out of range/],
  },
  {
    name: 'unknown zone ignores the whole schedule',
    schedule: inZone('Mars/Olympus', ['8:00'], windows),
    now: '2024-01-15T12:00:00Z',
    wakeUp: null,
    timeout: FALLBACK,
    warnings: [/unknown TimeZoneID "Mars\/Olympus"/],
  },
  { name: 'a null TimeZoneID (parsed as "") is an unknown zone', schedule: inZone('', ['8:00']), now: '2024-01-15T12:00:00Z', wakeUp: null, timeout: FALLBACK, warnings: [/unknown TimeZoneID ""/] },
  { name: 'an unknown zone with nothing to convert is not reported', schedule: inZone('Mars/Olympus', ['x']), now: '2024-01-15T12:00:00Z', wakeUp: null, timeout: FALLBACK, warnings: [/WakeUp\[0\]/] },
];

describe('evaluateSchedule (autoscaling.md §2.4)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = evaluateSchedule(c.schedule, FALLBACK, Date.parse(c.now));
      assert.equal(result.wakeUpAtMs === undefined ? null : new Date(result.wakeUpAtMs).toISOString(), c.wakeUp && new Date(c.wakeUp).toISOString());
      assert.equal(result.timeoutSeconds, c.timeout);
      const expected = c.warnings ?? [];
      assert.equal(result.warnings.length, expected.length, result.warnings.join('\n'));
      expected.forEach((pattern, i) => assert.match(result.warnings[i]!, pattern));
    });
  }
});

describe('evaluateSchedule zone resolver', () => {
  it('uses the resolver it is given', () => {
    const seen: string[] = [];
    const result = evaluateSchedule(paris(['8:00']), FALLBACK, Date.parse('2024-01-15T12:00:00Z'), (id) => {
      seen.push(id);
      return undefined;
    });
    assert.deepEqual(seen, ['Europe/Paris']);
    assert.equal(result.wakeUpAtMs, undefined);
    assert.match(result.warnings[0]!, /unknown TimeZoneID/);
  });
});
