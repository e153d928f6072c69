import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalFunctionPath, normalizePathEncoding } from './canonical-path.js';
import { splitUrl } from './upstream-client.js';

describe('canonicalFunctionPath', () => {
  const ok: Array<[string, string, boolean?]> = [
    ['hello', 'hello'],
    ['hello/../admin', 'admin'],
    ['hello/%2e%2e/admin', 'admin'],
    ['hello/%2E%2E/admin', 'admin'],
    ['hello/.%2e/admin', 'admin'],
    ['hello/%2e./admin', 'admin'],
    ['hello\\..\\admin', 'admin'],
    ['hello%5C..%5Cadmin', 'hello%5C..%5Cadmin'],
    ['hello/./x', 'hello/x'],
    ['hello/%2e/x', 'hello/x'],
    ['hello//admin', 'hello/admin'],
    ['/admin', 'admin'],
    ['//admin', 'admin'],
    ['a/', 'a'],
    ['a/', 'a/', true],
    ['a/b/..', 'a'],
    ['a/b/../', 'a/', true],
    ['hello/..', ''],
    ['', ''],
    ['hello/%252e%252e/admin', 'hello/%252e%252e/admin'],
    ['hello/..%2Fadmin', 'hello/..%2Fadmin'],
    ['hello/..%2fadmin', 'hello/..%2Fadmin'],
    ['%68%65%6C%6c%6F/x', 'hello/x'],
    ['hello/%00%ff', 'hello/%00%FF'],
    ['hello/a b', 'hello/a%20b'],
    ['hello/é', 'hello/%E9'],
    ["a/!$&'()*+,;=:@~_-", "a/!$&'()*+,;=:@~_-"],
    ['a/b;c', 'a/b;c'],
  ];
  for (const [raw, expected, hasQuery] of ok) {
    it(`${JSON.stringify(raw)}${hasQuery ? ' (with a query)' : ''} → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(canonicalFunctionPath(raw, hasQuery), { ok: true, path: expected });
    });
  }

  const refused: Array<[string, string]> = [
    ['..', 'above-root'],
    ['../admin', 'above-root'],
    ['hello/../../admin', 'above-root'],
    ['%2e%2e/admin', 'above-root'],
    ['hello\\..\\..\\admin', 'above-root'],
    ['a/%zz', 'malformed-encoding'],
    ['a/%2', 'malformed-encoding'],
    ['a/%', 'malformed-encoding'],
    ['hello/..;/admin', 'ambiguous-segment'],
    ['hello/.;x/admin', 'ambiguous-segment'],
  ];
  for (const [raw, reason] of refused) {
    it(`${JSON.stringify(raw)} is refused (${reason})`, () => {
      assert.deepEqual(canonicalFunctionPath(raw), { ok: false, reason });
    });
  }

  it('is idempotent: the canonical path of a canonical path is itself', () => {
    for (const [raw] of ok) {
      const once = canonicalFunctionPath(raw);
      assert.ok(once.ok);
      assert.deepEqual(canonicalFunctionPath(once.path), once);
    }
  });
});

describe('normalizePathEncoding', () => {
  it('returns the same string when nothing needs normalising', () => {
    const raw = '/function/fibonacci/compute/a';
    assert.equal(normalizePathEncoding(raw), raw);
  });
  it('treats \\ as / and decodes unreserved escapes in the route part too', () => {
    assert.equal(normalizePathEncoding('/function\\%70riv\\x'), '/function/priv/x');
  });
});

describe('splitUrl (no WHATWG re-parsing of the path)', () => {
  const cases: Array<[string, string, string]> = [
    ['http://127.0.0.1:5000/a/b?x=1', 'http://127.0.0.1:5000', '/a/b?x=1'],
    ['http://127.0.0.1:5000/hello/%2e%2e/x', 'http://127.0.0.1:5000', '/hello/%2e%2e/x'],
    ['http://h:1', 'http://h:1', '/'],
    ['http://h:1?x=1', 'http://h:1', '/?x=1'],
    ['https://svc.ns:8443/api/..', 'https://svc.ns:8443', '/api/..'],
  ];
  for (const [url, origin, path] of cases) {
    it(url, () => assert.deepEqual(splitUrl(url), { origin, path }));
  }
});
