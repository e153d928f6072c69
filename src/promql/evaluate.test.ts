import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  arraySeriesSource,
  evaluateInstant,
  evaluateInstantOn,
  parsePromql,
  PromqlEvalError,
  PromqlParseError,
  PromqlUnsupportedError,
  resultAsNumber,
  type SeriesInput,
  type SeriesSource,
} from './index.js';

const S = 1000;

function counter(labels: Record<string, string>, points: Array<[number, number | null]>): SeriesInput {
  return { labels, samples: points.map(([t, v]) => [t * S, v]) };
}

function values(expr: string, series: SeriesInput[], atSeconds: number): Array<[Record<string, string>, number]> {
  const r = evaluateInstant(expr, series, atSeconds * S);
  assert.equal(r.resultType, 'vector');
  return r.resultType === 'vector' ? r.samples.map((s) => [s.labels, s.value]) : [];
}

test('rate extrapolates to the window as Prometheus does (spec §4.5 example gives 0.8)', () => {
  const series = [counter({ __name__: 'req_total' }, [[101, 10], [111, 40]])];
  assert.deepEqual(values('rate(req_total[1m])', series, 160), [[{}, 0.8]]);
  assert.deepEqual(values('increase(req_total[1m])', series, 160), [[{}, 48]]);
});

test('counter resets add the pre-reset value; extrapolation stops at the zero point', () => {
  const series = [counter({ __name__: 'c' }, [[10, 5], [20, 10], [30, 2], [40, 6]])];
  // increase = 6 - 5 + 10 (reset) = 11 over 30 s sampled; window (0, 40]: the 10 s gap to the start is within
  // 110% of the spacing, so it is extrapolated fully (the zero point, 13.6 s back, is further).
  const [[, v]] = values('increase(c[40s])', series, 40) as [[Record<string, string>, number]];
  assert.ok(Math.abs(v - 11 * (40 / 30)) < 1e-9, String(v));
  const fromZero = [counter({ __name__: 'd' }, [[30, 1], [40, 11]])];
  // zero point 1 s before the first sample: 10 * (10 + 1) / 10
  assert.deepEqual(values('increase(d[40s])', fromZero, 40), [[{}, 11]]);
});

test('instant selectors look back 5 minutes and stop at staleness markers', () => {
  const series = [counter({ __name__: 'g', pod: 'a' }, [[0, 1], [60, 2]]), counter({ __name__: 'g', pod: 'b' }, [[0, 1], [60, null]])];
  assert.deepEqual(values('g', series, 100), [[{ __name__: 'g', pod: 'a' }, 2]]);
  assert.deepEqual(values('g', series, 360), []);
  assert.deepEqual(values('g', series, 359), [[{ __name__: 'g', pod: 'a' }, 2]]);
  assert.deepEqual(values('g offset 1m', series, 60), [
    [{ __name__: 'g', pod: 'a' }, 1],
    [{ __name__: 'g', pod: 'b' }, 1],
  ]);
});

test('range selectors are left-open: (t - range, t]', () => {
  const series = [counter({ __name__: 'g' }, [[0, 1], [30, 2], [60, 3]])];
  assert.deepEqual(values('count_over_time(g[60s])', series, 60), [[{}, 2]]);
  assert.deepEqual(values('count_over_time(g[61s])', series, 60), [[{}, 3]]);
});

test('results keep NaN and ±Inf so callers can detect them', () => {
  const series = [counter({ __name__: 'z' }, [[0, 0]])];
  const r = evaluateInstant('z / 0', series, 0);
  assert.equal(r.resultType, 'vector');
  if (r.resultType === 'vector') assert.ok(Number.isNaN(r.samples[0]?.value));
  assert.deepEqual(evaluateInstant('1 / 0', [], 0), { resultType: 'scalar', value: Infinity });
  assert.equal(resultAsNumber(evaluateInstant('sum(nothing)', [], 0)), undefined);
  assert.equal(resultAsNumber(evaluateInstant('vector(1) or vector(2)', [], 0)), 1);
});

test('labels: metric name dropped by functions and arithmetic, kept by comparisons and last_over_time', () => {
  const series = [counter({ __name__: 'm', job: 'a' }, [[0, 3]])];
  assert.deepEqual(values('abs(m)', series, 0), [[{ job: 'a' }, 3]]);
  assert.deepEqual(values('m * 2', series, 0), [[{ job: 'a' }, 6]]);
  assert.deepEqual(values('m > 1', series, 0), [[{ __name__: 'm', job: 'a' }, 3]]);
  assert.deepEqual(values('m > bool 1', series, 0), [[{ job: 'a' }, 1]]);
  assert.deepEqual(values('last_over_time(m[1m])', series, 0), [[{ __name__: 'm', job: 'a' }, 3]]);
  assert.deepEqual(values('sum by (job) (m)', series, 0), [[{ job: 'a' }, 3]]);
});

