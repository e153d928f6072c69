// Function calls whose arguments are already evaluated: range-vector functions applied per series (metric
// name dropped except for last/first_over_time), and instant-vector/scalar functions.
import type { Call, MatrixSelector } from './ast.js';
import { changes, avgOverTime, maxOverTime, minOverTime, quantileOverTime, resets, sumOverTime, varianceOverTime } from './fn-over-time.js';
import { extrapolatedRate, instantValue, type RateWindow } from './fn-rate.js';
import { clamp, MATH_FUNCTIONS, mapValues, roundTo, scalarOf, sortByValue } from './fn-simple.js';
import { dateFunction, isDateFunction } from './fn-date.js';
import { histogramFraction, histogramQuantile } from './fn-histogram.js';
import { deriv, predictLinear } from './fn-regression.js';
import type { RangeSeries, Sample, Value } from './values.js';

type RangeFn = (s: RangeSeries, w: RateWindow, scalars: readonly number[]) => number | undefined;

const RANGE_FUNCTIONS: Readonly<Record<string, RangeFn>> = {
  rate: (s, w) => extrapolatedRate(s, w, true, true),
  increase: (s, w) => extrapolatedRate(s, w, true, false),
  delta: (s, w) => extrapolatedRate(s, w, false, false),
  irate: (s) => instantValue(s, true),
  idelta: (s) => instantValue(s, false),
  resets: (s) => resets(s),
  changes: (s) => changes(s),
  avg_over_time: (s) => avgOverTime(s.v),
  min_over_time: (s) => minOverTime(s.v),
  max_over_time: (s) => maxOverTime(s.v),
  sum_over_time: (s) => sumOverTime(s.v),
  count_over_time: (s) => s.v.length,
  last_over_time: (s) => s.v[s.v.length - 1],
  quantile_over_time: (s, _w, [q]) => quantileOverTime(q as number, s.v),
  stddev_over_time: (s) => Math.sqrt(varianceOverTime(s.v)),
  stdvar_over_time: (s) => varianceOverTime(s.v),
  present_over_time: () => 1,
  first_over_time: (s) => s.v[0],
  deriv: (s) => deriv(s),
  predict_linear: (s, w, [duration]) => predictLinear(s, w.evalTimeMs, duration as number),
};

/** Range functions that keep the metric name (they act like an offset). */
const KEEP_NAME = new Set(['last_over_time', 'first_over_time']);

export function isRangeFunction(name: string): boolean {
  return name in RANGE_FUNCTIONS || name === 'absent_over_time';
}

/** Applies a range-vector function to every series of the matrix argument. */
export function callRangeFunction(name: string, sel: MatrixSelector, series: readonly RangeSeries[], scalars: readonly number[], timeMs: number): Sample[] {
  const fn = RANGE_FUNCTIONS[name] as RangeFn;
  const rangeEnd = timeMs - sel.selector.offsetMs;
  const w: RateWindow = { rangeStart: rangeEnd - sel.rangeMs, rangeEnd, rangeSeconds: sel.rangeMs / 1000, evalTimeMs: timeMs };
  const dropName = !KEEP_NAME.has(name);
  const out: Sample[] = [];
  for (const s of series) {
    const value = fn(s, w, scalars);
    if (value !== undefined) out.push({ labels: s.labels, value, dropName });
  }
  return out;
}

function vectorArg(args: readonly Value[], i: number): readonly Sample[] {
  const v = args[i];
  return v?.kind === 'vector' ? v.samples : [];
}

function scalarArg(args: readonly Value[], i: number, fallback: number): number {
  const v = args[i];
  return v?.kind === 'scalar' ? v.value : fallback;
}

/** Functions over instant vectors and scalars (not the range, label or absent functions). */
export function callInstantFunction(e: Call, args: readonly Value[], timeMs: number): Value {
  const name = e.func.name;
  const math = MATH_FUNCTIONS[name];
  if (math) return { kind: 'vector', samples: mapValues(vectorArg(args, 0), math) };
  if (isDateFunction(name)) {
    if (args.length === 0) return { kind: 'vector', samples: [{ labels: [], value: dateFunction(name, Math.trunc(timeMs / 1000)), dropName: false }] };
    return { kind: 'vector', samples: mapValues(vectorArg(args, 0), (v) => dateFunction(name, v)) };
  }
  switch (name) {
    case 'round':
      return { kind: 'vector', samples: roundTo(vectorArg(args, 0), scalarArg(args, 1, 1)) };
    case 'clamp':
      return { kind: 'vector', samples: clamp(vectorArg(args, 0), scalarArg(args, 1, NaN), scalarArg(args, 2, NaN)) };
    case 'clamp_min':
      return { kind: 'vector', samples: clamp(vectorArg(args, 0), scalarArg(args, 1, NaN), Infinity) };
    case 'clamp_max':
      return { kind: 'vector', samples: clamp(vectorArg(args, 0), -Infinity, scalarArg(args, 1, NaN)) };
    case 'sort':
      return { kind: 'vector', samples: sortByValue(vectorArg(args, 0), false) };
    case 'sort_desc':
      return { kind: 'vector', samples: sortByValue(vectorArg(args, 0), true) };
    case 'scalar':
      return { kind: 'scalar', value: scalarOf(vectorArg(args, 0)) };
    case 'vector':
      return { kind: 'vector', samples: [{ labels: [], value: scalarArg(args, 0, NaN), dropName: false }] };
    case 'time':
      return { kind: 'scalar', value: timeMs / 1000 };
    case 'histogram_quantile':
      return { kind: 'vector', samples: histogramQuantile(scalarArg(args, 0, NaN), vectorArg(args, 1)) };
    case 'histogram_fraction':
      return { kind: 'vector', samples: histogramFraction(scalarArg(args, 0, NaN), scalarArg(args, 1, NaN), vectorArg(args, 2)) };
    case 'pi':
      return { kind: 'scalar', value: Math.PI };
    default:
      throw new Error(`function ${name} has no implementation`);
  }
}

const OTHER_INSTANT = ['round', 'clamp', 'clamp_min', 'clamp_max', 'sort', 'sort_desc', 'scalar', 'vector', 'time', 'histogram_quantile', 'histogram_fraction', 'pi'];

export function hasInstantImplementation(name: string): boolean {
  return name in MATH_FUNCTIONS || isDateFunction(name) || OTHER_INSTANT.includes(name);
}
