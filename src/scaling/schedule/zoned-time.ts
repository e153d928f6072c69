/**
 * Time-zone arithmetic for schedules (autoscaling.md §2.4) on Node's ICU: resolves tzdb ids
 * (aliases such as `GB` included) and turns a wall-clock time of a zone into a UTC instant the way
 * NodaTime's `InZoneLeniently` does — an ambiguous time (fall-back) gives the earlier instant, a
 * time inside a spring-forward gap is moved forward by the gap's length.
 */

const DAY_MS = 86_400_000;

export interface Zone {
  /** The id as configured. */
  id: string;
  /** The canonical id ICU resolved it to (e.g. `GB` ⇒ `Europe/London`). */
  canonicalId: string;
  /** Offset (local − UTC) in milliseconds at a UTC instant. */
  offsetMsAt(utcMs: number): number;
}

/** The zone, or `undefined` when ICU does not know the id (blank ids included). */
export function resolveZone(id: string): Zone | undefined {
  if (id.trim() === '') return undefined;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return undefined;
  }
  const canonicalId = format.resolvedOptions().timeZone;
  return {
    id,
    canonicalId,
    offsetMsAt(utcMs: number): number {
      const whole = Math.floor(utcMs / 1000) * 1000;
      const part: Record<string, number> = {};
      for (const { type, value } of format.formatToParts(whole)) part[type] = Number(value);
      const wall = Date.UTC(part.year!, part.month! - 1, part.day!, part.hour! % 24, part.minute!, part.second!);
      return wall - whole;
    },
  };
}

export type ZoneResolver = (id: string) => Zone | undefined;

/** A `resolveZone` that remembers its answers (ICU formatters are costly to build); one per owner, e.g. the scaler. */
export function createZoneCache(): ZoneResolver {
  const zones = new Map<string, Zone | undefined>();
  return (id) => {
    if (!zones.has(id)) zones.set(id, resolveZone(id));
    return zones.get(id);
  };
}

/**
 * UTC instant of a wall-clock time, given as the epoch milliseconds it would have in UTC
 * (`Date.UTC(y, m, d, h, min)`). Assumes at most one offset change within a day of it.
 */
export function wallTimeToUtc(zone: Zone, wallMs: number): number {
  const offsetBefore = zone.offsetMsAt(wallMs - DAY_MS);
  const offsetAfter = zone.offsetMsAt(wallMs + DAY_MS);
  const candidates = [wallMs - offsetBefore, wallMs - offsetAfter]
    .filter((utc) => zone.offsetMsAt(utc) === wallMs - utc)
    .sort((a, b) => a - b);
  // Valid: the single (or, when ambiguous, the earlier) instant. In a gap neither offset fits;
  // reading the time with the offset in force before the gap moves it forward by the gap.
  return candidates[0] ?? wallMs - offsetBefore;
}
