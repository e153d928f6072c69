// Aggregation operators over an instant vector with Prometheus's grouping (`by`/`without`, groups in order
// of first appearance), numerics (Kahan sum, overflow-safe avg, Welford stddev), topk/bottomk heaps, count_values.
import type { AggregateOp } from './ast.js';
import { PromqlEvalError } from './errors.js';
import { goSort, heapFixTop, heapPush, type Less } from './go-sort.js';
import { kahanInc } from './kahan.js';
import { formatGoFloat } from './format-float.js';
import { dropLabels, keepLabels, labelsKeyFor, METRIC_NAME, setLabel, type Labels } from './labels.js';
import { quantile } from './quantile.js';
import type { Sample } from './values.js';

interface Group {
  labels: Labels;
  value: number;
  mean: number;
  kahanC: number;
  count: number;
  incrementalMean: boolean;
  values: number[];
  dropName: boolean;
  members: Sample[];
}

export interface Grouping {
  readonly labels: readonly string[];
  readonly without: boolean;
}

function groupKeyer(g: Grouping): { key: (l: Labels) => string; labels: (l: Labels) => Labels } {
  if (g.without) {
    const names = new Set([...g.labels, METRIC_NAME]);
    return { key: (l) => labelsKeyFor(l, names, false), labels: (l) => dropLabels(l, names) };
  }
  const names = new Set(g.labels);
  if (names.size === 0) return { key: () => '', labels: () => [] };
  return { key: (l) => labelsKeyFor(l, names, true), labels: (l) => keepLabels(l, names) };
}

function addSample(op: AggregateOp, g: Group, f: number): void {
  switch (op) {
    case 'sum':
      [g.value, g.kahanC] = kahanInc(f, g.value, g.kahanC);
      break;
    case 'avg': {
      g.count++;
      if (!g.incrementalMean) {
        const [v, c] = kahanInc(f, g.value, g.kahanC);
        if (v !== Infinity && v !== -Infinity) {
          [g.value, g.kahanC] = [v, c];
          break;
        }
        g.incrementalMean = true;
        g.mean = g.value / (g.count - 1);
        g.kahanC /= g.count - 1;
      }
      const q = (g.count - 1) / g.count;
      [g.mean, g.kahanC] = kahanInc(f / g.count, q * g.mean, q * g.kahanC);
      break;
    }
    case 'max':
      if (g.value < f || Number.isNaN(g.value)) g.value = f;
      break;
    case 'min':
      if (g.value > f || Number.isNaN(g.value)) g.value = f;
      break;
    case 'count':
      g.count++;
      break;
    case 'stddev':
    case 'stdvar': {
      g.count++;
      const delta = f - g.mean;
      g.mean += delta / g.count;
      g.value += delta * (f - g.mean);
      break;
    }
    case 'quantile':
      g.values.push(f);
      break;
    default:
  }
}

function result(op: AggregateOp, g: Group, q: number): number {
  switch (op) {
    case 'avg':
      return g.incrementalMean ? g.mean + g.kahanC : g.value / g.count + g.kahanC / g.count;
    case 'count':
      return g.count;
    case 'stdvar':
      return g.value / g.count;
    case 'stddev':
      return Math.sqrt(g.value / g.count);
    case 'quantile':
      return quantile(q, g.values);
    case 'sum':
      return g.value + g.kahanC;
    default:
      return g.value;
  }
}

function groupsOf(samples: readonly Sample[], grouping: Grouping): Group[] {
  const keyer = groupKeyer(grouping);
  const byKey = new Map<string, Group>();
  for (const s of samples) {
    const key = keyer.key(s.labels);
    let g = byKey.get(key);
    if (!g) {
      g = { labels: keyer.labels(s.labels), value: 0, mean: 0, kahanC: 0, count: 0, incrementalMean: false, values: [], dropName: false, members: [] };
      byKey.set(key, g);
    }
    g.members.push(s);
  }
  return [...byKey.values()];
}

/** sum, avg, min, max, count, group, stddev, stdvar, quantile (q is the quantile parameter). */
export function aggregate(op: AggregateOp, samples: readonly Sample[], grouping: Grouping, q: number): Sample[] {
  return groupsOf(samples, grouping).map((g) => {
    const first = g.members[0] as Sample;
    const f = first.value;
    g.value = op === 'stddev' || op === 'stdvar' ? (Number.isFinite(f) ? 0 : NaN) : op === 'group' ? 1 : f;
    g.mean = f;
    g.count = 1;
    g.values = [f];
    g.dropName = first.dropName;
    for (let i = 1; i < g.members.length; i++) {
      const s = g.members[i] as Sample;
      if (s.dropName) g.dropName = true;
      addSample(op, g, s.value);
    }
    return { labels: g.labels, value: result(op, g, q), dropName: g.dropName };
  });
}

const MAX_INT64 = 9223372036854774784;
const MIN_INT64 = -9223372036854775808;

/** topk / bottomk: per group the k largest / smallest samples, each keeping its labels. */
export function topBottomK(op: 'topk' | 'bottomk', samples: readonly Sample[], grouping: Grouping, param: number): Sample[] {
  if (param < 1) return [];
  if (Number.isNaN(param)) throw new PromqlEvalError('Parameter value is NaN');
  if (param <= MIN_INT64) throw new PromqlEvalError(`Scalar value ${param} underflows int64`);
  if (param >= MAX_INT64) throw new PromqlEvalError(`Scalar value ${param} overflows int64`);
  const k = Math.min(Math.trunc(param), samples.length);
  // Heap orders of Prometheus: topk keeps the smallest on top, bottomk the largest; NaN counts as "less".
  const heapLess: Less<Sample> = op === 'topk' ? (a, b) => Number.isNaN(a.value) || a.value < b.value : (a, b) => Number.isNaN(a.value) || a.value > b.value;
  const replaces = op === 'topk' ? (top: number, f: number) => top < f : (top: number, f: number) => top > f;
  const out: Sample[] = [];
  for (const g of groupsOf(samples, grouping)) {
    const heap: Sample[] = [g.members[0] as Sample];
    for (let i = 1; i < g.members.length; i++) {
      const s = g.members[i] as Sample;
      const top = (heap[0] as Sample).value;
      if (heap.length < k) heapPush(heap, s, heapLess);
      else if (replaces(top, s.value) || (Number.isNaN(top) && !Number.isNaN(s.value))) {
        heap[0] = s;
        if (k > 1) heapFixTop(heap, heapLess);
      }
    }
    if (heap.length > 1) goSort(heap, (a, b) => heapLess(b, a));
    out.push(...heap);
  }
  return out;
}

/** count_values: per group, how many samples have each value (the value, formatted, in `label`). */
export function countValues(label: string, samples: readonly Sample[], grouping: Grouping): Sample[] {
  const g: Grouping = grouping.without ? grouping : { labels: [...grouping.labels, label], without: false };
  const keyer = groupKeyer(g);
  const counts = new Map<string, { labels: Labels; count: number }>();
  for (const s of samples) {
    const metric = setLabel(s.labels, label, formatGoFloat(s.value));
    const key = keyer.key(metric);
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { labels: keyer.labels(metric), count: 1 });
  }
  return [...counts.values()].map((c) => ({ labels: c.labels, value: c.count, dropName: false }));
}
