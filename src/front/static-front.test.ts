import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { defaultWebRoot, staticFrontRoutes } from './static-front.js';

function fixtureRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'slimfaas-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>SlimFaas Dashboard</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1);'.repeat(100));
  writeFileSync(join(root, 'logo.svg'), '<svg/>');
  return root;
}

async function serveRoutes(root: string): Promise<{ server: Server; get: (path: string, headers?: Record<string, string>, method?: string) => Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> }> {
  const routes = new Map(staticFrontRoutes(root).map((r) => [r.path, r]));
  const server = createServer((req, res) => {
    const route = routes.get(req.url ?? '');
    if (route && route.methods.has(req.method ?? '')) void route.handle(req, res, '', '');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
  return { server, get };
}

describe('static front (platform.md §6.1)', () => {
  it('serves index.html at / and every file at its path, with types, caching and gzip', async () => {
    const root = fixtureRoot();
    const { server, get } = await serveRoutes(root);
    try {
      const index = await get('/');
      assert.equal(index.status, 200);
      assert.equal(index.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(index.headers['cache-control'], 'no-cache');
      assert.match(index.body.toString(), /SlimFaas Dashboard/);
      assert.equal((await get('/index.html')).body.toString(), index.body.toString());

      const asset = await get('/assets/index-abc.js', { 'accept-encoding': 'gzip' });
      assert.equal(asset.status, 200);
      assert.equal(asset.headers['content-encoding'], 'gzip');
      assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(gunzipSync(asset.body).toString(), 'console.log(1);'.repeat(100));
      const plain = await get('/assets/index-abc.js');
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.body.toString(), 'console.log(1);'.repeat(100));

      assert.equal((await get('/logo.svg')).headers['content-type'], 'image/svg+xml');
      const again = await get('/', { 'if-none-match': String(index.headers.etag) });
      assert.equal(again.status, 304);
      const head = await get('/', {}, 'HEAD');
      assert.equal(head.status, 200);
      assert.equal(head.body.length, 0);
      assert.equal((await get('/assets/missing.js')).status, 404);
      assert.equal((await get('/assets/../index.html')).status, 404, 'no path outside the known files');
    } finally {
      server.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('no web root: no route', () => {
    assert.deepEqual(staticFrontRoutes(join(tmpdir(), 'slimfaas-no-such-web-root')), []);
  });

  it('the default web root is dist/web of the package', () => {
    assert.match(defaultWebRoot(), /[/\\]dist[/\\]web$/);
  });
});
