import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { ActivityEvent } from './activity-event.js';
import { SseClient } from './sse-client.js';

class FakeResponse extends EventEmitter {
  destroyed = false;
  status = 0;
  headers: Record<string, string> = {};
  writes: string[] = [];
  accept = true;
  writeHead(status: number, headers: Record<string, string>) {
    this.status = status;
    this.headers = headers;
    return this;
  }
  write(text: string) {
    this.writes.push(text);
    return this.accept;
  }
  /** Frame names of every write so far, in order. */
  names(): string[] {
    return this.writes.join('').split('\n\n').filter(Boolean).map((f) => /^event: (\w+)/.exec(f)![1]!);
  }
  events(): string[] {
    return this.writes.join('').split('\n\n').filter(Boolean).flatMap((f) => {
      const data = JSON.parse(f.split('\n')[1]!.slice(6));
      return f.startsWith('event: state') ? [] : (Array.isArray(data) ? data : [data]).map((e: ActivityEvent) => e.Id);
    });
  }
}

const event = (n: number) => ({ Id: `n-${n}`, Type: 'request_in', Source: 'external', Target: 'slimfaas', QueueName: null, TimestampMs: n, NodeId: 'n', SourcePod: null, TargetPod: null, CorrelationId: null }) as ActivityEvent;
const tick = () => new Promise<void>((r) => setImmediate(r));

describe('SseClient', () => {
  it('writes the first state, then at most 10 × batch events per wake-up with a due state frame between', async () => {
    const res = new FakeResponse();
    const client = new SseClient(res as unknown as ServerResponse, 100, 2);
    for (let i = 0; i < 25; i++) client.pushEvent(event(i));
    client.pushState('{"periodic":true}');
    assert.deepEqual(res.writes, [], 'nothing before the first state');
    client.start('{"first":true}');
    assert.equal(res.status, 200);
    assert.equal(res.headers['Content-Type'], 'text/event-stream');
    await tick();
    assert.deepEqual(res.names(), ['state', ...Array(10).fill('activity_batch'), 'state']);
    await tick();
    assert.deepEqual(res.names().slice(12), ['activity_batch', 'activity_batch', 'activity']);
    assert.deepEqual(res.events(), Array.from({ length: 25 }, (_, i) => `n-${i}`));
  });

  it('keeps only the newest SubscriberChannelCapacity events', async () => {
    const res = new FakeResponse();
    const client = new SseClient(res as unknown as ServerResponse, 3, 100);
    for (let i = 0; i < 5; i++) client.pushEvent(event(i));
    client.start('{}');
    await tick();
    assert.deepEqual(res.events(), ['n-2', 'n-3', 'n-4']);
  });

  it('waits for drain when the socket buffer is full', async () => {
    const res = new FakeResponse();
    const client = new SseClient(res as unknown as ServerResponse, 100, 100);
    res.accept = false;
    client.start('{}');
    client.pushEvent(event(1));
    await tick();
    assert.equal(res.writes.length, 1, 'only the first state was written');
    res.accept = true;
    res.emit('drain');
    await tick();
    assert.deepEqual(res.events(), ['n-1']);
  });

  it('writes nothing once the response is destroyed', async () => {
    const res = new FakeResponse();
    const client = new SseClient(res as unknown as ServerResponse, 100, 100);
    client.start('{}');
    res.destroyed = true;
    client.pushEvent(event(1));
    await tick();
    assert.equal(res.writes.length, 1);
  });
});
