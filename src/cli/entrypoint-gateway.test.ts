import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EntrypointGateway } from './entrypoint-gateway.js';
import { acceptProxyProtocol } from '../cluster/proxy-protocol-sniffer.js';

async function get(port: number): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/x`);
  return { status: res.status, body: await res.text() };
}

describe('native local entrypoint (platform.md §2.4.10)', () => {
  it('answers 503 "SlimFaas is not ready." until a node is ready, then forwards', async () => {
    const backend = http.createServer((_req, res) => res.end('from node'));
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', () => r()));
    const node = { port: (backend.address() as AddressInfo).port, ready: false, isReady() { return this.ready; } };
    const gateway = new EntrypointGateway(() => [node]);
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    await gateway.listen(port);
    try {
      assert.deepEqual(await get(port), { status: 503, body: 'SlimFaas is not ready.\n' });
      node.ready = true;
      assert.deepEqual(await get(port), { status: 200, body: 'from node' });
    } finally {
      await gateway.close();
      backend.closeAllConnections();
      await new Promise<void>((r) => backend.close(() => r()));
    }
  });

  it('hands a connection to an in-process node: the node sees the real client address', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.socket.remoteAddress ?? '');
      res.end('in process');
    });
    const node = { port: 0, isReady: () => true, acceptConnection: (socket: import('node:net').Socket) => server.emit('connection', socket) };
    const gateway = new EntrypointGateway(() => [node]);
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    await gateway.listen(port);
    try {
      const body = await new Promise<string>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: '/x', localAddress: '127.0.0.5', agent: false }, (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve(text));
          })
          .on('error', reject);
      });
      assert.equal(body, 'in process');
      assert.deepEqual(seen, ['127.0.0.5']);
    } finally {
      await gateway.close();
      server.closeAllConnections();
    }
  });

  it('pipes to a node process with a signed PROXY v2 header: the node sees the real client address', async () => {
    const secret = '0f'.repeat(32);
    const server = http.createServer((req, res) => res.end(`${req.socket.remoteAddress}`));
    acceptProxyProtocol(server, { secret });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const node = { port: (server.address() as AddressInfo).port, isReady: () => true };
    const cases: Array<[string, string | undefined, string]> = [
      ['with the secret', secret, '127.0.0.5'],
      ['without a secret (plain pipe)', undefined, '127.0.0.1'],
    ];
    try {
      for (const [what, proxySecret, expected] of cases) {
        const gateway = new EntrypointGateway(() => [node], proxySecret ? { proxySecret } : {});
        await gateway.listen(0);
        try {
          const body = await new Promise<string>((resolve, reject) => {
            http
              .get({ host: '127.0.0.1', port: gateway.port, path: '/x', localAddress: '127.0.0.5', agent: false }, (res) => {
                let text = '';
                res.on('data', (c) => (text += c));
                res.on('end', () => resolve(text));
              })
              .on('error', reject);
          });
          assert.equal(body, expected, what);
        } finally {
          await gateway.close();
        }
      }
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
