// The storage interface the evaluator reads (`SeriesSource`) and its adapter over plain arrays: series
// indexed by metric name, duplicate label sets merged, samples sorted by time (null = staleness marker).
import type { LabelMatcher } from './matchers.js';
import { labelsFromRecord, labelsKey } from './labels.js';

/** One sample: timestamp in milliseconds and value; `null` is a staleness marker. */
export type SamplePoint = readonly [timestampMs: number, value: number | null];

export interface SourceSeries {
  /** All labels, metric name under `__name__`. Empty values are ignored. */
  readonly labels: Readonly<Record<string, string>>;
  /** Sorted by timestamp, ascending, unique timestamps. May extend beyond the requested window. */
  readonly samples: readonly SamplePoint[];
}

/**
 * Where the evaluator reads series. `select` must return every series satisfying all matchers (it may
 * return more: the evaluator applies the matchers itself), each label set at most once. `minT`/`maxT`
 * (inclusive, ms) bound the samples that will be read; samples outside may be present.
 */
export interface SeriesSource {
  select(matchers: readonly LabelMatcher[], minT: number, maxT: number): Iterable<SourceSeries>;
}

/** The array form accepted by `evaluateInstant` and the CLI. */
export interface SeriesInput {
  labels: Record<string, string>;
  samples: Array<[number, number | null]>;
}

function checkSeries(s: SeriesInput, index: number): void {
  if (typeof s !== 'object' || s === null || typeof s.labels !== 'object' || s.labels === null || !Array.isArray(s.samples)) {
    throw new TypeError(`series[${index}] must be { labels: {...}, samples: [[timestampMs, value], ...] }`);
  }
  for (const p of s.samples) {
    if (!Array.isArray(p) || typeof p[0] !== 'number' || !Number.isFinite(p[0]) || !(p[1] === null || typeof p[1] === 'number')) {
      throw new TypeError(`series[${index}] has an invalid sample ${JSON.stringify(p)} (want [timestampMs, number | null])`);
    }
  }
}

function sortedUnique(points: SamplePoint[]): SamplePoint[] {
  let sorted = true;
  for (let i = 1; i < points.length; i++) {
    if ((points[i] as SamplePoint)[0] <= (points[i - 1] as SamplePoint)[0]) {
      sorted = false;
      break;
    }
  }
  if (sorted) return points;
  const byTime = new Map<number, SamplePoint>();
  for (const p of points) byTime.set(p[0], p); // the later entry wins on equal timestamps
  return [...byTime.values()].sort((a, b) => a[0] - b[0]);
}

/** Adapts an array of series (validated, merged by label set) to a SeriesSource indexed by metric name. */
export function arraySeriesSource(series: readonly SeriesInput[]): SeriesSource {
  if (!Array.isArray(series)) throw new TypeError('series must be an array');
  const merged = new Map<string, { labels: Record<string, string>; samples: SamplePoint[] }>();
  series.forEach((s, i) => {
    checkSeries(s, i);
    const labels = labelsFromRecord(s.labels);
    const key = labelsKey(labels);
    const existing = merged.get(key);
    if (existing) existing.samples.push(...s.samples);
    else merged.set(key, { labels: Object.fromEntries(labels.map((l) => [l.name, l.value])), samples: [...s.samples] });
  });
  const all: SourceSeries[] = [];
  const byName = new Map<string, SourceSeries[]>();
  for (const s of merged.values()) {
    const entry: SourceSeries = { labels: s.labels, samples: sortedUnique(s.samples) };
    all.push(entry);
    const name = s.labels.__name__ ?? '';
    const list = byName.get(name);
    if (list) list.push(entry);
    else byName.set(name, [entry]);
  }
  return {
    select(matchers) {
      for (const m of matchers) if (m.name === '__name__' && m.type === '=') return byName.get(m.value) ?? [];
      return all;
    },
  };
}
