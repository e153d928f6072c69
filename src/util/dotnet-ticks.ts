/** .NET `DateTime` ticks (100 ns since 0001-01-01T00:00:00Z) as exact `bigint`s: they exceed 2^53. */
export const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;
const TICKS_PER_MS = 10_000n;

export function msToTicks(unixMs: number): bigint {
  return BigInt(Math.trunc(unixMs)) * TICKS_PER_MS + UNIX_EPOCH_TICKS;
}

export function ticksToMs(ticks: bigint): number {
  return Number((ticks - UNIX_EPOCH_TICKS) / TICKS_PER_MS);
}
