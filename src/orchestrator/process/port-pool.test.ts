import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PortPool, canBindLoopback } from './port-pool.js';
import { MemoryPorts, listenOn } from './fixtures/test-support.js';

const range = { from: 5000, to: 5004 };
const bindAll = async (): Promise<boolean> => true;

test('hands out the lowest free port, skipping reserved and held ports, and persists it', async () => {
  const store = new MemoryPorts();
  const pool = new PortPool(range, [5000], store, bindAll);
  pool.pin('process:fixed', 5001);
  assert.equal(await pool.acquire('function:a:0'), 5002);
  assert.equal(await pool.acquire('function:a:1'), 5003);
  assert.deepEqual(store.all(), { 'function:a:0': 5002, 'function:a:1': 5003 });
});

test('reuses a persisted allocation when it is in range and free', async () => {
  const store = new MemoryPorts({ 'function:a:0': 5003 });
  const pool = new PortPool(range, [], store, bindAll);
  assert.equal(await pool.acquire('function:a:0'), 5003);
  // Acquiring again (a restart) keeps the same port.
  assert.equal(await pool.acquire('function:a:0'), 5003);
});

test('takes another port when the persisted one is busy or out of range', async () => {
  const store = new MemoryPorts({ 'function:a:0': 5003, 'function:b:0': 7000 });
  const pool = new PortPool(range, [], store, async (port) => port !== 5003);
  assert.equal(await pool.acquire('function:a:0'), 5000);
  assert.equal(await pool.acquire('function:b:0'), 5001);
  assert.deepEqual(store.all(), { 'function:a:0': 5000, 'function:b:0': 5001 });
});

test('ports persisted for other ids are used last, and their stale allocation is dropped', async () => {
  const store = new MemoryPorts({ 'function:old:0': 5000, 'function:old:1': 5001 });
  const pool = new PortPool({ from: 5000, to: 5002 }, [], store, bindAll);
  assert.equal(await pool.acquire('function:new:0'), 5002);
  assert.equal(await pool.acquire('function:new:1'), 5000);
  assert.equal(store.get('function:old:0'), undefined);
  assert.equal(store.get('function:old:1'), 5001);
});

test('returns null when the range is exhausted and frees ports on release', async () => {
  const store = new MemoryPorts();
  const pool = new PortPool({ from: 5000, to: 5001 }, [], store, bindAll);
  assert.equal(await pool.acquire('a'), 5000);
  assert.equal(await pool.acquire('b'), 5001);
  assert.equal(await pool.acquire('c'), null);
  assert.equal(pool.exhaustedMessage(), 'No free port in 5000-5001.');
  pool.release('a');
  assert.equal(store.get('a'), undefined);
  assert.equal(await pool.acquire('c'), 5000);
});

test('concurrent acquisitions never share a port', async () => {
  const pool = new PortPool(range, [], new MemoryPorts(), async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return true;
  });
  const ports = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => pool.acquire(id)));
  assert.deepEqual(ports, [5000, 5001, 5002, 5003, 5004, null]);
});

test('the loopback bind test detects a busy port', async () => {
  const server = await listenOn(0);
  const port = server.port;
  try {
    assert.equal(await canBindLoopback(port), false);
  } finally {
    await server.close();
  }
  assert.equal(await canBindLoopback(port), true);
});
