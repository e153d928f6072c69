import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeadlineTicker, TimeoutError, forwardableHeaders, forwardableRawHeaders } from './upstream-client.js';

describe('shared deadline ticker (whole-call HttpTimeout without a timer per call)', () => {
  it('aborts only the calls past their deadline, with a TimeoutError', () => {
    let now = 1000;
    const ticker = new DeadlineTicker(50, () => now);
    const short = new AbortController();
    const long = new AbortController();
    const a = ticker.add(short, 100);
    const b = ticker.add(long, 5000);
    now = 1099;
    ticker.check();
    assert.equal(short.signal.aborted, false);
    now = 1100;
    ticker.check();
    assert.equal(short.signal.aborted, true);
    assert.ok(short.signal.reason instanceof TimeoutError);
    assert.equal(a.timedOut, true);
    assert.equal(long.signal.aborted, false);
    assert.equal(b.timedOut, false);
    ticker.remove(b);
    assert.equal(ticker.size, 0);
  });

  it('a call finished before its deadline is never aborted', () => {
    let now = 0;
    const ticker = new DeadlineTicker(50, () => now);
    const controller = new AbortController();
    ticker.remove(ticker.add(controller, 10));
    now = 100;
    ticker.check();
    assert.equal(controller.signal.aborted, false);
  });
});

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
