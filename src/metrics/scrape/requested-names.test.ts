import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePromql } from '../../promql/index.js';
import { RequestedNames } from './requested-names.js';

describe('RequestedNames (autoscaling.md §5.3)', () => {
  it('keeps the names a parsed query selects; a nameless selector requests everything', () => {
    const names = new RequestedNames();
    assert.ok(names.isEmpty);
    names.add(parsePromql('sum(rate(http_requests_total{code="200"}[1m])) / max(slimfaas_function_queue_ready_items)'));
    assert.deepEqual(names.list().sort(), ['http_requests_total', 'slimfaas_function_queue_ready_items']);
    assert.notEqual(names.filter(), 'all');
    names.add(parsePromql('{job="x"}'));
    assert.equal(names.filter(), 'all');
  });
  it('extracts names textually from a query that does not parse (strings, {…} and […] removed; keywords skipped)', () => {
    const names = new RequestedNames();
    names.addText('sum by (le) (rate(req_seconds_bucket{path="/x{y}"}[5m]) +');
    assert.deepEqual(names.list().sort(), ['le', 'req_seconds_bucket']);
  });
});
