// Connection URLs: parsing (pure), then real servers reached with a password, over TLS and through
// a Sentinel; a wrong password fails `open` as unavailable.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisServer } from '../../../test/helpers/redis-server.js';
import { StoreError } from '../store.js';
import { RedisStore } from './redis-store.js';
import { parseRedisUrl, redact } from './redis-url.js';

describe('parseRedisUrl', () => {
  it('passes redis:// and rediss:// to ioredis', () => {
    assert.deepEqual(parseRedisUrl('redis://:secret@host:6380/2'), { kind: 'url', url: 'redis://:secret@host:6380/2' });
    assert.deepEqual(parseRedisUrl('rediss://user:pw@host'), { kind: 'url', url: 'rediss://user:pw@host' });
  });

  it('parses redis+sentinel:// and rediss+sentinel://', () => {
    assert.deepEqual(parseRedisUrl('redis+sentinel://:p%40ss@s1:26379,s2,[::1]:26380/mymaster/3?sentinelPassword=sp'), {
      kind: 'sentinel',
      options: {
        sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26379 }, { host: '::1', port: 26380 }],
        name: 'mymaster',
        password: 'p@ss',
        db: 3,
        sentinelPassword: 'sp',
      },
    });
    const tls = parseRedisUrl('rediss+sentinel://u:p@s1:1/m');
    assert.equal(tls.kind, 'sentinel');
    if (tls.kind === 'sentinel') {
      assert.equal(tls.options.username, 'u');
      assert.equal(tls.options.enableTLSForSentinelMode, true);
      assert.deepEqual(tls.options.tls, {});
    }
  });

  it('refuses other schemes, without echoing the password', () => {
    assert.throws(() => parseRedisUrl('http://:secret@host'), (e: Error) => !e.message.includes('secret'));
    assert.throws(() => parseRedisUrl('redis+sentinel://host'), /unsupported/);
    assert.equal(redact('redis://user:secret@h:1'), 'redis://user:***@h:1');
  });
});

const unavailable = (error: unknown) => error instanceof StoreError && error.code === 'unavailable';

describe('RedisStore connections', () => {
  it('authenticates with the password of a redis:// URL; a wrong one fails as unavailable', async () => {
    const server = await RedisServer.start({ password: 'p@ss word' });
    try {
      const store = await RedisStore.open({ url: server.url, namespace: 'auth' });
      await store.set('k', 'v');
      assert.equal((await store.get('k'))?.toString(), 'v');
      await store.close();
      const wrong = server.url.replace(encodeURIComponent('p@ss word'), 'nope');
      await assert.rejects(RedisStore.open({ url: wrong, connectTimeoutMs: 500 }), unavailable);
    } finally {
      await server.cleanup();
    }
  });

  it('speaks TLS with rediss://', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slimfaas-redis-tls-'));
    const certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
    const server = await RedisServer.start({ tls: { certFile, keyFile, caFile: certFile } });
    try {
      assert.match(server.url, /^rediss:\/\//);
      const store = await RedisStore.open({ url: server.url, redis: { tls: { ca: readFileSync(certFile) } } });
      await store.queuePush('Queue:f', 'a', Buffer.from('x'), { httpTimeoutSeconds: 1, timeoutRetriesSeconds: [], httpStatusRetries: [] });
      assert.deepEqual(await store.queueKeys(), ['Queue:f']);
      await store.close();
      // Without trusting the certificate the connection is refused.
      await assert.rejects(RedisStore.open({ url: server.url, connectTimeoutMs: 500 }), unavailable);
    } finally {
      await server.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the master through a Sentinel with redis+sentinel://', async () => {
    const master = await RedisServer.start();
    const sentinel = await RedisServer.start({ sentinelOf: master.port });
    try {
      const store = await RedisStore.open({ url: `redis+sentinel://127.0.0.1:${sentinel.port}/mymaster`, namespace: 'sentinel' });
      await store.set('k', 'through sentinel');
      await store.close();
      const direct = await RedisStore.open({ url: master.url, namespace: 'sentinel' });
      assert.equal((await direct.get('k'))?.toString(), 'through sentinel');
      await direct.close();
    } finally {
      await sentinel.cleanup();
      await master.cleanup();
    }
  });
});
