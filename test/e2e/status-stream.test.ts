/**
 * End-to-end: the dashboard's status stream through the real `slimfaas local up` CLI
 * (functions.md §9.5–§9.6, E35; platform.md §11 items 18–20): SSE headers, the `state` frame's
 * shape and field order, periodic frames, activity of sync and async calls, the client limit,
 * reconnection, the internal activity endpoint, and the front switch.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalUp, recorderFunction } from '../helpers/local-up.js';
import { Collector } from '../helpers/collector.js';
import { call, EXTERNAL } from '../helpers/http.js';
import { SseReader } from '../helpers/sse.js';
import { waitFor } from '../helpers/wait.js';

const STATE_KEYS = ['Functions', 'Queues', 'Jobs', 'RecentActivity', 'SlimFaasReplicas', 'SlimFaasNodes', 'FrontEnabled', 'FrontMessage'];
const FUNCTION_KEYS = [
  'Name', 'NumberReady', 'NumberRequested', 'PodType', 'Visibility', 'Trust', 'ReplicasMin', 'ReplicasAtStart',
  'TimeoutSecondBeforeSetReplicasMin', 'NumberParallelRequest', 'NumberParallelRequestPerPod', 'Resources', 'Schedule',
  'Scale', 'Retry', 'SubscribeEvents', 'PathsStartWithVisibility', 'DependsOn', 'Pods',
];
type Json = Record<string, any>;

/** Opens a stream, retrying while the previous one is still counted (429), and waits for its first frame. */
async function openStream(url: string): Promise<SseReader> {
  let reader: SseReader | null = null;
  await waitFor(async () => {
    reader?.close();
    reader = await SseReader.open(url);
    return reader.status === 200;
  }, 10_000, 'a stream slot');
  await reader!.waitUntil(() => reader!.frames.length > 0, 'the first frame');
  return reader!;
}

