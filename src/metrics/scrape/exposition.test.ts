import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExpositionError, parseExposition, parseLine, seriesKey } from './exposition.js';

const all = 'all' as const;
const limits = { maxResponseBytes: 10_000, maxLineBytes: 200, maxSeries: 100 };
async function* chunksOf(text: string, size: number): AsyncIterable<Uint8Array> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('parseLine (autoscaling.md §5.3, Prometheus label escapes)', () => {
  const cases: Array<[string, ReturnType<typeof parseLine>]> = [
    ['up 1', { name: 'up', labels: {}, value: 1 }],
    ['  http_requests_total{method="get",code="200"} 1027 1395066363000', { name: 'http_requests_total', labels: { method: 'get', code: '200' }, value: 1027 }],
    ['x{a="q\\"uote",b="back\\\\slash",c="new\\nline",d="co,mma"} -2.5e1', { name: 'x', labels: { a: 'q"uote', b: 'back\\slash', c: 'new\nline', d: 'co,mma' }, value: -25 }],
    ['x{a="1",} +1.25', { name: 'x', labels: { a: '1' }, value: 1.25 }],
    ['x{ a = "1" } 3\r', { name: 'x', labels: { a: '1' }, value: 3 }],
    ['bucket{le="+Inf"} 7', { name: 'bucket', labels: { le: '+Inf' }, value: 7 }],
    ['# HELP x help', null],
    ['', null],
    ['x NaN', null],
    ['x +Inf', null],
    ['x 1 2 3', null],
    ['x{a="1" 1', null],
    ['x{a=1} 1', null],
    ['x1', null],
    ['9x 1', null],
  ];
  for (const [line, expected] of cases) it(JSON.stringify(line), () => assert.deepEqual(parseLine(line, all), expected));

  it('ignores names that are not requested', () => {
    assert.equal(parseLine('other 1', new Set(['x'])), null);
    assert.deepEqual(parseLine('x 1', new Set(['x'])), { name: 'x', labels: {}, value: 1 });
  });
});

describe('parseExposition (streamed)', () => {
  const body = '# TYPE x gauge\nx{pod="a"} 1\nx{pod="b"} 2\ny 3\nx{pod="a"} 4\nx{pod="c"} 5';
  for (const size of [1, 3, 7, 1000]) {
    it(`gives the same samples whatever the chunk size (${size} B); last duplicate wins; a final line without \\n counts`, async () => {
      const samples = await parseExposition(chunksOf(body, size), new Set(['x']), limits);
      assert.deepEqual(
        [...samples.values()].map((s) => [s.labels.pod, s.value]),
        [['a', 4], ['b', 2], ['c', 5]],
      );
    });
  }
  it('rejects a body over MaxResponseBytes, a line over MaxLineBytes and too many series', async () => {
    await assert.rejects(parseExposition(chunksOf('x 1\n'.repeat(10), 4), all, { ...limits, maxResponseBytes: 20 }), (e: ExpositionError) => e.failure === 'response_too_large');
    await assert.rejects(parseExposition(chunksOf(`# ${'c'.repeat(300)}\nx 1\n`, 16), all, limits), (e: ExpositionError) => e.failure === 'line_too_long');
    await assert.rejects(parseExposition(chunksOf('a 1\nb 2\nc 3\n', 5), all, { ...limits, maxSeries: 2 }), (e: ExpositionError) => e.failure === 'too_many_series');
  });
  it('series keys sort labels', () => {
    assert.equal(seriesKey({ name: 'x', labels: { b: '2', a: '1' } }), 'x{a="1",b="2"}');
  });
});
