import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { FunctionRegistry } from '../functions/function-registry.js';
import type { Orchestrator, Topology, WorkloadInfo } from '../orchestrator/orchestrator.js';
import { silentLogger } from '../logging.js';
import { functionStatus } from '../model/function-status.js';
import { functionStatusDetailed } from '../status/state-frame.js';
import { WebSocketFunctions } from './ws-functions.js';
import { onWebSocketPort } from './ws-wiring.js';
import { DISCONNECTED_STATUS } from './ws-connection.js';

/** Enough of a `ws` socket: records what is sent, delivers messages, closes. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  sent: Array<string | Buffer> = [];
  send(data: string | Buffer, _opts: unknown, cb?: () => void) {
    this.sent.push(data);
    cb?.();
  }
  receive(value: unknown) {
    this.emit('message', Buffer.from(JSON.stringify(value)), false);
  }
  close() {
    this.readyState = 3;
    this.emit('close');
  }
  terminate() {
    this.close();
  }
  ping() {}
  pause() {}
  resume() {}
  lastJson() {
    return JSON.parse(String(this.sent.at(-1)));
  }
}

const fibonacci: WorkloadInfo = { name: 'fibonacci', kind: 'Deployment', replicas: 1, annotations: { 'SlimFaas/Function': 'true' }, pods: [], resources: null };
const orchestrator: Orchestrator = {
  listTopology: async (): Promise<Topology> => ({ functions: [fibonacci], slimfaasNodes: [], processes: {} }),
  setReplicas: async () => {},
  listJobDefinitions: async () => [],
  createJob: async () => {},
  listJobs: async () => [],
  deleteJob: async () => false,
};

async function setup() {
  const registry = new FunctionRegistry(orchestrator, silentLogger, 60_000);
  await registry.start();
  const functions = new WebSocketFunctions(registry, silentLogger);
  registry.setVirtualSource(functions);
  const connect = (name: string, configuration: Record<string, unknown> = {}) => {
    const socket = new FakeSocket();
    const connection = functions.accept(socket as unknown as WebSocket);
    socket.receive({ type: 0, correlationId: 'r', payload: { functionName: name, configuration } });
    return { socket, connection };
  };
  return { registry, functions, connect };
}

describe('WebSocket functions in the registry (functions.md §11.3)', () => {
  it('lists one ready, untrusted virtual pod per connection after the orchestrated functions', async () => {
    const { registry, connect } = await setup();
    const a = connect('echo', { defaultVisibility: 'Private' });
    const b = connect('echo', { defaultVisibility: 'Private' });
    assert.equal(a.socket.lastJson().payload.success, true);
    assert.deepEqual(registry.list().map((e) => e.name), ['fibonacci', 'echo']);
    const entry = registry.get('echo')!;
    assert.equal(entry.virtual?.kind, 'websocket');
    assert.deepEqual(entry.workload.pods.map((p) => [p.name, p.ip, p.ready]), [[`ws-${a.connection.id.slice(0, 8)}`, a.connection.id, true], [`ws-${b.connection.id.slice(0, 8)}`, b.connection.id, true]]);
    assert.deepEqual(functionStatus(entry.workload, entry.config), { NumberReady: 2, NumberRequested: 2, PodType: 'WebSocket', Visibility: 'Private', Name: 'echo' });
    const detailed = functionStatusDetailed(entry.workload, entry.config);
    assert.deepEqual([detailed.Schedule, detailed.Scale, detailed.Resources, detailed.ReplicasAtStart, detailed.ReplicasMin], [null, null, null, 2, 0]);
    assert.ok(!registry.trustedIps.has(a.connection.id));
    assert.equal(registry.get('ECHO'), undefined, 'get is exact');
    assert.equal(registry.lookup('ECHO')?.name, 'echo', 'lookup is case-insensitive for virtual functions');
    a.socket.close();
    assert.equal(registry.get('echo')?.workload.replicas, 1);
    b.socket.close();
    assert.equal(registry.get('echo'), undefined, 'the function disappears with its last connection');
    registry.stop();
  });

  it('chooses connections round-robin, skipping those at NumberParallelRequestPerPod', async () => {
    const { functions, connect, registry } = await setup();
    const a = connect('rr', { numberParallelRequestPerPod: 1 });
    const b = connect('rr', { numberParallelRequestPerPod: 1 });
    const first = functions.select('rr')!;
    const second = functions.select('rr')!;
    assert.notEqual(first, second);
    const waiting = first.awaitCallback('e1', 60_000);
    assert.equal(functions.select('rr'), second, 'the busy connection is skipped');
    assert.equal(functions.select('rr', new Map([[second, 1]])), null, 'every connection at its limit');
    (first === a.connection ? a : b).socket.close();
    assert.equal(await waiting, DISCONNECTED_STATUS, 'a pending callback resolves as 503 on disconnect');
    registry.stop();
  });

  it('routes AsyncCallback to the waiting attempt and answers Ping with Pong', async () => {
    const { connect, registry } = await setup();
    const { socket, connection } = connect('cb');
    const status = connection.awaitCallback('e9', 60_000);
    socket.receive({ type: 3, correlationId: 'x', payload: { elementId: 'e9', statusCode: 418 } });
    assert.equal(await status, 418);
    socket.receive({ type: 5, correlationId: 'p', payload: null });
    assert.deepEqual(socket.lastJson(), { type: 6, correlationId: 'p', payload: null });
    registry.stop();
  });
});

describe('keep-alive (functions.md §11.1)', () => {
  it('pings every period and cuts a connection that did not answer the previous ping', async () => {
    const { functions, connect, registry } = await setup();
    const { socket } = connect('quiet');
    let pings = 0;
    socket.ping = () => void pings++;
    functions.heartbeat();
    socket.emit('pong');
    functions.heartbeat();
    assert.equal(pings, 2);
    assert.ok(registry.get('quiet'), 'answered: still connected');
    functions.heartbeat();
    assert.equal(registry.get('quiet'), undefined, 'no pong since the last ping: cut');
    registry.stop();
  });
});

describe('the WebSocket port rule (platform.md §1.3)', () => {
  const req = (localPort: number, host?: string) => ({ socket: { localPort }, headers: host ? { host } : {} }) as unknown as IncomingMessage;
  const cases: Array<[string, number, IncomingMessage, boolean]> = [
    ['0: every port', 0, req(30021), true],
    ['5003 on 5003', 5003, req(5003), true],
    ['5003 on another port', 5003, req(5000), false],
    ['5003 through a Host header port', 5003, req(8080, 'slimfaas:5003'), true],
    ['5003 with another Host port', 5003, req(8080, 'slimfaas:5000'), false],
  ];
  for (const [name, port, request, expected] of cases) it(name, () => assert.equal(onWebSocketPort(request, port), expected));
});
