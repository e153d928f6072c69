/**
 * End-to-end, one node in this process with `SlimFaas:WebSocketPort` > 0 (functions.md §11.1,
 * E30, E31): `/ws` lives on the dedicated listener only; a plain request there answers 400, and
 * `/ws` on the public port answers 404 (plain or upgrade). Function routes stay off the WebSocket port.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../../src/config/settings.js';
import { silentLogger } from '../../src/logging.js';
import { startNode, type SlimFaasNode } from '../../src/node.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { call } from '../helpers/http.js';
import { RawWsClient } from '../helpers/ws-raw.js';
import { emptyOrchestrator } from '../helpers/empty-orchestrator.js';
import { freePort } from '../../src/util/free-port.js';

const orchestrator = emptyOrchestrator;

describe('a dedicated WebSocket port', () => {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'slimfaas-ws-port-'));
  let store: SqliteStore;
  let node: SlimFaasNode;
  let port: number;
  let wsPort: number;

  before(async () => {
    port = await freePort();
    wsPort = await freePort();
    const settings = loadSettings({ SlimFaas__WebSocketPort: String(wsPort) });
    store = SqliteStore.open({ path: join(dataDirectory, 'store.sqlite') });
    const self = { name: 'slimfaas', ip: '127.0.0.1', ports: [port], started: true, ready: true, failureReason: '', annotations: {} };
    node = await startNode({ settings, store, orchestrator, logger: silentLogger, host: '127.0.0.1', port, dataDirectory, self });
  });

  after(async () => {
    await node?.stop();
    await store?.close();
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('E31: a plain request on the WebSocket port answers 400', async () => {
    const res = await call(`http://127.0.0.1:${wsPort}/ws`);
    assert.equal(res.status, 400);
    assert.equal(res.body, 'Expected a WebSocket request.');
  });

  it('E30: /ws on the public port answers 404, plain or upgrade', async () => {
    assert.equal((await call(`http://127.0.0.1:${port}/ws`)).status, 404);
    await assert.rejects(RawWsClient.connect(`ws://127.0.0.1:${port}/ws`), /404/);
  });

  it('registers on the WebSocket port; the function is served on the public port only', async () => {
    const client = await RawWsClient.connect(`ws://127.0.0.1:${wsPort}/ws`);
    assert.equal((await client.register('onport')).success, true);
    const status = await call(`http://127.0.0.1:${port}/status-function/onport`);
    assert.equal(status.body, '{"NumberReady":1,"NumberRequested":1,"PodType":"WebSocket","Visibility":"Public","Name":"onport"}');
    assert.equal((await call(`http://127.0.0.1:${wsPort}/status-function/onport`)).status, 404, 'port-filtered routes stay off the WebSocket port');
    await client.close();
  });
});
