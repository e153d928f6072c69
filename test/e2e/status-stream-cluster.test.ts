/**
 * End-to-end: activity aggregation between SlimFaas nodes (functions.md §9.6, platform.md §1.7):
 * `slimfaas local up` with two node processes on Redis; a client of node 0's status stream sees
 * the activity of a call served by node 1, pulled over `/internal/activity-events` with the
 * cluster token, once (de-duplicated).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LocalUp, recorderFunction } from '../helpers/local-up.js';
import { Collector } from '../helpers/collector.js';
import { call, EXTERNAL } from '../helpers/http.js';
import { SseReader } from '../helpers/sse.js';
import { redisServerAvailable } from '../helpers/redis-server.js';

const skip = redisServerAvailable() ? false : 'redis-server is not installed';

describe('status stream across two nodes on Redis', { skip }, () => {
  let up: LocalUp;
  let collector: Collector;

  before(async () => {
    collector = await new Collector().start();
    up = await LocalUp.start(
      () => 'functions:\n' + recorderFunction('pub', { recordUrl: collector.url, annotations: { 'SlimFaas/ReplicasMin': '1' } }),
      undefined,
      {
        SlimFaas__StatusStream__PeerSyncInitialDelayMilliseconds: '0',
        SlimFaas__StatusStream__PeerSyncIntervalMilliseconds: '200',
      },
      'node',
      { nodes: 2 },
    );
    await up.waitReady('pub');
  });

  after(async () => {
    await up?.stop();
    await up?.dispose();
    await collector?.close();
  });

  it("streams another node's activity to this node's client, once", async () => {
    const reader = await SseReader.open(`${up.nodeUrlOf(0)}/status-functions-stream`);
    try {
      assert.equal(reader.status, 200);
      await reader.waitUntil(() => reader.frames.length > 0, 'the first frame');
      const state = reader.frames[0]!.data as { SlimFaasReplicas: number; SlimFaasNodes: Array<{ Name: string }> };
      assert.equal(state.SlimFaasReplicas, 2);
      assert.deepEqual(state.SlimFaasNodes.map((n) => n.Name).sort(), ['slimfaas-0', 'slimfaas-1']);
      const res = await call(`${up.nodeUrlOf(1)}/function/pub/from-node-1`, { localAddress: EXTERNAL });
      assert.equal(res.status, 200);
      const foreign = () => reader.activity().filter((e) => e.NodeId === 'slimfaas-1');
      await reader.waitUntil(() => foreign().some((e) => e.Type === 'request_end'), "node 1's request_end", 20_000);
      const events = foreign();
      const ids = events.map((e) => e.Id);
      assert.equal(new Set(ids).size, ids.length, 'no event is delivered twice');
      const start = events.find((e) => e.Type === 'request_in')!;
      assert.match(String(start.Id), /^slimfaas-1-\d+$/);
      assert.deepEqual(events.filter((e) => e.CorrelationId === start.Id).map((e) => e.Type), ['request_out', 'response', 'request_end']);
    } finally {
      reader.close();
    }
  });
});
