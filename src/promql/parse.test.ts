import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PromqlParseError, PromqlUnsupportedError } from './errors.js';
import { metricNamesOf, parsePromql } from './parse.js';

function shape(expr: string): string {
  const show = (e: unknown): string => {
    const n = e as Record<string, unknown>;
    switch (n.kind) {
      case 'number':
        return String(n.value);
      case 'vectorSelector':
        return `${n.name ?? '{}'}${n.offsetMs ? `@-${n.offsetMs}` : ''}`;
      case 'unary':
        return `(${n.op}${show(n.expr)})`;
      case 'binary':
        return `(${show(n.lhs)} ${n.op} ${show(n.rhs)})`;
      case 'paren':
        return show(n.expr);
      default:
        return String(n.kind);
    }
  };
  return show(parsePromql(expr).root);
}

test('operator precedence and associativity follow Prometheus', () => {
  assert.equal(shape('1 + 2 * 3'), '(1 + (2 * 3))');
  assert.equal(shape('2 ^ 3 ^ 2'), '(2 ^ (3 ^ 2))');
  assert.equal(shape('-1 ^ 2'), '(-(1 ^ 2))');
  assert.equal(shape('-a * b'), '((-a) * b)');
  assert.equal(shape('a or b and c'), '(a or (b and c))');
  assert.equal(shape('a unless b > 2'), '(a unless (b > 2))');
  assert.equal(shape('1 - -1'), '(1 - -1)');
});

test('offset binds tighter than every operator', () => {
  assert.equal(shape('a or b offset 45m'), '(a or b@-2700000)');
  assert.equal(shape('a unless b offset 1m > 2'), '(a unless (b@-60000 > 2))');
  assert.equal(shape('-a offset 5m'), '(-a@-300000)');
  assert.equal(shape('a offset -1m'), 'a@--60000');
});

test('number literals Prometheus accepts', () => {
  assert.equal(shape('2.'), '2');
  assert.equal(shape('1./4.'), '(1 / 4)');
  assert.equal(shape('0x10'), '16');
  assert.equal(shape('5m'), '300');
  assert.equal(shape('-Inf'), '-Infinity');
  assert.equal(shape('1e3'), '1000');
});

test('parse errors are PromqlParseError with Prometheus messages', () => {
  const cases: Array<[string, RegExp]> = [
    ['1 +', /parse error/],
    ['rate(foo)', /expected type range vector in call to function "rate", got instant vector/],
    ['1 < 2', /comparisons between scalars must use BOOL modifier/],
    ['{}', /at least one non-empty matcher/],
    ['{a=""}', /at least one non-empty matcher/],
    ['foo{__name__="bar"}', /metric name must not be set twice/],
    ['sum(foo[5m])', /expected type instant vector in aggregation expression, got range vector/],
    ['foo offset 1m offset 2m', /offset may not be set multiple times/],
    ['foo offset 1m [5m]', /no offset modifiers allowed before range/],
    ['foo[0s]', /duration must be greater than 0/],
    ['a and on(x) group_left b', /no grouping allowed for "and" operation/],
    ['1 and 2', /set operator "and" not allowed in binary scalar expression/],
    ['foo{a=~"(.*"}', /error parsing regexp/],
    ['round(a, 1, 2)', /expected at most 2 argument\(s\) in call to "round", got 3/],
    ['nosuchfn(a)', /parse error/],
    ['topk(a)', /wrong number of arguments for aggregate expression provided, expected 2, got 1/],
  ];
  for (const [expr, message] of cases) assert.throws(() => parsePromql(expr), (e: unknown) => e instanceof PromqlParseError && message.test(e.message), expr);
});

test('features outside the subset are PromqlUnsupportedError naming the part', () => {
  const cases: Array<[string, string]> = [
    ['rate(foo[5m:1m])', 'subquery'],
    ['foo @ 100', '@ modifier'],
    ['limitk(1, foo)', 'aggregation limitk'],
    ['sort_by_label(foo, "a")', 'function sort_by_label'],
    ['"text"', 'string result'],
    ['foo[5m]', 'range vector result'],
    ['foo[5m+1m]', 'duration expression'],
    ['a + fill(0) b', 'fill modifier'],
    ['min_of(1, 2)', 'function min_of'],
  ];
  for (const [expr, feature] of cases) {
    assert.throws(() => parsePromql(expr), (e: unknown) => e instanceof PromqlUnsupportedError && e.feature === feature, expr);
  }
});

test('metricNamesOf lists selected names, null when a selector has no fixed name', () => {
  assert.deepEqual(metricNamesOf(parsePromql('histogram_quantile(0.9, sum by (le) (rate(b_bucket[1m]))) / on() group_left a')), ['a', 'b_bucket']);
  assert.deepEqual(metricNamesOf(parsePromql('{__name__="x", job="y"}')), ['x']);
  assert.deepEqual(metricNamesOf(parsePromql('{__name__=~"x|y_total"}')), ['x', 'y_total']);
  assert.equal(metricNamesOf(parsePromql('{job="x"}')), null);
  assert.equal(metricNamesOf(parsePromql('{__name__=~"x.*"}')), null);
  assert.deepEqual(metricNamesOf(parsePromql('time() + 1')), []);
});

test('a parsed expression is reusable and knows its result type', () => {
  assert.equal(parsePromql('sum(x)').resultType, 'vector');
  assert.equal(parsePromql('scalar(x) * 2').resultType, 'scalar');
});

test('comments are ignored anywhere', () => {
  assert.equal(shape('a # first\n + # second\n b'), '(a + b)');
  assert.equal(parsePromql('sum by (job) ( # why\n x)').resultType, 'vector');
});
