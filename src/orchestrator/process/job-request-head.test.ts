import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findHeadEnd, rewriteRequestHead } from './job-request-head.js';

const RUN = 'report-slimfaas-job-abcd1234';
const SIG = 'f'.repeat(64);
const INJECTED = [`X-SlimFaas-Job: ${RUN}`, `X-SlimFaas-Job-Signature: ${SIG}`];

const endCases: Array<[string, string, { headLength: number; bodyStart: number } | null]> = [
  ['CRLF head', 'GET / HTTP/1.1\r\nA: b\r\n\r\nbody', { headLength: 20, bodyStart: 24 }],
  ['bare LF head', 'GET / HTTP/1.1\nA: b\n\nbody', { headLength: 19, bodyStart: 21 }],
  ['incomplete', 'GET / HTTP/1.1\r\nA: b\r\n', null],
  ['incomplete after CR', 'GET / HTTP/1.1\r\nA: b\r\n\r', null],
];

for (const [label, input, expected] of endCases) {
  test(`findHeadEnd: ${label}`, () => {
    assert.deepEqual(findHeadEnd(Buffer.from(input, 'latin1')), expected);
  });
}

const rewriteCases: Array<[string, string, string[] | null]> = [
  ['injects the headers and Connection: close', 'GET /x HTTP/1.1\r\nHost: h', ['GET /x HTTP/1.1', 'Host: h', ...INJECTED, 'Connection: close']],
  [
    'removes client copies (any case) and the client Connection',
    'POST /x HTTP/1.1\r\nx-slimfaas-job: forged\r\nX-SLIMFAAS-JOB-SIGNATURE: forged\r\nConnection: keep-alive\r\nHost: h',
    ['POST /x HTTP/1.1', 'Host: h', ...INJECTED, 'Connection: close'],
  ],
  [
    'removes a forged header with its continuation lines',
    'GET / HTTP/1.1\r\nX-SlimFaas-Job: forged\r\n  still-forged\r\nA: b',
    ['GET / HTTP/1.1', 'A: b', ...INJECTED, 'Connection: close'],
  ],
  [
    'keeps Connection on an upgrade request',
    'GET /ws HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket',
    ['GET /ws HTTP/1.1', 'Connection: keep-alive, Upgrade', 'Upgrade: websocket', ...INJECTED],
  ],
  [
    'Upgrade without Connection: upgrade is not an upgrade',
    'GET /ws HTTP/1.1\r\nUpgrade: websocket',
    ['GET /ws HTTP/1.1', 'Upgrade: websocket', ...INJECTED, 'Connection: close'],
  ],
  ['normalises bare LF and skips leading empty lines', '\r\nGET / HTTP/1.0\nA: b', ['GET / HTTP/1.0', 'A: b', ...INJECTED, 'Connection: close']],
  ['malformed request line', 'GET /\r\nA: b', null],
  ['field without colon', 'GET / HTTP/1.1\r\nA b', null],
  ['space before the colon', 'GET / HTTP/1.1\r\nX-SlimFaas-Job : forged', null],
  ['continuation without a field', 'GET / HTTP/1.1\r\n folded', null],
  ['bare CR', 'GET / HTTP/1.1\r\nA: b\rX-SlimFaas-Job: forged', null],
  ['NUL', 'GET / HTTP/1.1\r\nA: b\0', null],
];

for (const [label, head, expected] of rewriteCases) {
  test(`rewriteRequestHead: ${label}`, () => {
    const result = rewriteRequestHead(head, RUN, SIG);
    if (expected === null) {
      assert.equal(result.ok, false);
    } else {
      assert.ok(result.ok, result.ok ? '' : result.reason);
      assert.equal(result.head, `${expected.join('\r\n')}\r\n\r\n`);
    }
  });
}
