// deriv and predict_linear: Prometheus's least-squares linear regression (Kahan sums, constant series
// give slope 0, infinite constant series give NaN).
import { kahanInc } from './kahan.js';
import type { RangeSeries } from './values.js';

/** Slope (per second) and intercept at `interceptTime` (ms) of the series' points. */
export function linearRegression(s: RangeSeries, interceptTime: number): [slope: number, intercept: number] {
  let n = 0;
  let [sumX, cX, sumY, cY, sumXY, cXY, sumX2, cX2] = [0, 0, 0, 0, 0, 0, 0, 0];
  const initY = s.v[0] as number;
  let constY = true;
  for (let i = 0; i < s.v.length; i++) {
    const y = s.v[i] as number;
    if (constY && i > 0 && y !== initY) constY = false;
    n += 1;
    const x = ((s.t[i] as number) - interceptTime) / 1e3;
    [sumX, cX] = kahanInc(x, sumX, cX);
    [sumY, cY] = kahanInc(y, sumY, cY);
    [sumXY, cXY] = kahanInc(x * y, sumXY, cXY);
    [sumX2, cX2] = kahanInc(x * x, sumX2, cX2);
  }
  if (constY) return initY === Infinity || initY === -Infinity ? [NaN, NaN] : [0, initY];
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}

export function deriv(s: RangeSeries): number | undefined {
  if (s.v.length < 2) return undefined;
  return linearRegression(s, s.t[0] as number)[0];
}

export function predictLinear(s: RangeSeries, atMs: number, durationSeconds: number): number | undefined {
  if (s.v.length < 2) return undefined;
  const [slope, intercept] = linearRegression(s, atMs);
  return slope * durationSeconds + intercept;
}
