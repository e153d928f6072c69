import { test } from 'node:test';
import assert from 'node:assert/strict';
import { restartDelaySeconds } from './backoff.js';
import { functionEnvironment, processEnvironment, substitute, substituteRecord } from './templating.js';
import { debugProbeUrl } from './debug-prober.js';

test('restart delay is min(30, 2^(failures-1)) seconds', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 20].map(restartDelaySeconds), [1, 2, 4, 8, 16, 30, 30, 30]);
  assert.equal(restartDelaySeconds(0), 1);
});

test('substitutes {port} and {replica} everywhere, only when known', () => {
  assert.equal(substitute('--urls=http://127.0.0.1:{port}/{replica}/{port}', { port: 5001, replica: 2 }), '--urls=http://127.0.0.1:5001/2/5001');
  assert.equal(substitute('{port}-{replica}', { replica: 0 }), '{port}-0');
  assert.equal(substitute('{port}-{replica}', { port: null }), '{port}-{replica}');
  assert.deepEqual(substituteRecord({ 'prometheus.io/port': '{port}' }, { port: 7 }), { 'prometheus.io/port': '7' });
});

test('function environment: inherited, then slimfaas variables, then the function own variables', () => {
  const env = functionEnvironment({ A: 'a{port}', ASPNETCORE_URLS: 'http://0.0.0.0:{port}' }, 5005, 1, {
    PATH: '/bin',
    PORT: '1',
  });
  assert.deepEqual(env, {
    PATH: '/bin',
    PORT: '5005',
    SLIMFAAS_PORT: '5005',
    SLIMFAAS_REPLICA_INDEX: '1',
    ASPNETCORE_URLS: 'http://0.0.0.0:5005',
    A: 'a5005',
  });
  assert.equal(functionEnvironment({}, 5005, 0, {}).ASPNETCORE_URLS, 'http://127.0.0.1:5005');
});

test('process environment sets PORT only when a port is configured', () => {
  assert.deepEqual(processEnvironment({ X: '{port}' }, 6000, { PATH: '/bin' }), { PATH: '/bin', PORT: '6000', X: '6000' });
  assert.deepEqual(processEnvironment({ X: 'y' }, null, { PATH: '/bin' }), { PATH: '/bin', X: 'y' });
});

test('debug probe URL keeps the base path', () => {
  assert.equal(debugProbeUrl('http://127.0.0.1:5100/api/', '/health'), 'http://127.0.0.1:5100/api/health');
  assert.equal(debugProbeUrl('http://localhost:5100', '/health'), 'http://localhost:5100/health');
});
