// Benchmark: `sum(rate(x[1m]))` and a histogram_quantile trigger over 1,000 series × 360 points (10 s step), via a
// SeriesSource and via the array API; prints the median ms per evaluation. Run: npm run bench (with the other benchmarks) or node --import tsx bench/promql.ts [--quick]
import { arraySeriesSource, evaluateInstant, evaluateInstantOn, parsePromql, type SeriesInput } from '../src/promql/index.js';

const SERIES = 1000;
const POINTS = 360;
const STEP_MS = 10_000;
const QUICK = process.argv.includes("--quick");
const WARMUP = QUICK ? 5 : 20;
const RUNS = QUICK ? 20 : 100;

function counterSeries(): SeriesInput[] {
  return Array.from({ length: SERIES }, (_, i) => ({
    labels: { __name__: 'x', pod: `pod-${i}`, job: 'fn' },
    samples: Array.from({ length: POINTS }, (_, j): [number, number] => [j * STEP_MS, j * (1 + (i % 7))]),
  }));
}

function bucketSeries(): SeriesInput[] {
  const bounds = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'];
  const pods = SERIES / bounds.length;
  const out: SeriesInput[] = [];
  for (let p = 0; p < pods; p++) {
    bounds.forEach((le, b) => {
      out.push({
        labels: { __name__: 'x_bucket', pod: `pod-${p}`, le },
        samples: Array.from({ length: POINTS }, (_, j): [number, number] => [j * STEP_MS, j * (b + 1) * (1 + (p % 3))]),
      });
    });
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function measure(run: () => unknown): number {
  for (let i = 0; i < WARMUP; i++) run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

const at = (POINTS - 1) * STEP_MS;
const cases = [
  { name: 'sum(rate(x[1m]))', series: counterSeries() },
  { name: 'histogram_quantile(0.95, sum by (le) (rate(x_bucket[1m])))', series: bucketSeries() },
];

for (const c of cases) {
  const parsed = parsePromql(c.name);
  const source = arraySeriesSource(c.series);
  const viaSource = measure(() => evaluateInstantOn(source, parsed, at));
  const viaArray = measure(() => evaluateInstant(c.name, c.series, at));
  const result = evaluateInstantOn(source, parsed, at);
  const value = result.resultType === 'vector' ? result.samples.map((s) => s.value)[0] : result.value;
  console.log(`${c.name}: SeriesSource ${viaSource.toFixed(3)} ms, array API ${viaArray.toFixed(3)} ms (median of ${RUNS}; ${SERIES} series × ${POINTS} points; result ${value})`);
}
