// Kahan–Neumaier compensated summation step, exactly as Prometheus's util/kahansum.Inc.

/** Adds `inc` to `sum` with compensation `c`; returns the new [sum, c]. */
export function kahanInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (t > Number.MAX_VALUE || t < -Number.MAX_VALUE) return [t, 0];
  if (Math.abs(sum) >= Math.abs(inc)) return [t, c + (sum - t + inc)];
  return [t, c + (inc - t + sum)];
}