describe('status stream (native local mode)', () => {
  let up: LocalUp;
  let collector: Collector;

  before(async () => {
    collector = await new Collector().start();
    up = await LocalUp.start(
      () =>
        'functions:\n' +
        recorderFunction('fibonacci', {
          recordUrl: collector.url,
          annotations: {
            'SlimFaas/ReplicasMin': '1',
            'SlimFaas/SubscribeEvents': 'Public:reload,Private:secret',
            'SlimFaas/PathsStartWithVisibility': 'Private:/admin',
            'SlimFaas/DependsOn': 'other',
            'SlimFaas/Schedule': '{"TimeZoneID":"Europe/Paris","Default":{"WakeUp":["07:00"],"ScaleDownTimeout":[]}}',
          },
        }) +
        recorderFunction('sleepy', { recordUrl: collector.url, annotations: { 'SlimFaas/ReplicasMin': '0', 'SlimFaas/ReplicasAtStart': '1' } }),
      undefined,
      {
        SlimFaas__StatusStream__StateIntervalMilliseconds: '300',
        SlimFaas__StatusStream__MaxSseClients: '1',
        SlimFaas__StatusStream__QueueLengthsCacheMilliseconds: '0',
      },
    );
    await up.waitReady('fibonacci');
  });

  after(async () => {
    await up?.stop();
    await up?.dispose();
    await collector?.close();
  });

  it('answers with the SSE headers and a first state frame in the spec shape', async () => {
    const reader = await openStream(`${up.url}/status-functions-stream`);
    try {
      assert.equal(reader.headers['content-type'], 'text/event-stream');
      assert.equal(reader.headers['cache-control'], 'no-cache');
      assert.equal(reader.headers['connection'], 'keep-alive');
      assert.equal(reader.headers['x-accel-buffering'], 'no');
      const first = reader.frames[0]!;
      assert.equal(first.event, 'state');
      assert.match(first.raw, /^event: state\ndata: \{.*\}$/);
      const state = first.data as Json;
      assert.deepEqual(Object.keys(state), STATE_KEYS);
      assert.equal(state.FrontEnabled, true);
      assert.equal(state.FrontMessage, null);
      assert.equal(state.SlimFaasReplicas, 1);
      assert.deepEqual(state.SlimFaasNodes, [{ Name: 'slimfaas-0', Status: 'Running' }]);
      assert.deepEqual(state.Queues, [{ Name: 'fibonacci', Length: 0 }, { Name: 'sleepy', Length: 0 }]);
      assert.ok(Array.isArray(state.Jobs) && state.Jobs.some((j: Json) => j.Name === 'Default'));
      const fn = state.Functions.find((f: Json) => f.Name === 'fibonacci');
      assert.deepEqual(Object.keys(fn), FUNCTION_KEYS);
      assert.equal(fn.NumberReady, 1);
      assert.equal(fn.ReplicasMin, 1);
      assert.deepEqual(fn.SubscribeEvents, [{ Name: 'reload', Visibility: 0 }, { Name: 'secret', Visibility: 1 }]);
      assert.deepEqual(fn.PathsStartWithVisibility, [{ Path: '/admin', Visibility: 1 }]);
      assert.deepEqual(fn.DependsOn, ['other']);
      assert.deepEqual(fn.Schedule, { TimeZoneID: 'Europe/Paris', Default: { WakeUp: ['07:00'], ScaleDownTimeout: [] } });
      assert.equal(fn.Scale, null);
      assert.deepEqual(Object.keys(fn.Retry), ['DefaultAsync', 'DefaultPublish']);
      assert.equal(fn.Pods.length, 1);
      assert.deepEqual(Object.keys(fn.Pods[0]), ['Name', 'Status', 'Ready', 'Ip']);
      assert.equal(fn.Pods[0].Status, 'Running');
    } finally {
      reader.close();
    }
  });

  it('sends periodic state frames with an empty RecentActivity', async () => {
    const reader = await openStream(`${up.url}/status-functions-stream`);
    try {
      const started = Date.now();
      await reader.waitUntil(() => reader.named('state').length >= 4, 'three periodic state frames');
      assert.ok(Date.now() - started >= 600, 'frames are paced by StateIntervalMilliseconds');
      for (const frame of reader.named('state').slice(1)) assert.deepEqual((frame.data as Json).RecentActivity, []);
    } finally {
      reader.close();
    }
  });

  it('streams request_in … request_end for a sync call, paired by CorrelationId', async () => {
    const reader = await openStream(`${up.url}/status-functions-stream`);
    try {
      const res = await call(`${up.url}/function/fibonacci/compute`, { method: 'POST', body: 'x', localAddress: EXTERNAL });
      assert.equal(res.status, 200);
      await reader.waitUntil(() => reader.activity().some((e) => e.Type === 'request_end'), 'a request_end event');
      const events = reader.activity();
      const start = events.find((e) => e.Type === 'request_in')!;
      assert.equal(start.Source, 'external');
      assert.equal(start.Target, 'slimfaas');
      assert.equal(start.NodeId, 'slimfaas-0');
      assert.match(String(start.Id), /^slimfaas-0-\d+$/);
      const paired = events.filter((e) => e.CorrelationId === start.Id).map((e) => e.Type);
      assert.deepEqual(paired, ['request_out', 'response', 'request_end']);
      const out = events.find((e) => e.Type === 'request_out')!;
      assert.equal(out.Target, 'fibonacci');
      assert.match(String(out.TargetPod), /^fibonacci-/);
      assert.ok(reader.frames.some((f) => f.event === 'activity' || f.event === 'activity_batch'));
    } finally {
      reader.close();
    }
  });

  it('streams request_waiting and request_started for a call that wakes a function from zero', async () => {
    const reader = await openStream(`${up.url}/status-functions-stream`);
    try {
      const res = await call(`${up.url}/function/sleepy/wake`, { localAddress: EXTERNAL });
      assert.equal(res.status, 200);
      await reader.waitUntil(() => reader.activity().some((e) => e.Type === 'request_end'), 'a request_end event', 30_000);
      const start = reader.activity().find((e) => e.Type === 'request_in')!;
      const paired = reader.activity().filter((e) => e.CorrelationId === start.Id);
      assert.deepEqual(paired.map((e) => e.Type), ['request_waiting', 'request_started', 'request_out', 'response', 'request_end']);
      assert.equal(paired[0]!.Target, 'sleepy');
    } finally {
      reader.close();
    }
  });

  it('streams enqueue and dequeue for an async call', async () => {
    const reader = await openStream(`${up.url}/status-functions-stream`);
    try {
      const res = await call(`${up.url}/async-function/fibonacci/compute`, { method: 'POST', body: 'x', localAddress: EXTERNAL });
      assert.equal(res.status, 202);
      await reader.waitUntil(() => reader.activity().some((e) => e.Type === 'response' && e.QueueName === 'fibonacci'), 'the async delivery');
      const types = reader.activity().filter((e) => e.QueueName === 'fibonacci').map((e) => e.Type);
      assert.deepEqual(types, ['enqueue', 'dequeue', 'request_out', 'response']);
    } finally {
      reader.close();
    }
  });

  it('fills RecentActivity in the first state frame of a new client', async () => {
    const reader = await openStream(`${up.url}/status-functions-stream`);
    try {
      const recent = (reader.frames[0]!.data as Json).RecentActivity as Json[];
      assert.ok(recent.some((e) => e.Type === 'request_in') && recent.some((e) => e.Type === 'enqueue'));
    } finally {
      reader.close();
    }
  });

  it('E35: refuses a second concurrent stream with 429 when MaxSseClients=1', async () => {
    const first = await openStream(`${up.url}/status-functions-stream`);
    try {
      const second = await SseReader.open(`${up.url}/status-functions-stream`);
      assert.equal(second.status, 429);
      await waitFor(() => second.ended, 5000, 'the 429 body');
      assert.equal(second.body, 'Too many status stream clients.');
    } finally {
      first.close();
    }
  });

  it('gives a client that reconnects a fresh state frame', async () => {
    const first = await openStream(`${up.url}/status-functions-stream`);
    first.close();
    const again = await openStream(`${up.url}/status-functions-stream`);
    try {
      assert.equal(again.frames[0]!.event, 'state');
      assert.deepEqual(Object.keys(again.frames[0]!.data as Json), STATE_KEYS);
    } finally {
      again.close();
    }
  });

  it('serves /internal/activity-events to internal callers only', async () => {
    const external = await call(`${up.nodeUrl}/internal/activity-events?since=0`, { localAddress: EXTERNAL });
    assert.equal(external.status, 403);
    const internal = await call(`${up.nodeUrl}/internal/activity-events?since=0`);
    assert.equal(internal.status, 200);
    assert.match(String(internal.headers['content-type']), /^application\/json/);
    const events = JSON.parse(internal.body) as Json[];
    assert.ok(events.length > 0 && events.every((e) => e.NodeId === 'slimfaas-0'));
    const later = JSON.parse((await call(`${up.nodeUrl}/internal/activity-events?since=${Date.now() + 60_000}`)).body);
    assert.deepEqual(later, []);
    const bad = JSON.parse((await call(`${up.nodeUrl}/internal/activity-events?since=abc`)).body);
    assert.equal(bad.length, events.length);
  });
});

