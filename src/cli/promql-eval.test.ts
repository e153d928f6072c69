import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAt, runPromqlEval } from './promql-eval.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) } },
  };
}

function withSeries(series: unknown, fn: (file: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'promql-eval-'));
  const file = join(dir, 'series.json');
  writeFileSync(file, JSON.stringify(series));
  return fn(file).finally(() => rmSync(dir, { recursive: true, force: true }));
}

const SERIES = [
  { labels: { __name__: 'req_total', pod: 'a' }, samples: [[101_000, 10], [111_000, 40]] },
  { labels: { __name__: 'g' }, samples: [[0, 'NaN']] },
];

test('prints a Prometheus-API JSON line and exits 0', () =>
  withSeries(SERIES, async (file) => {
    const { out, io } = capture();
    assert.equal(await runPromqlEval(['eval', 'rate(req_total[1m])', '--series', file, '--at', '160'], io), 0);
    assert.equal(out.stdout, '{"resultType":"vector","result":[{"metric":{"pod":"a"},"value":[160,"0.8"]}]}\n');
    assert.equal(out.stderr, '');
  }));

test('scalars, NaN values, RFC 3339 --at and --text output', () =>
  withSeries(SERIES, async (file) => {
    const a = capture();
    assert.equal(await runPromqlEval(['eval', '1 / 0', `--series=${file}`, '--at', '1970-01-01T00:02:40Z'], a.io), 0);
    assert.equal(a.out.stdout, '{"resultType":"scalar","result":[160,"+Inf"]}\n');
    const b = capture();
    assert.equal(await runPromqlEval(['eval', 'g', '--series', file, '--at', '10', '--text'], b.io), 0);
    assert.equal(b.out.stdout, '{__name__="g"} NaN\n');
  }));

test('--at defaults to now', () =>
  withSeries(SERIES, async (file) => {
    const { out, io } = capture();
    assert.equal(await runPromqlEval(['eval', 'time()', '--series', file], io, () => 5_000), 0);
    assert.equal(out.stdout, '{"resultType":"scalar","result":[5,"5"]}\n');
  }));

test('usage, parse and unsupported errors exit 2 with a message on stderr', () =>
  withSeries(SERIES, async (file) => {
    for (const argv of [[], ['eval'], ['eval', 'x'], ['eval', 'sum(', '--series', file], ['eval', 'x[5m:1m]', '--series', file], ['eval', 'x', '--series', file, '--at', 'tomorrow'], ['eval', 'x', '--series', '/nonexistent.json']]) {
      const { out, io } = capture();
      assert.equal(await runPromqlEval(argv, io), 2, argv.join(' '));
      assert.match(out.stderr, /^slimfaas promql: /);
      assert.equal(out.stdout, '');
    }
    const { out, io } = capture();
    await runPromqlEval(['eval', 'x[5m:1m]', '--series', file], io);
    assert.match(out.stderr, /unsupported PromQL feature: subquery/);
  }));

test('evaluation errors exit 1', () =>
  withSeries([{ labels: { __name__: 'a' }, samples: [[0, 1]] }, { labels: { __name__: 'b' }, samples: [[0, 1]] }], async (file) => {
    const { out, io } = capture();
    assert.equal(await runPromqlEval(['eval', 'abs({__name__=~"a|b"})', '--series', file, '--at', '0'], io), 1);
    assert.match(out.stderr, /vector cannot contain metrics with the same labelset/);
  }));

test('--help prints the usage', async () => {
  const { out, io } = capture();
  assert.equal(await runPromqlEval(['eval', '--help'], io), 0);
  assert.match(out.stdout, /^usage: slimfaas promql eval/);
});

test('--at accepts unix seconds and RFC 3339 with offsets', () => {
  assert.equal(parseAt('1.5'), 1500);
  assert.equal(parseAt('2024-01-01T01:00:00+01:00'), Date.UTC(2024, 0, 1));
  assert.equal(parseAt('2024-01-01T00:00:00.250Z'), Date.UTC(2024, 0, 1) + 250);
  assert.throws(() => parseAt('yesterday'));
});
