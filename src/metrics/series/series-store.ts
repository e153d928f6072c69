/**
 * The in-memory store of scraped series (autoscaling.md §5.4): series keyed by deployment, target
 * instance and labels, with 30-minute retention, at most 10,000 series and 361 points each. A
 * series missing from a target's scrape, every series of a failed or vanished target, gets a
 * staleness marker (Prometheus semantics), so queries stop seeing it at once. Serves the PromQL
 * evaluator as a `SeriesSource` scoped to a set of deployments.
 */
import type { LabelMatcher, SamplePoint, SeriesSource, SourceSeries } from '../../promql/index.js';
import type { ExposedSample } from '../scrape/exposition.js';

export interface SeriesStoreLimits {
  retentionMs: number;
  maxSeries: number;
  maxPoints: number;
}

export const DEFAULT_SERIES_LIMITS: SeriesStoreLimits = { retentionMs: 1_800_000, maxSeries: 10_000, maxPoints: 361 };

interface StoredSeries extends SourceSeries {
  readonly deployment: string;
  readonly target: string;
  readonly key: string;
  samples: SamplePoint[];
}

/** Serialisable form (`metrics:store` in the shared Store). */
export interface SeriesSnapshot {
  v: 1;
  series: Array<{ d: string; t: string; l: Record<string, string>; s: SamplePoint[] }>;
}

/** Labels of a scraped sample as PromQL sees it: `__name__`, its own labels, `instance` and `job`. */
export function seriesLabels(sample: Pick<ExposedSample, 'name' | 'labels'>, deployment: string, instance: string): Record<string, string> {
  const labels: Record<string, string> = { __name__: sample.name };
  for (const [name, value] of Object.entries(sample.labels)) {
    // Prometheus (honor_labels: false): scraped target labels are kept as exported_<name>.
    labels[name === 'instance' || name === 'job' ? `exported_${name}` : name] = value;
  }
  labels.instance = instance;
  labels.job = deployment;
  return labels;
}