describe('status stream with SlimFaas:EnableFront=false', () => {
  let up: LocalUp;
  let collector: Collector;

  before(async () => {
    collector = await new Collector().start();
    up = await LocalUp.start(
      () => 'functions:\n' + recorderFunction('fibonacci', { recordUrl: collector.url, annotations: { 'SlimFaas/ReplicasMin': '1' } }),
      undefined,
      { SlimFaas__EnableFront: 'false', SlimFaas__StatusStream__StateIntervalMilliseconds: '200' },
    );
    await up.waitReady('fibonacci');
  });

  after(async () => {
    await up?.stop();
    await up?.dispose();
    await collector?.close();
  });

  it('reports the front as disabled, sends no activity, and the internal endpoint answers []', async () => {
    const reader = await openStream(`${up.url}/status-functions-stream`);
    try {
      const state = reader.frames[0]!.data as Json;
      assert.equal(state.FrontEnabled, false);
      assert.equal(state.FrontMessage, 'SlimFaas front is disabled by configuration (SlimFaas:EnableFront=false).');
      assert.equal((await call(`${up.url}/function/fibonacci/compute`, { localAddress: EXTERNAL })).status, 200);
      const seen = reader.named('state').length;
      await reader.waitUntil(() => reader.named('state').length >= seen + 2, 'two more state frames');
      assert.deepEqual(reader.activity(), []);
      for (const frame of reader.named('state')) assert.deepEqual((frame.data as Json).RecentActivity, []);
      const internal = await call(`${up.nodeUrl}/internal/activity-events?since=0`);
      assert.equal(internal.status, 200);
      assert.equal(internal.body, '[]');
    } finally {
      reader.close();
    }
  });
});
