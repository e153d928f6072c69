// The storage of a promqltest run: float series for evaluateInstant, plus the label sets of series holding
// native histograms (`{{...}}` values or load_with_nhcb conversions), which put a case out of our subset.
import type { SeriesInput } from '../../src/promql/index.js';
import type { LoadCommand } from './test-file.js';

interface StoredSeries {
  labels: Record<string, string>;
  samples: Map<number, number | null>;
  histogram: boolean;
}

function key(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).filter(([, v]) => v !== '').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const HISTOGRAM_SUFFIXES = ['_bucket', '_count', '_sum'];

export class TestStore {
  private readonly series = new Map<string, StoredSeries>();

  load(cmd: LoadCommand): void {
    // Within one load a repeated series replaces its earlier definition (promqltest's loadCmd.set).
    const defs = new Map(cmd.series.map((s) => [key(s.labels), s]));
    for (const [k, s] of defs) {
      let stored = this.series.get(k);
      if (!stored) this.series.set(k, (stored = { labels: s.labels, samples: new Map(), histogram: false }));
      const target = stored;
      s.values.forEach((v, i) => {
        if (v === 'omitted') return;
        if (v === 'histogram') target.histogram = true;
        else target.samples.set(i * cmd.intervalMs, v === 'stale' ? null : v);
      });
      if (cmd.withNhcb) this.addNhcb(s.labels);
    }
  }

  /** load_with_nhcb also stores a native histogram `base{labels without le}` for classic histogram series. */
  private addNhcb(labels: Record<string, string>): void {
    const name = labels.__name__ ?? '';
    const suffix = HISTOGRAM_SUFFIXES.find((x) => name.endsWith(x));
    if (!suffix) return;
    const { le: _le, ...rest } = labels;
    const base = { ...rest, __name__: name.slice(0, -suffix.length) };
    const k = key(base);
    if (!this.series.has(k)) this.series.set(k, { labels: base, samples: new Map(), histogram: true });
    else (this.series.get(k) as StoredSeries).histogram = true;
  }

  /** Series without native histogram samples, in the array form of the library API. */
  floatSeries(): SeriesInput[] {
    return [...this.series.values()]
      .filter((s) => !s.histogram)
      .map((s) => ({ labels: s.labels, samples: [...s.samples.entries()].sort((a, b) => a[0] - b[0]) }));
  }

  /** Label sets of the series that hold native histograms. */
  histogramSeries(): Array<Record<string, string>> {
    return [...this.series.values()].filter((s) => s.histogram).map((s) => s.labels);
  }
}