test('evaluation errors are PromqlEvalError with Prometheus messages', () => {
  const series = [
    counter({ __name__: 'a', x: '1' }, [[0, 1]]),
    counter({ __name__: 'c', x: '1' }, [[0, 1]]),
    counter({ __name__: 'b', x: '1', y: '1' }, [[0, 1]]),
    counter({ __name__: 'b', x: '1', y: '2' }, [[0, 2]]),
  ];
  assert.throws(() => evaluateInstant('a + on(x) b', series, 0), (e: unknown) => e instanceof PromqlEvalError && /many-to-many matching not allowed/.test(e.message));
  assert.throws(() => evaluateInstant('abs({x="1", y=""})', series, 0), (e: unknown) => e instanceof PromqlEvalError && e.message === 'vector cannot contain metrics with the same labelset');
  assert.deepEqual(values('a + on(x) group_right b', series, 0), [
    [{ x: '1', y: '1' }, 2],
    [{ x: '1', y: '2' }, 3],
  ]);
});

test('errors are distinguishable by class', () => {
  assert.throws(() => evaluateInstant('sum(', [], 0), PromqlParseError);
  assert.throws(() => evaluateInstant('foo[5m:1m]', [], 0), PromqlUnsupportedError);
});

test('a SeriesSource may return a superset; the evaluator applies the matchers', () => {
  const all = [counter({ __name__: 'up', job: 'a' }, [[0, 1]]), counter({ __name__: 'up', job: 'b' }, [[0, 0]]), counter({ __name__: 'down' }, [[0, 5]])];
  const calls: Array<[number, number]> = [];
  const source: SeriesSource = {
    select(_matchers, minT, maxT) {
      calls.push([minT, maxT]);
      return all;
    },
  };
  const parsed = parsePromql('up{job="b"}');
  assert.deepEqual(evaluateInstantOn(source, parsed, 10 * S), { resultType: 'vector', samples: [{ labels: { __name__: 'up', job: 'b' }, value: 0 }] });
  assert.deepEqual(calls, [[10 * S - 300_000 + 1, 10 * S]]);
});

test('the array adapter sorts samples and merges series with equal label sets', () => {
  const source = arraySeriesSource([
    { labels: { __name__: 'x', a: '' }, samples: [[20, 2], [10, 1]] },
    { labels: { __name__: 'x' }, samples: [[30, 3]] },
  ]);
  const [only] = [...source.select([], 0, 100)];
  assert.deepEqual(only?.samples, [[10, 1], [20, 2], [30, 3]]);
  assert.throws(() => arraySeriesSource([{ labels: {}, samples: [[1, 'x' as unknown as number]] }]), TypeError);
});

test('topk keeps labels and orders by value; sort puts NaN last', () => {
  const series = ['1', '3', '2'].map((v, i) => counter({ __name__: 'q', i: String(i) }, [[0, Number(v)]]));
  series.push(counter({ __name__: 'q', i: 'n' }, [[0, NaN]]));
  assert.deepEqual(values('topk(2, q)', series, 0), [
    [{ __name__: 'q', i: '1' }, 3],
    [{ __name__: 'q', i: '2' }, 2],
  ]);
  assert.deepEqual(values('sort(q)', series, 0).map(([l]) => l.i), ['0', '2', '1', 'n']);
  assert.deepEqual(values('sort_desc(q)', series, 0).map(([l]) => l.i), ['1', '2', '0', 'n']);
});

test('histogram_quantile interpolates within the bucket and needs +Inf', () => {
  const buckets = [['0.1', 10], ['0.5', 30], ['+Inf', 40]].map(([le, v]) => counter({ __name__: 'h_bucket', le: String(le) }, [[0, Number(v)]]));
  assert.deepEqual(values('histogram_quantile(0.5, h_bucket)', buckets, 0), [[{}, 0.1 + 0.4 * (10 / 20)]]);
  assert.ok(Number.isNaN((values('histogram_quantile(0.5, h_bucket{le!="+Inf"})', buckets, 0)[0] as [unknown, number])[1]));
  assert.deepEqual(values('histogram_quantile(1.5, h_bucket)', buckets, 0), [[{}, Infinity]]);
});

test('label_replace uses anchored RE2 and Go templates', () => {
  const series = [counter({ __name__: 'r', src: 'source-value-10' }, [[0, 1]])];
  assert.deepEqual(values('label_replace(r, "dst", "$1-${1}x$$", "src", "source-value-(.*)")', series, 0), [[{ __name__: 'r', dst: '10-10x$', src: 'source-value-10' }, 1]]);
  assert.deepEqual(values('label_replace(r, "dst", "$1", "src", "value-(.*)")', series, 0), [[{ __name__: 'r', src: 'source-value-10' }, 1]]);
  assert.throws(() => evaluateInstant('label_replace(r, "dst", "", "src", "(.*")', series, 0), PromqlEvalError);
});
