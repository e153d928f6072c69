/**
 * End-to-end: native-local features around functions — `debugUrl` functions served by a process
 * SlimFaas does not start, auxiliary processes gating `SlimFaas/DependsOn: processes:<name>`, and
 * bad input that must never crash the node nor produce a 500.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { LocalUp, recorderFunction } from '../helpers/local-up.js';
import { Collector } from '../helpers/collector.js';
import { call, EXTERNAL } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

describe('debugUrl functions, auxiliary processes and bad input (native local mode)', () => {
  let up: LocalUp;
  let collector: Collector;
  let ide: http.Server;
  const seenByIde: string[] = [];

  before(async () => {
    collector = await new Collector().start();
    ide = http.createServer((req, res) => {
      if (req.url === '/api/health') return res.end('OK');
      seenByIde.push(`${req.method} ${req.url} ${req.headers['slimfaas-try-number'] ?? ''}`.trim());
      res.end('from the IDE');
    });
    up = await LocalUp.start(({ ports }) => {
      const idePort = ports.raft + 3; // outside the process pool, not a reserved port
      ide.listen(idePort, '127.0.0.1');
      return [
        'functions:',
        '  ide:',
        `    debugUrl: http://127.0.0.1:${idePort}/api`,
        '    annotations:',
        '      SlimFaas/Function: "true"',
        recorderFunction('gated-ok', { recordUrl: collector.url, annotations: { 'SlimFaas/ReplicasMin': '0', 'SlimFaas/DependsOn': 'processes:sleeper' } }).trimEnd(),
        recorderFunction('gated-off', {
          recordUrl: collector.url,
          annotations: { 'SlimFaas/ReplicasMin': '0', 'SlimFaas/DependsOn': 'processes:quitter', 'SlimFaas/Configuration': '{"DefaultSync":{"HttpTimeout":2}}' },
        }).trimEnd(),
        'processes:',
        '  sleeper:',
        `    command: ["${process.execPath}", "-e", "setInterval(() => {}, 1000)"]`,
        '  quitter:',
        `    command: ["${process.execPath}", "-e", "process.exit(3)"]`,
        '    restartPolicy: never',
        '',
      ].join('\n');
    });
  });

  after(async () => {
    assert.equal(await up?.stop(), 0);
    assert.deepEqual(up.alivePids(), []);
    await up?.dispose();
    await collector?.close();
    ide?.close();
  });

  it('routes a debugUrl function to the external process, keeping its base path', async () => {
    await up.waitReady('ide');
    const res = await call(`${up.url}/function/ide/hello?x=1`);
    assert.deepEqual([res.status, res.body], [200, 'from the IDE']);
    assert.ok(seenByIde.includes('GET /api/hello?x=1'));
    const queued = await call(`${up.url}/async-function/ide/job`, { method: 'POST', body: 'x' });
    assert.equal(queued.status, 202);
    await waitFor(() => seenByIde.includes('POST /api/job 1'), 10_000, 'async delivery to the IDE');
  });

  it('wakes a function whose process dependency runs, and keeps one whose dependency is down at zero', async () => {
    const ok = await call(`${up.url}/function/gated-ok/x`);
    assert.equal(ok.status, 200);
    assert.match(up.output, /\[process\/quitter\].*will not restart after exit code 3/);
    const off = await call(`${up.url}/function/gated-off/x`);
    assert.equal(off.status, 503);
    assert.equal((await up.status('gated-off')).NumberRequested, 0);
    assert.equal(collector.starts('gated-off').length, 0);
  });

  it('answers bad input with 4xx and keeps serving', async () => {
    const cases: Array<[string, string, number]> = [
      ['GET', '/function/', 404],
      ['GET', '/function/%E0%A4%A/x', 400],
      ['POST', '/async-function-callback/ide/%E0%A4%A/success', 400],
      ['POST', '/async-function-callback/ide/only-id', 404],
      ['GET', '/async-function-callback/ide/a/success', 405],
      ['PUT', '/wake-functions', 405],
      ['POST', '/status-functions', 405],
      ['GET', '/status-function/ide/extra', 404],
      ['DELETE', '/publish-event/', 404],
      ['PROPFIND', '/function/ide/x', 405],
      ['GET', '/function/ide/..%2F..%2Fstatus-functions', 200],
    ];
    for (const [method, path, expected] of cases) {
      const res = await call(`${up.url}${path}`, { method, timeoutMs: 5000 });
      assert.equal(res.status, expected, `${method} ${path}`);
    }
    // Raw garbage and a truncated request on the node port do not take the node down.
    for (const raw of ['NOT HTTP AT ALL\r\n\r\n', 'GET /function/ide/x HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc']) {
      const socket = net.connect(up.ports.node, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.resume();
      socket.end(raw);
      await new Promise((r) => socket.once('close', r));
    }
    assert.equal((await call(`${up.nodeUrl}/health`, { localAddress: EXTERNAL })).body, 'OK');
    assert.equal((await call(`${up.url}/status-functions`)).status, 200);
  });
});
