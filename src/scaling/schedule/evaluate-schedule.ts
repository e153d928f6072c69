/**
 * Evaluates a function's `SlimFaas/Schedule` at one instant (autoscaling.md §2.4): the last
 * wake-up instant (synthetic activity, §2.3 step 3) and the inactivity timeout in force (§2.3
 * step 5). Never throws: malformed or out-of-range times are skipped, an unknown zone disables the
 * function's schedule, and each is reported in `warnings` for the caller to log.
 */

import type { ScheduleConfig } from '../../model/function-config.js';
import { parseClockTime, type ClockTime } from './clock-time.js';
import { resolveZone, wallTimeToUtc, type ZoneResolver } from './zoned-time.js';

const DAY_MS = 86_400_000;

export interface ScheduleEvaluation {
  /** Latest wake-up instant at or before now (else the latest of today's minus 24 h); absent without valid `WakeUp`. */
  wakeUpAtMs?: number;
  /** The schedule's timeout for now, else `fallbackTimeoutSeconds` (`TimeoutSecondBeforeSetReplicasMin`). */
  timeoutSeconds: number;
  warnings: string[];
}

interface Window {
  time: ClockTime;
  value: number;
}

function validTimes<T>(items: T[], path: string, text: (item: T) => string, warnings: string[]): Array<[T, ClockTime]> {
  const out: Array<[T, ClockTime]> = [];
  items.forEach((item, i) => {
    const parsed = parseClockTime(text(item));
    if (parsed.ok) out.push([item, parsed.time]);
    else warnings.push(`SlimFaas/Schedule ${path}[${i}] skipped: ${parsed.error}`);
  });
  return out;
}

/** Index of the greatest value (the first one on ties, as upstream's strict `>` scan). */
function latest(instants: number[]): number {
  let best = 0;
  for (let i = 1; i < instants.length; i++) if (instants[i]! > instants[best]!) best = i;
  return best;
}

function lastWakeUp(instants: number[], nowMs: number): number | undefined {
  if (instants.length === 0) return undefined;
  const past = instants.filter((t) => t <= nowMs);
  return past.length > 0 ? Math.max(...past) : instants[latest(instants)]! - DAY_MS;
}

function timeoutAt(windows: Array<{ at: number; value: number }>, nowMs: number, fallback: number): number {
  if (windows.length === 0) return fallback;
  if (windows.length === 1) return windows[0]!.at < nowMs ? windows[0]!.value : fallback;
  const past = windows.filter((w) => w.at < nowMs);
  const pool = past.length > 0 ? past : windows; // none passed yet: yesterday's last window applies
  return pool[latest(pool.map((w) => w.at))]!.value;
}

/** `zones` defaults to an uncached `resolveZone`; pass a `createZoneCache()` kept across ticks to save ICU work. */
export function evaluateSchedule(
  schedule: ScheduleConfig,
  fallbackTimeoutSeconds: number,
  nowMs: number,
  zones: ZoneResolver = resolveZone,
): ScheduleEvaluation {
  const warnings: string[] = [];
  const fallback: ScheduleEvaluation = { timeoutSeconds: fallbackTimeoutSeconds, warnings };
  if (schedule.Default === null) return fallback;

  const wakeUps = validTimes(schedule.Default.WakeUp, 'Default.WakeUp', (s) => s, warnings).map(([, time]) => time);
  const windows: Window[] = validTimes(schedule.Default.ScaleDownTimeout, 'Default.ScaleDownTimeout', (e) => e.Time, warnings).map(
    ([entry, time]) => ({ time, value: entry.Value }),
  );
  if (wakeUps.length === 0 && windows.length === 0) return fallback;

  const zone = zones(schedule.TimeZoneID);
  if (zone === undefined) {
    warnings.push(`SlimFaas/Schedule ignored: unknown TimeZoneID ${JSON.stringify(schedule.TimeZoneID)}`);
    return fallback;
  }

  // Quirk kept from upstream: "today" is the UTC calendar date of now, whatever the zone's date.
  const now = new Date(nowMs);
  const today = (t: ClockTime) =>
    wallTimeToUtc(zone, Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), t.hour, t.minute));

  const result: ScheduleEvaluation = {
    timeoutSeconds: timeoutAt(
      windows.map((w) => ({ at: today(w.time), value: w.value })),
      nowMs,
      fallbackTimeoutSeconds,
    ),
    warnings,
  };
  const wakeUpAtMs = lastWakeUp(wakeUps.map(today), nowMs);
  if (wakeUpAtMs !== undefined) result.wakeUpAtMs = wakeUpAtMs;
  return result;
}
