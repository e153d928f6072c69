// The <aggregation>_over_time functions, resets and changes over one range-vector series, with
// Prometheus's numerics (Kahan sums, overflow-safe mean, Kahan-compensated Welford variance).
import { kahanInc } from './kahan.js';
import { quantile } from './quantile.js';
import type { RangeSeries } from './values.js';

export function avgOverTime(v: readonly number[]): number {
  let sum = v[0] as number;
  let count = 1;
  let mean = 0;
  let c = 0;
  let incremental = false;
  for (let i = 1; i < v.length; i++) {
    const f = v[i] as number;
    count = i + 1;
    if (!incremental) {
      const [newSum, newC] = kahanInc(f, sum, c);
      if (Number.isFinite(newSum) || Number.isNaN(newSum)) {
        sum = newSum;
        c = newC;
        continue;
      }
      incremental = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    const q = (count - 1) / count;
    [mean, c] = kahanInc(f / count, q * mean, q * c);
  }
  if (incremental) return mean + c;
  return sum / count + c / count;
}

export function sumOverTime(v: readonly number[]): number {
  let sum = 0;
  let c = 0;
  for (const f of v) [sum, c] = kahanInc(f, sum, c);
  return sum === Infinity || sum === -Infinity ? sum : sum + c;
}

function compareOverTime(v: readonly number[], better: (cur: number, best: number) => boolean): number {
  let best = v[0] as number;
  for (const f of v) if (better(f, best)) best = f;
  return best;
}

export function maxOverTime(v: readonly number[]): number {
  return compareOverTime(v, (cur, best) => cur > best || Number.isNaN(best));
}

export function minOverTime(v: readonly number[]): number {
  return compareOverTime(v, (cur, best) => cur < best || Number.isNaN(best));
}

export function varianceOverTime(v: readonly number[]): number {
  let count = 0;
  let mean = 0;
  let cMean = 0;
  let aux = 0;
  let cAux = 0;
  for (const f of v) {
    count++;
    const delta = f - (mean + cMean);
    [mean, cMean] = kahanInc(delta / count, mean, cMean);
    [aux, cAux] = kahanInc(delta * (f - (mean + cMean)), aux, cAux);
  }
  return (aux + cAux) / count;
}

export function quantileOverTime(q: number, v: readonly number[]): number {
  return quantile(q, [...v]);
}

export function resets(s: RangeSeries): number {
  let n = 0;
  for (let i = 1; i < s.v.length; i++) if ((s.v[i] as number) < (s.v[i - 1] as number)) n++;
  return n;
}

export function changes(s: RangeSeries): number {
  let n = 0;
  for (let i = 1; i < s.v.length; i++) {
    const cur = s.v[i] as number;
    const prev = s.v[i - 1] as number;
    if (cur !== prev && !(Number.isNaN(cur) && Number.isNaN(prev))) n++;
  }
  return n;
}
