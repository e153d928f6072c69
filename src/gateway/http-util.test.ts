import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { onPublicPort, splitNamedRoute } from './http-util.js';

const request = (localPort: number, host?: string) => ({ socket: { localPort }, headers: { host } }) as unknown as IncomingMessage;

describe('port filter (functions.md §4.1)', () => {
  const ports = new Set([5000, 9002]);
  it('accepts the public local port', () => assert.equal(onPublicPort(request(5000, 'x:1234'), ports), true));
  it('accepts a public Host header port', () => assert.equal(onPublicPort(request(9999, 'localhost:9002'), ports), true));
  it('AS-07 rejects local port 9999 with Host localhost:9999', () => assert.equal(onPublicPort(request(9999, 'localhost:9999'), ports), false));
  it('rejects everything with an empty port list', () => assert.equal(onPublicPort(request(5000, 'h:5000'), new Set()), false));
});

describe('splitNamedRoute', () => {
  it('splits name and rest', () => assert.deepEqual(splitNamedRoute('/function/fib/a/b', '/function/'), { name: 'fib', rest: 'a/b' }));
  it('treats /function/fib and /function/fib/ alike', () => {
    assert.deepEqual(splitNamedRoute('/function/fib', '/function/'), { name: 'fib', rest: '' });
    assert.deepEqual(splitNamedRoute('/function/fib/', '/function/'), { name: 'fib', rest: '' });
  });
  it('rejects an empty or malformed name', () => {
    assert.equal(splitNamedRoute('/function/', '/function/'), null);
    assert.equal(splitNamedRoute('/function/%E0%A4%A/x', '/function/'), null);
  });
});
