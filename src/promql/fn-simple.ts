// Instant-vector and scalar functions (abs, ceil, … trigonometry, round, clamp*, sort*, scalar, vector) with
// Prometheus's results: values mapped per sample, metric name dropped (delayed) where upstream drops it.
import { goSort, type Less } from './go-sort.js';
import type { Sample } from './values.js';

export const MATH_FUNCTIONS: Readonly<Record<string, (x: number) => number>> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  sqrt: Math.sqrt,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sgn: (v) => (v < 0 ? -1 : v > 0 ? 1 : v),
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  deg: (v) => (v * 180) / Math.PI,
  rad: (v) => (v * Math.PI) / 180,
};

/** Applies f to every value; the result drops the metric name (like Prometheus's simpleFloatFunc). */
export function mapValues(samples: readonly Sample[], f: (x: number) => number): Sample[] {
  return samples.map((s) => ({ labels: s.labels, value: f(s.value), dropName: true }));
}

/** round(v, to_nearest): ties round up; computed through the inverse as upstream does. */
export function roundTo(samples: readonly Sample[], toNearest: number): Sample[] {
  const inverse = 1 / toNearest;
  return mapValues(samples, (f) => Math.floor(f * inverse + 0.5) / inverse);
}

export function clamp(samples: readonly Sample[], min: number, max: number): Sample[] {
  if (max < min) return [];
  return mapValues(samples, (f) => Math.max(min, Math.min(max, f)));
}

/** sort (ascending) / sort_desc, ordered as Prometheus's heap types with sort.Reverse (NaN last). */
export function sortByValue(samples: readonly Sample[], descending: boolean): Sample[] {
  // Prometheus sorts with sort.Reverse of a Less that puts NaN first; reversed: Less(a, b) = Less0(b, a).
  const less: Less<Sample> = descending
    ? (a, b) => Number.isNaN(b.value) || b.value < a.value
    : (a, b) => Number.isNaN(b.value) || b.value > a.value;
  return goSort([...samples], less);
}

/** scalar(v): the single element's value, NaN unless exactly one element. */
export function scalarOf(samples: readonly Sample[]): number {
  return samples.length === 1 ? (samples[0] as Sample).value : NaN;
}
