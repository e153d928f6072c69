// Reads selectors from a SeriesSource with Prometheus's rules: instant selectors take the latest sample in
// (t - 5m, t] unless it is a staleness marker; range selectors take the non-stale samples in (t - range, t].
import type { MatrixSelector, VectorSelector } from './ast.js';
import { compareLabels, labelsFromRecord, type Labels } from './labels.js';
import type { SamplePoint } from './series-source.js';
import type { EvalContext, RangeSeries, Sample } from './values.js';

interface Selected {
  readonly labels: Labels;
  readonly samples: readonly SamplePoint[];
}

/** Index of the first sample with timestamp > t. */
export function upperBound(samples: readonly SamplePoint[], t: number): number {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((samples[mid] as SamplePoint)[0] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Series matching every matcher, sorted by label set (the order Prometheus's storage returns). */
function selectSeries(ctx: EvalContext, sel: VectorSelector, minT: number, maxT: number): Selected[] {
  const out: Selected[] = [];
  for (const s of ctx.source.select(sel.matchers, minT, maxT)) {
    let ok = true;
    for (const m of sel.matchers) {
      if (!m.matches(s.labels[m.name] ?? '')) {
        ok = false;
        break;
      }
    }
    if (ok) out.push({ labels: labelsFromRecord(s.labels), samples: s.samples });
  }
  return out.sort((a, b) => compareLabels(a.labels, b.labels));
}

export interface TimedSample extends Sample {
  /** Timestamp of the sample read, ms. */
  readonly t: number;
}

/** An instant vector selector at the context time (samples keep their own timestamps for `timestamp()`). */
export function evalVectorSelector(ctx: EvalContext, sel: VectorSelector): TimedSample[] {
  const refT = ctx.timeMs - sel.offsetMs;
  const out: TimedSample[] = [];
  for (const s of selectSeries(ctx, sel, refT - ctx.lookbackMs + 1, refT)) {
    const i = upperBound(s.samples, refT) - 1;
    if (i < 0) continue;
    const [t, v] = s.samples[i] as SamplePoint;
    if (t <= refT - ctx.lookbackMs || v === null) continue;
    out.push({ labels: s.labels, value: v, dropName: false, t });
  }
  return out;
}

/** A range vector selector at the context time; series without points in the window are left out. */
export function evalMatrixSelector(ctx: EvalContext, ms: MatrixSelector): RangeSeries[] {
  const maxT = ctx.timeMs - ms.selector.offsetMs;
  const minT = maxT - ms.rangeMs;
  const out: RangeSeries[] = [];
  for (const s of selectSeries(ctx, ms.selector, minT + 1, maxT)) {
    const end = upperBound(s.samples, maxT);
    const t: number[] = [];
    const v: number[] = [];
    for (let i = upperBound(s.samples, minT); i < end; i++) {
      const [pt, pv] = s.samples[i] as SamplePoint;
      if (pv === null) continue;
      t.push(pt);
      v.push(pv);
    }
    if (t.length > 0) out.push({ labels: s.labels, t, v });
  }
  return out;
}
