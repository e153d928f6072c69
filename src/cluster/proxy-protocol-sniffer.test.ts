import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { acceptProxyProtocol } from './proxy-protocol-sniffer.js';
import { encodeLocalProxyHeader, encodeProxyHeader } from './proxy-protocol.js';

const SECRET = '5e'.repeat(32);
const refused: string[] = [];
let server: http.Server;
let port: number;

before(async () => {
  server = http.createServer((req, res) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => res.end(`${req.socket.remoteAddress}:${req.socket.remotePort} ${bytes}`));
  });
  acceptProxyProtocol(server, { secret: SECRET, headerTimeoutMs: 300, onRefused: (reason) => refused.push(reason) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const request = (close: boolean, body = ''): Buffer =>
  Buffer.from(`POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${close ? 'Connection: close\r\n' : ''}\r\n${body}`);

/** Writes `chunks` one by one (each after the previous was flushed) and collects everything until the server closes. */
function exchange(chunks: Buffer[], localAddress = '127.0.0.1'): Promise<{ text: string; socket: net.Socket }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? undefined : reject(err)));
    socket.on('close', () => resolve({ text, socket }));
    socket.once('connect', async () => {
      for (const chunk of chunks) await new Promise<void>((done) => socket.write(chunk, () => done()));
    });
  });
}

/** The bodies of the responses in `text` (`<address>:<port> <bytes>`). */
const bodies = (text: string): string[] => [...text.matchAll(/\r\n\r\n([^\s]+ \d+)/g)].map((m) => m[1]!);

const header = (address: string, sourcePort: number, secret = SECRET) =>
  encodeProxyHeader({ address, port: sourcePort }, { address: '127.0.0.1', port: 1 }, secret);

test('connections are served with the address the sniffer decided, keep-alive included', async () => {
  const big = 'x'.repeat(1_000_000);
  const signed = header('127.0.0.5', 40000);
  const cases: Array<[string, Buffer[], string, (peer: string) => void]> = [
    ['plain HTTP, two requests on one connection', [request(false), request(true)], '127.0.0.1', (p) => assert.match(p, /^127\.0\.0\.1:\d+ 0$/)],
    ['plain HTTP from another source address', [request(true)], '127.0.0.5', (p) => assert.match(p, /^127\.0\.0\.5:\d+ 0$/)],
    ['a signed header and the request in one write', [Buffer.concat([signed, request(true)])], '127.0.0.1', (p) => assert.equal(p, '127.0.0.5:40000 0')],
    ['a signed header split over three writes', [signed.subarray(0, 5), signed.subarray(5, 20), Buffer.concat([signed.subarray(20), request(true)])], '127.0.0.1', (p) => assert.equal(p, '127.0.0.5:40000 0')],
    ['an IPv6 source', [Buffer.concat([encodeProxyHeader({ address: '2001:db8::7', port: 9 }, { address: '::1', port: 1 }, SECRET), request(true)])], '127.0.0.1', (p) => assert.equal(p, '2001:db8::7:9 0')],
    ['a signed LOCAL header keeps the real peer', [Buffer.concat([encodeLocalProxyHeader(SECRET), request(true)])], '127.0.0.1', (p) => assert.match(p, /^127\.0\.0\.1:\d+ 0$/)],
    ['a 1 MB body behind the header', [signed, request(true, big)], '127.0.0.1', (p) => assert.equal(p, `127.0.0.5:40000 ${big.length}`)],
  ];
  for (const [what, chunks, source, check] of cases) {
    const { text } = await exchange(chunks, source);
    const found = bodies(text);
    assert.ok(found.length >= 1, `${what}: got ${JSON.stringify(text.slice(0, 200))}`);
    for (const body of found) check(body);
    if (what.includes('two requests')) assert.equal(found.length, 2, what);
  }
  const keepAlive = await exchange([Buffer.concat([signed, request(false)]), request(false), request(true)]);
  assert.deepEqual(bodies(keepAlive.text), ['127.0.0.5:40000 0', '127.0.0.5:40000 0', '127.0.0.5:40000 0'], 'every request of the connection');
});

test('forged, unsigned, malformed or incomplete headers close the connection without an answer', async () => {
  const cases: Array<[string, Buffer[], RegExp]> = [
    ['signed with another secret', [Buffer.concat([header('127.0.0.1', 1, 'other'), request(true)])], /valid signature/],
    ['an unsigned LOCAL header', [Buffer.concat([encodeLocalProxyHeader('other'), request(true)])], /valid signature/],
    ['an unknown family', [Buffer.concat([(() => { const h = Buffer.from(header('127.0.0.1', 1)); h[13] = 0x31; return h; })(), request(true)])], /malformed/],
    ['a header that never completes', [header('127.0.0.1', 1).subarray(0, 20)], /in time/],
  ];
  for (const [what, chunks, reason] of cases) {
    const before = refused.length;
    const { text } = await exchange(chunks);
    assert.equal(text, '', `${what}: no answer`);
    assert.match(refused.slice(before).join(' | '), reason, what);
  }
});

test('a connection that sends nothing gets 408 once the header timeout passed', async () => {
  const before = refused.length;
  const { text } = await exchange([]);
  assert.match(text, /^HTTP\/1\.1 408 Request Timeout\r\n/);
  assert.equal(refused.length, before, 'not reported as a refused PROXY header');
});
