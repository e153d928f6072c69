import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forwardableHeaders, forwardableRawHeaders } from './upstream-client.js';

describe('forwardableRawHeaders', () => {
  it('gives the same headers as forwardableHeaders(headersDistinct)', () => {
    const raw = ['Host', 'x', 'Content-Type', 'text/plain', 'X-Multi', 'a', 'x-multi', 'b', 'Connection', 'keep-alive', 'X-SlimFaas-Job', 'j', 'Accept', '*/*', 'x-multi', 'c'];
    const distinct: Record<string, string[]> = {};
    for (let i = 0; i < raw.length; i += 2) (distinct[raw[i].toLowerCase()] ??= []).push(raw[i + 1]);
    for (const method of ['POST', 'GET']) assert.deepEqual(forwardableRawHeaders(raw, method), forwardableHeaders(distinct, method));
    assert.deepEqual(forwardableRawHeaders(raw, 'POST'), { 'content-type': 'text/plain', 'x-multi': ['a', 'b', 'c'], accept: '*/*' });
    assert.deepEqual(forwardableRawHeaders(raw, 'GET'), { 'x-multi': ['a', 'b', 'c'], accept: '*/*' });
  });
});
