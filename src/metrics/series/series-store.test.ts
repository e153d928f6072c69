import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateInstantOn } from '../../promql/index.js';
import { SeriesStore } from './series-store.js';

const s = (name: string, labels: Record<string, string>, value: number) => ({ name, labels, value });
const at = (store: SeriesStore, query: string, ms: number, scope?: string[]) => {
  const result = evaluateInstantOn(store.source(scope ? new Set(scope) : undefined), query, ms);
  return result.resultType === 'vector' ? result.samples.map((x) => [x.labels, x.value]) : result.value;
};

describe('SeriesStore (autoscaling.md §5.4 with Prometheus staleness)', () => {
  it('adds instance and job labels; a scraped instance/job label becomes exported_*', () => {
    const store = new SeriesStore();
    store.addScrape(1000, 'fn', '127.0.0.1:5001', [s('x', { instance: 'inner', code: '200' }, 1)]);
    assert.deepEqual(at(store, 'x', 1000), [[{ __name__: 'x', code: '200', exported_instance: 'inner', instance: '127.0.0.1:5001', job: 'fn' }, 1]]);
  });

  it('a series missing from the next scrape, or a failed/vanished target, is stale at once', () => {
    const store = new SeriesStore();
    store.addScrape(1000, 'fn', 'a', [s('x', { k: '1' }, 1), s('x', { k: '2' }, 2)]);
    store.addScrape(2000, 'fn', 'a', [s('x', { k: '1' }, 3)]);
    assert.deepEqual(at(store, 'sum(x)', 2000), [[{}, 3]], 'k=2 ended with a staleness marker');
    store.markTargetStale(3000, 'fn', 'a');
    assert.deepEqual(at(store, 'x', 3000), []);
    assert.deepEqual(store.targets(), []);
  });

  it('scopes series to deployments (a function sees itself and slimfaas)', () => {
    const store = new SeriesStore();
    store.addScrape(1000, 'a', 'i1', [s('q', {}, 1)]);
    store.addScrape(1000, 'b', 'i2', [s('q', {}, 10)]);
    store.addScrape(1000, 'slimfaas', 'i3', [s('q', {}, 100)]);
    assert.deepEqual(at(store, 'sum(q)', 1000, ['a', 'slimfaas']), [[{}, 101]]);
    assert.deepEqual(at(store, 'sum(q)', 1000), [[{}, 111]]);
  });

  it('keeps 30 minutes, at most maxPoints per series and maxSeries series', () => {
    const store = new SeriesStore({ retentionMs: 10_000, maxSeries: 2, maxPoints: 3 });
    for (let t = 0; t <= 5000; t += 1000) store.addScrape(t, 'fn', 'a', [s('x', {}, t)]);
    store.addScrape(5000, 'fn', 'b', [s('y', {}, 1), s('z', {}, 1)]);
    assert.equal(store.size, 2, 'the third series was not created');
    assert.equal(store.stats().points, 4, '3 points of x (newest kept) + 1 of y');
    store.addScrape(20_000, 'fn', 'c', []);
    assert.equal(store.size, 0, 'everything older than the retention is dropped');
    assert.equal(store.latestMs, 20_000);
  });

  it('rate over scraped counters, and a snapshot restores the same answers', () => {
    const store = new SeriesStore();
    for (let t = 0; t <= 60_000; t += 5000) store.addScrape(t, 'fn', 'a', [s('req_total', {}, t / 100)]);
    const before = at(store, 'rate(req_total[1m])', 60_000);
    assert.deepEqual(before, [[{ instance: 'a', job: 'fn' }, 10]], '50 per 5 s');
    const copy = new SeriesStore();
    copy.restore(JSON.parse(JSON.stringify(store.snapshot())));
    assert.deepEqual(at(copy, 'rate(req_total[1m])', 60_000), before);
    assert.deepEqual(copy.targets(), [{ deployment: 'fn', instance: 'a' }]);
  });
});
