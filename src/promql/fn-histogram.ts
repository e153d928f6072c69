// histogram_quantile and histogram_fraction over classic histograms: buckets grouped by all labels except
// `le` (unparsable `le` ignored), one result per group by Prometheus's BucketQuantile / BucketFraction.
import { goParseFloat } from './go-strconv.js';
import { dropLabels, getLabel, labelsKeyFor, type Labels } from './labels.js';
import { bucketFraction, bucketQuantile, type Bucket } from './quantile.js';
import type { Sample } from './values.js';

const LE = new Set(['le']);

function bucketGroups(samples: readonly Sample[]): Array<{ labels: Labels; buckets: Bucket[] }> {
  const groups = new Map<string, { labels: Labels; buckets: Bucket[] }>();
  for (const s of samples) {
    const upperBound = goParseFloat(getLabel(s.labels, 'le'));
    if (upperBound === undefined) continue;
    const key = labelsKeyFor(s.labels, LE, false);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { labels: dropLabels(s.labels, LE), buckets: [] }));
    g.buckets.push({ upperBound, count: s.value });
  }
  return [...groups.values()];
}

export function histogramQuantile(q: number, samples: readonly Sample[]): Sample[] {
  return bucketGroups(samples).map((g) => ({ labels: g.labels, value: bucketQuantile(q, g.buckets), dropName: true }));
}

export function histogramFraction(lower: number, upper: number, samples: readonly Sample[]): Sample[] {
  return bucketGroups(samples).map((g) => ({ labels: g.labels, value: bucketFraction(lower, upper, g.buckets), dropName: true }));
}
