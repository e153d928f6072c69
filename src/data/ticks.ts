/**
 * The `[{id, expireAtUtcTicks}]` listings of the data routes, ticks written as exact integer
 * literals (data.md conventions; ticks from src/util/dotnet-ticks.ts).
 */

import { msToTicks } from '../util/dotnet-ticks.js';

export { msToTicks };

/** 9999-12-31T23:59:59.999Z, the last instant .NET `DateTime` represents. */
export const MAX_DATETIME_MS = 253_402_300_799_999;

/** One listing entry: ticks, `-1n` for "no expiry", or null (hash sets never report one). */
export interface ListingEntry {
  id: string;
  expireAtUtcTicks: bigint | null;
}

/** No TTL is `-1` in file and set listings. */
export function expiryTicks(expiresAtMs: number | null): bigint {
  return expiresAtMs === null ? -1n : msToTicks(expiresAtMs);
}

/** JSON text of a listing; ticks are written as exact integers (JSON.stringify cannot). */
export function listingJson(entries: readonly ListingEntry[]): string {
  const items = entries.map((e) => `{"id":${JSON.stringify(e.id)},"expireAtUtcTicks":${e.expireAtUtcTicks === null ? 'null' : e.expireAtUtcTicks.toString()}}`);
  return `[${items.join(',')}]`;
}

/** Ordinal string order (ids are ASCII). */
export function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