function labelsKey(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0000${labels[k]}`)
    .join('\u0001');
}

export class SeriesStore {
  private readonly series = new Map<string, StoredSeries>();
  private readonly byName = new Map<string, Set<StoredSeries>>();
  /** Live series keys of each target (`deployment\0instance`), from its last successful scrape. */
  private readonly liveByTarget = new Map<string, Set<string>>();
  private latest: number | null = null;

  constructor(private readonly limits: SeriesStoreLimits = DEFAULT_SERIES_LIMITS) {}

  /** Newest timestamp ever added and still retained (ms), or null when empty. */
  get latestMs(): number | null {
    return this.latest;
  }

  /** Targets (`deployment`, `instance`) whose series are live. */
  targets(): Array<{ deployment: string; instance: string }> {
    return [...this.liveByTarget.keys()].map((k) => {
      const [deployment, instance] = k.split('\u0000') as [string, string];
      return { deployment, instance };
    });
  }

  /** One successful scrape of a target at `ts`: samples appended; series it no longer exposes marked stale. */
  addScrape(ts: number, deployment: string, instance: string, samples: Iterable<ExposedSample>): void {
    this.advance(ts);
    if (this.latest !== null && ts < this.latest - this.limits.retentionMs) return;
    const target = `${deployment}\u0000${instance}`;
    const previous = this.liveByTarget.get(target) ?? new Set<string>();
    const live = new Set<string>();
    for (const sample of samples) {
      const labels = seriesLabels(sample, deployment, instance);
      const key = `${deployment}\u0000${labelsKey(labels)}`;
      const series = this.series.get(key) ?? this.create(key, deployment, target, labels);
      if (!series) continue;
      this.append(series, ts, sample.value);
      live.add(key);
    }
    for (const key of previous) if (!live.has(key)) this.markStale(key, ts);
    if (live.size > 0) this.liveByTarget.set(target, live);
    else this.liveByTarget.delete(target);
  }

  /** A failed scrape or a vanished target: all its live series end with a staleness marker at `ts`. */
  markTargetStale(ts: number, deployment: string, instance: string): void {
    const target = `${deployment}\u0000${instance}`;
    const live = this.liveByTarget.get(target);
    if (!live) return;
    this.advance(ts);
    for (const key of live) this.markStale(key, ts);
    this.liveByTarget.delete(target);
  }

  /** The series of `deployments` (every deployment when omitted), for the PromQL evaluator. */
  source(deployments?: ReadonlySet<string>): SeriesSource {
    const inScope = (s: StoredSeries) => deployments === undefined || deployments.has(s.deployment);
    return {
      select: (matchers: readonly LabelMatcher[]): Iterable<SourceSeries> => {
        const named = matchers.find((m) => m.name === '__name__' && m.type === '=');
        const candidates = named ? this.byName.get(named.value) ?? [] : this.series.values();
        const out: SourceSeries[] = [];
        for (const s of candidates) if (inScope(s)) out.push(s);
        return out;
      },
    };
  }

  /** Distinct timestamps and number of stored points (staleness markers excluded), for `/debug/store`. */
  stats(): { timestampBuckets: number; points: number } {
    const timestamps = new Set<number>();
    let points = 0;
    for (const s of this.series.values()) {
      for (const [t, v] of s.samples) {
        if (v === null) continue;
        timestamps.add(t);
        points++;
      }
    }
    return { timestampBuckets: timestamps.size, points };
  }

  get size(): number {
    return this.series.size;
  }

  snapshot(): SeriesSnapshot {
    return { v: 1, series: [...this.series.values()].map((s) => ({ d: s.deployment, t: s.target, l: { ...s.labels }, s: [...s.samples] })) };
  }

  /** Replaces the content with a snapshot, applying retention and the limits. */
  restore(snapshot: SeriesSnapshot): void {
    this.series.clear();
    this.byName.clear();
    this.liveByTarget.clear();
    this.latest = null;
    let newest = -Infinity;
    for (const s of snapshot.series) for (const [t] of s.s) newest = Math.max(newest, t);
    if (newest === -Infinity) return;
    this.latest = newest;
    const cutoff = newest - this.limits.retentionMs;
    for (const entry of snapshot.series) {
      const samples = entry.s.filter(([t]) => t >= cutoff).slice(-this.limits.maxPoints);
      if (samples.length === 0) continue;
      const key = `${entry.d}\u0000${labelsKey(entry.l)}`;
      const series = this.create(key, entry.d, entry.t, entry.l);
      if (!series) break;
      series.samples = samples;
      if (samples.at(-1)![1] !== null) {
        const live = this.liveByTarget.get(entry.t) ?? new Set<string>();
        live.add(key);
        this.liveByTarget.set(entry.t, live);
      }
    }
  }

  private advance(ts: number): void {
    if (this.latest !== null && ts <= this.latest) return;
    this.latest = ts;
    const cutoff = ts - this.limits.retentionMs;
    for (const [key, s] of this.series) {
      let drop = 0;
      while (drop < s.samples.length && s.samples[drop]![0] < cutoff) drop++;
      if (drop > 0) s.samples.splice(0, drop);
      if (s.samples.length === 0) this.remove(key, s);
    }
  }

  private create(key: string, deployment: string, target: string, labels: Record<string, string>): StoredSeries | null {
    if (this.series.size >= this.limits.maxSeries) return null;
    const series: StoredSeries = { deployment, target, key, labels, samples: [] };
    this.series.set(key, series);
    const name = labels.__name__ ?? '';
    const set = this.byName.get(name) ?? new Set<StoredSeries>();
    set.add(series);
    this.byName.set(name, set);
    return series;
  }

  private remove(key: string, s: StoredSeries): void {
    this.series.delete(key);
    this.byName.get(s.labels.__name__ ?? '')?.delete(s);
    this.liveByTarget.get(s.target)?.delete(key);
  }

  private markStale(key: string, ts: number): void {
    const s = this.series.get(key);
    if (s && s.samples.at(-1)?.[1] !== null) this.append(s, ts, null);
  }

  /** Appends in time order (an equal timestamp replaces), keeping the newest `maxPoints`. */
  private append(s: StoredSeries, ts: number, value: number | null): void {
    const points = s.samples;
    const last = points.at(-1);
    if (!last || ts > last[0]) points.push([ts, value]);
    else if (ts === last[0]) points[points.length - 1] = [ts, value];
    else {
      let i = points.length - 1;
      while (i >= 0 && points[i]![0] > ts) i--;
      if (i >= 0 && points[i]![0] === ts) points[i] = [ts, value];
      else points.splice(i + 1, 0, [ts, value]);
    }
    if (points.length > this.limits.maxPoints) points.splice(0, points.length - this.limits.maxPoints);
  }
}
