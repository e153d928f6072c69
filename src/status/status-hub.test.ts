import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ActivityRecorder } from './activity-recorder.js';
import { StatusHub } from './status-hub.js';
import type { SseClient } from './sse-client.js';
import { waitFor } from '../../test/helpers/wait.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} } as never;
const fakeClient = () => {
  const c = { events: [] as string[], states: [] as string[], pushEvent: (e: { Id: string }) => c.events.push(e.Id), pushState: (s: string) => c.states.push(s) };
  return c;
};

describe('StatusHub', () => {
  it('limits clients, fans events and one shared periodic state out, and runs only while clients exist', async () => {
    const recorder = new ActivityRecorder({ nodeId: 'n', enabled: true, recentActivityLimit: 10, knownIdsLimit: 10, maxLiveEventsPerSecond: 0, liveEventSamplingRatio: 1 });
    let builds = 0;
    const background = { running: false, start() { this.running = true; }, stop() { this.running = false; } };
    const hub = new StatusHub({ recorder, maxClients: 2, stateIntervalMs: 20, buildState: async () => `state-${++builds}`, background, logger: silent });
    const [a, b, c] = [fakeClient(), fakeClient(), fakeClient()];
    assert.equal(recorder.listening, false);
    assert.ok(hub.tryAdd(a as unknown as SseClient));
    assert.ok(hub.tryAdd(b as unknown as SseClient));
    assert.equal(hub.tryAdd(c as unknown as SseClient), false, 'MaxSseClients reached');
    assert.equal(background.running, true);
    recorder.record('request_in', 'external', 'slimfaas');
    assert.deepEqual([a.events, b.events], [['n-1'], ['n-1']]);
    await waitFor(() => a.states.length >= 2, 5000, 'two periodic states');
    assert.deepEqual(a.states.slice(0, 2), b.states.slice(0, 2), 'the same frame for every client');
    hub.remove(a as unknown as SseClient);
    hub.remove(b as unknown as SseClient);
    assert.equal(hub.size, 0);
    assert.equal(recorder.listening, false);
    assert.equal(background.running, false);
    assert.ok(hub.tryAdd(c as unknown as SseClient), 'a slot is free again');
    hub.remove(c as unknown as SseClient);
  });
});
