import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityRecorder } from './activity-recorder.js';
import { PeerSync, httpPeerFetch, type PeerFetch } from './peer-sync.js';
import { isClusterRequest } from '../cluster/cluster-auth.js';
import { parseSince } from './status-wiring.js';
import { waitFor } from '../../test/helpers/wait.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} } as never;
const node = (nodeId: string, clock?: () => number) => new ActivityRecorder({ nodeId, enabled: true, recentActivityLimit: 100, knownIdsLimit: 100, maxLiveEventsPerSecond: 0, liveEventSamplingRatio: 1, clock });

describe('PeerSync with two recorders', () => {
  it('pulls the peer events not seen yet, with a watermark, and broadcasts them', async () => {
    let now = 10_000;
    const a = node('a', () => now);
    const b = node('b', () => now);
    const asked: number[] = [];
    const fetch: PeerFetch = async (_peer, since) => {
      asked.push(since);
      return JSON.parse(JSON.stringify(a.since(since)));
    };
    const sync = new PeerSync({ recorder: b, peers: () => [{ name: 'a', url: 'http://a' }], intervalMs: 10, initialDelayMs: 0, logger: silent, fetch });
    const live: string[] = [];
    b.subscribe((e) => live.push(e.Id));
    a.record('request_in', 'external', 'slimfaas');
    now += 10;
    a.record('request_end', 'slimfaas', 'external', null, null, null, 1);
    assert.equal(await sync.pullOnce(), 2);
    assert.equal(await sync.pullOnce(), 0, 'the same events again are de-duplicated');
    now += 5000;
    a.record('enqueue', 'external', 'slimfaas', 'fn');
    assert.equal(await sync.pullOnce(), 1);
    assert.deepEqual(live, ['a-1', 'a-2', 'a-3']);
    assert.deepEqual(asked, [0, 8010, 8010]);
    assert.deepEqual(b.recent().map((e) => e.Id), ['a-1', 'a-2', 'a-3']);
    assert.deepEqual(b.since(0), [], 'pulled events are not served again');
  });

  it('ignores failing peers and malformed answers', async () => {
    const b = node('b');
    const sync = new PeerSync({ recorder: b, peers: () => [{ name: 'x', url: 'http://x' }, { name: 'y', url: 'http://y' }], intervalMs: 10, initialDelayMs: 0, logger: silent, fetch: async (peer) => {
      if (peer.name === 'x') throw new Error('down');
      return [{ Id: 'y-1' }, { Id: 'y-2', Type: 'dequeue', Source: 'slimfaas', Target: 'fn', TimestampMs: 1, NodeId: 'y' }];
    } });
    assert.equal(await sync.pullOnce(), 1);
  });

  it('runs periodically after the initial delay until stopped', async () => {
    const a = node('a');
    const b = node('b');
    const sync = new PeerSync({ recorder: b, peers: () => [{ name: 'a', url: '' }], intervalMs: 20, initialDelayMs: 10, logger: silent, fetch: async (_p, since) => a.since(since) });
    sync.start();
    a.record('request_in', 'external', 'slimfaas');
    await waitFor(() => b.recent().length === 1, 5000, 'first pull');
    a.record('request_in', 'external', 'slimfaas');
    await waitFor(() => b.recent().length === 2, 5000, 'a later pull');
    sync.stop();
  });
});

describe('httpPeerFetch', () => {
  it('sends the cluster token and the since parameter', async () => {
    const a = node('a');
    a.record('request_in', 'external', 'slimfaas');
    const server = http.createServer((req, res) => {
      if (!isClusterRequest(req, 's3cret')) return void res.writeHead(403).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(a.since(parseSince(req.url!.slice(req.url!.indexOf('?'))))));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      assert.equal(((await httpPeerFetch('s3cret')({ name: 'a', url }, 0)) as unknown[]).length, 1);
      assert.equal(((await httpPeerFetch('s3cret')({ name: 'a', url }, Date.now() + 1000)) as unknown[]).length, 0);
      await assert.rejects(httpPeerFetch(null)({ name: 'a', url }, 0), /403/);
    } finally {
      server.close();
    }
  });
});

describe('parseSince', () => {
  const cases: Array<[string, number]> = [['', 0], ['?since=5', 5], ['since=1700000000000', 1_700_000_000_000], ['?since=abc', 0], ['?since=1.5', 0], ['?since=', 0], ['?other=1', 0], ['?since=-3', -3]];
  for (const [query, expected] of cases) it(JSON.stringify(query), () => assert.equal(parseSince(query), expected));
});
