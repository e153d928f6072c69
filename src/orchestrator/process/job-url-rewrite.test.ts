import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rewriteEntrypointUrls } from './job-url-rewrite.js';

const ENTRY = 30020;
const GW = 41000;

const cases: Array<[string, string, string]> = [
  // [label, input, expected]
  ['127.0.0.1 with path', 'http://127.0.0.1:30020/function/fib', 'http://127.0.0.1:41000/function/fib'],
  ['localhost', 'http://localhost:30020', 'http://127.0.0.1:41000'],
  ['[::1]', 'http://[::1]:30020/x?y=1', 'http://127.0.0.1:41000/x?y=1'],
  ['ws scheme', 'ws://localhost:30020/ws', 'ws://127.0.0.1:41000/ws'],
  ['upper-case scheme and host', 'HTTP://LOCALHOST:30020/a', 'HTTP://127.0.0.1:41000/a'],
  ['userinfo kept', 'http://user:pw@localhost:30020/a', 'http://user:pw@127.0.0.1:41000/a'],
  ['query and fragment right after the port', 'http://localhost:30020?a#b', 'http://127.0.0.1:41000?a#b'],
  ['embedded in an option', '--url=http://127.0.0.1:30020/job', '--url=http://127.0.0.1:41000/job'],
  ['several in one value', 'http://localhost:30020,ws://[::1]:30020/s', 'http://127.0.0.1:41000,ws://127.0.0.1:41000/s'],
  ['quoted in JSON', '{"u":"http://localhost:30020/x"}', '{"u":"http://127.0.0.1:41000/x"}'],
  ['another port', 'http://127.0.0.1:30021/x', 'http://127.0.0.1:30021/x'],
  ['a longer port that starts with it', 'http://127.0.0.1:300201/x', 'http://127.0.0.1:300201/x'],
  ['no port (80)', 'http://localhost/x', 'http://localhost/x'],
  ['https is not rewritten', 'https://localhost:30020/x', 'https://localhost:30020/x'],
  ['wss is not rewritten', 'wss://localhost:30020/x', 'wss://localhost:30020/x'],
  ['scheme inside a word', 'xhttp://localhost:30020/x', 'xhttp://localhost:30020/x'],
  ['other host', 'http://example.com:30020/x', 'http://example.com:30020/x'],
  ['loopback name as a prefix', 'http://localhost.example.com:30020/x', 'http://localhost.example.com:30020/x'],
  ['other loopback spelling', 'http://127.0.0.2:30020/x', 'http://127.0.0.2:30020/x'],
  ['expanded IPv6', 'http://[0:0:0:0:0:0:0:1]:30020/x', 'http://[0:0:0:0:0:0:0:1]:30020/x'],
  ['loopback as userinfo of another host', 'http://127.0.0.1:30020@evil.example/x', 'http://127.0.0.1:30020@evil.example/x'],
  ['no URL', '127.0.0.1:30020', '127.0.0.1:30020'],
];

for (const [label, input, expected] of cases) {
  test(`rewriteEntrypointUrls: ${label}`, () => {
    assert.equal(rewriteEntrypointUrls(input, ENTRY, GW), expected);
  });
}

test('rewriteEntrypointUrls: an entrypoint on port 80 also matches URLs without a port', () => {
  assert.equal(rewriteEntrypointUrls('http://localhost/x', 80, GW), 'http://127.0.0.1:41000/x');
  assert.equal(rewriteEntrypointUrls('http://localhost:80/x', 80, GW), 'http://127.0.0.1:41000/x');
  assert.equal(rewriteEntrypointUrls('http://localhost.dev/x', 80, GW), 'http://localhost.dev/x');
});
