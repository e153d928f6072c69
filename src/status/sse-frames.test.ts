import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ActivityEvent } from './activity-event.js';
import { activityFrames, sseFrame, SSE_HEADERS } from './sse-frames.js';
import { BoundedQueue } from './bounded-queue.js';

const event = (n: number): ActivityEvent => ({ Id: `n-${n}`, Type: 'request_in', Source: 'external', Target: 'slimfaas', QueueName: null, TimestampMs: n, NodeId: 'n', SourcePod: null, TargetPod: null, CorrelationId: null });

describe('SSE framing', () => {
  it('has the exact headers', () => {
    assert.deepEqual(SSE_HEADERS, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  });

  it('writes event, one data line and a blank line', () => {
    assert.equal(sseFrame('state', '{"a":1}'), 'event: state\ndata: {"a":1}\n\n');
  });

  const cases: Array<[number, number, string[]]> = [
    [0, 3, []],
    [1, 3, ['activity']],
    [2, 3, ['activity_batch']],
    [3, 3, ['activity_batch']],
    [4, 3, ['activity_batch', 'activity']],
    [7, 3, ['activity_batch', 'activity_batch', 'activity']],
    [6, 1, Array(6).fill('activity')],
  ];
  for (const [count, batch, names] of cases) {
    it(`${count} events, batch ${batch} → ${names.join(', ') || 'nothing'}`, () => {
      const text = activityFrames(Array.from({ length: count }, (_, i) => event(i)), batch);
      const frames = text.split('\n\n').filter(Boolean);
      assert.deepEqual(frames.map((f) => /^event: (\w+)/.exec(f)![1]), names);
      const ids = frames.flatMap((f) => {
        const data = JSON.parse(f.split('\n')[1]!.slice('data: '.length));
        return (Array.isArray(data) ? data : [data]).map((e: ActivityEvent) => e.Id);
      });
      assert.deepEqual(ids, Array.from({ length: count }, (_, i) => `n-${i}`));
      for (const f of frames) if (f.startsWith('event: activity_batch')) assert.ok(JSON.parse(f.split('\n')[1]!.slice(6)).length <= batch);
    });
  }
});

describe('BoundedQueue', () => {
  it('drops the oldest items when full and takes in order', () => {
    const q = new BoundedQueue<number>(3);
    for (let i = 1; i <= 5; i++) q.push(i);
    assert.equal(q.length, 3);
    assert.equal(q.dropped, 2);
    assert.deepEqual(q.take(2), [3, 4]);
    q.push(6);
    q.push(7);
    assert.deepEqual(q.take(10), [5, 6, 7]);
    assert.equal(q.length, 0);
  });
});
