import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ActivityRecorder, type RecorderOptions } from './activity-recorder.js';
import type { ActivityEvent } from './activity-event.js';
import { parseActivityEvent } from './activity-event.js';

function recorder(over: Partial<RecorderOptions> = {}, start = 1000) {
  let now = start;
  const r = new ActivityRecorder({ nodeId: 'node-a', enabled: true, recentActivityLimit: 5, knownIdsLimit: 10, maxLiveEventsPerSecond: 0, liveEventSamplingRatio: 1, clock: () => now, ...over });
  return { r, advance: (ms: number) => (now += ms) };
}

describe('ActivityRecorder', () => {
  it('records events with <nodeId>-<counter> ids, the node id, the clock and the correlation', () => {
    const { r, advance } = recorder();
    const corr = r.record('request_in', 'external', 'slimfaas');
    advance(5);
    r.record('request_end', 'slimfaas', 'external', null, null, null, corr);
    const [first, second] = r.own();
    assert.deepEqual(first, { Id: 'node-a-1', Type: 'request_in', Source: 'external', Target: 'slimfaas', QueueName: null, TimestampMs: 1000, NodeId: 'node-a', SourcePod: null, TargetPod: null, CorrelationId: null });
    assert.deepEqual(Object.keys(first!), ['Id', 'Type', 'Source', 'Target', 'QueueName', 'TimestampMs', 'NodeId', 'SourcePod', 'TargetPod', 'CorrelationId']);
    assert.equal(second!.CorrelationId, 'node-a-1');
    assert.equal(second!.TimestampMs, 1005);
  });

  it('keeps only the last RecentActivityLimit events, oldest first', () => {
    const { r, advance } = recorder();
    for (let i = 0; i < 12; i++) {
      r.record('enqueue', 'external', 'slimfaas', 'fn');
      advance(1);
    }
    assert.deepEqual(r.own().map((e) => e.Id), ['node-a-8', 'node-a-9', 'node-a-10', 'node-a-11', 'node-a-12']);
    assert.deepEqual(r.since(1009).map((e) => e.Id), ['node-a-11', 'node-a-12']);
    assert.deepEqual(r.since(0).length, 5);
  });

  it('records nothing when disabled', () => {
    const { r } = recorder({ enabled: false });
    const seen: ActivityEvent[] = [];
    r.subscribe((e) => seen.push(e));
    assert.equal(r.record('request_in', 'external', 'slimfaas'), 0);
    assert.deepEqual([r.own(), r.recent(), seen], [[], [], []]);
    assert.equal(r.ingest([{ ...parseActivityEvent({ Id: 'b-1', Type: 'request_in', Source: 'external', Target: 'slimfaas', TimestampMs: 1, NodeId: 'b' })! }]), 0);
  });

  it('broadcasts to live subscribers until they unsubscribe', () => {
    const { r } = recorder();
    const seen: string[] = [];
    assert.equal(r.listening, false);
    const off = r.subscribe((e) => seen.push(e.Id));
    assert.equal(r.listening, true);
    r.record('dequeue', 'slimfaas', 'fn', 'fn');
    off();
    r.record('dequeue', 'slimfaas', 'fn', 'fn');
    assert.deepEqual(seen, ['node-a-1']);
    assert.equal(r.own().length, 2);
  });

  it('caps live events per second, storage unaffected', () => {
    const { r, advance } = recorder({ maxLiveEventsPerSecond: 2, recentActivityLimit: 100 });
    const seen: string[] = [];
    r.subscribe((e) => seen.push(e.Id));
    for (let i = 0; i < 5; i++) r.record('request_in', 'external', 'slimfaas');
    advance(1000);
    r.record('request_in', 'external', 'slimfaas');
    assert.deepEqual(seen, ['node-a-1', 'node-a-2', 'node-a-6']);
    assert.equal(r.own().length, 6);
  });

  it('samples live events by LiveEventSamplingRatio', () => {
    const draws = [0.1, 0.6, 0.4, 0.9];
    const { r } = recorder({ liveEventSamplingRatio: 0.5, random: () => draws.shift()! });
    const seen: string[] = [];
    r.subscribe((e) => seen.push(e.Id));
    for (let i = 0; i < 4; i++) r.record('request_in', 'external', 'slimfaas');
    assert.deepEqual(seen, ['node-a-1', 'node-a-3']);
    assert.equal(r.own().length, 4);
  });

  it('ingests peer events once, broadcasts them, and merges them into RecentActivity by time', () => {
    const { r } = recorder({ recentActivityLimit: 3 });
    const seen: string[] = [];
    r.subscribe((e) => seen.push(e.Id));
    r.record('request_in', 'external', 'slimfaas');
    const peer = (id: string, ts: number): ActivityEvent => parseActivityEvent({ Id: id, Type: 'response', Source: 'fn', Target: 'slimfaas', TimestampMs: ts, NodeId: 'node-b' })!;
    assert.equal(r.ingest([peer('node-b-1', 900), peer('node-b-2', 1100)]), 2);
    assert.equal(r.ingest([peer('node-b-2', 1100), { ...peer('node-a-1', 1000), NodeId: 'node-a' }]), 0, 'seen ids and own events are ignored');
    assert.deepEqual(seen, ['node-a-1', 'node-b-1', 'node-b-2']);
    assert.deepEqual(r.recent().map((e) => e.Id), ['node-b-1', 'node-a-1', 'node-b-2']);
    assert.deepEqual(r.since(0).map((e) => e.Id), ['node-a-1'], 'only own events are served to peers');
  });

  it('trims the known ids to half when KnownIdsLimit is exceeded', () => {
    const { r } = recorder({ knownIdsLimit: 4, recentActivityLimit: 100 });
    const peer = (n: number) => parseActivityEvent({ Id: `b-${n}`, Type: 'request_in', Source: 'external', Target: 'slimfaas', TimestampMs: n, NodeId: 'b' })!;
    assert.equal(r.ingest([1, 2, 3, 4, 5].map(peer)), 5);
    assert.equal(r.ingest([peer(5)]), 0, 'recent ids are still known');
    assert.equal(r.ingest([peer(1)]), 1, 'the oldest were forgotten');
  });
});

describe('parseActivityEvent', () => {
  const valid = { Id: 'b-1', Type: 'request_in', Source: 'external', Target: 'slimfaas', QueueName: null, TimestampMs: 5, NodeId: 'b', SourcePod: null, TargetPod: 'p', CorrelationId: null };
  const cases: Array<[string, unknown, boolean]> = [
    ['valid', valid, true],
    ['missing optional fields', { Id: 'b-1', Type: 'enqueue', Source: 'a', Target: 'b', TimestampMs: 1, NodeId: 'b' }, true],
    ['unknown type', { ...valid, Type: 'hack' }, false],
    ['string timestamp', { ...valid, TimestampMs: '5' }, false],
    ['numeric pod', { ...valid, TargetPod: 3 }, false],
    ['not an object', 'x', false],
    ['null', null, false],
  ];
  for (const [name, value, ok] of cases) it(name, () => assert.equal(parseActivityEvent(value) !== null, ok));
});
