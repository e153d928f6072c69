import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { JobGateway } from './job-gateway.js';
import { MAX_HEAD_BYTES } from './job-request-head.js';
import { jobRunSignature, verifyJobRunSignature } from './job-signature.js';

const RUN = 'report-slimfaas-job-abcd1234';
const TOKEN = '0123456789abcdef'.repeat(4);

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP server playing the entrypoint: records requests, echoes bodies, echoes bytes after an upgrade. */
async function startEntrypoint(): Promise<{ port: number; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer({ maxHeaderSize: 2 * MAX_HEAD_BYTES }, (req, res) => {
    let body = '';
    req.setEncoding('latin1');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const text = `echo:${body}`;
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text, 'latin1') }).end(text, 'latin1');
    });
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' });
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n');
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes `pieces` one by one (each after the previous was flushed), resolves with every byte received until the connection closed. */
function exchange(port: number, pieces: Array<string | Buffer>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? undefined : reject(err)));
    socket.on('close', () => resolve(received));
    socket.once('connect', async () => {
      for (const piece of pieces) await new Promise<void>((done) => socket.write(piece, () => done()));
    });
  });
}

async function withGateway(
  run: (ctx: { gateway: JobGateway; entry: Awaited<ReturnType<typeof startEntrypoint>> }) => Promise<void>,
): Promise<void> {
  const entry = await startEntrypoint();
  const gateway = await JobGateway.open({ runName: RUN, token: TOKEN, targetPort: entry.port });
  try {
    await run({ gateway, entry });
  } finally {
    await gateway.close();
    await entry.close();
  }
}

test('forwards the first request with the run headers, client copies removed, Connection: close and a verifiable signature', { timeout: 10_000 }, () =>
  withGateway(async ({ gateway, entry }) => {
    const response = await exchange(gateway.port, [
      'POST /job/x HTTP/1.1\r\nHost: example\r\nX-SlimFaas-Job: forged\r\nx-slimfaas-job-signature: forged\r\n' +
        'Connection: keep-alive\r\nContent-Length: 5\r\n\r\nhello',
    ]);
    assert.match(response, /^HTTP\/1\.1 200 /);
    assert.ok(response.endsWith('echo:hello'), response);
    assert.equal(entry.seen.length, 1);
    const { method, url, headers, body } = entry.seen[0]!;
    assert.deepEqual([method, url, body, headers.host], ['POST', '/job/x', 'hello', 'example']);
    assert.equal(headers['x-slimfaas-job'], RUN);
    assert.equal(headers['x-slimfaas-job-signature'], jobRunSignature(RUN, TOKEN));
    assert.equal(verifyJobRunSignature(RUN, String(headers['x-slimfaas-job-signature']), TOKEN), true);
    assert.equal(verifyJobRunSignature(RUN, String(headers['x-slimfaas-job-signature']), 'another token'), false);
    assert.equal(verifyJobRunSignature('another-run', String(headers['x-slimfaas-job-signature']), TOKEN), false);
    assert.equal(headers.connection, 'close');
  }),
);

test('a head arriving in pieces is assembled before it is forwarded', { timeout: 10_000 }, () =>
  withGateway(async ({ gateway, entry }) => {
    const response = await exchange(gateway.port, ['GE', 'T /a HTTP/1.1\r\nHo', 'st: h\r\n\r', '\n']);
    assert.match(response, /^HTTP\/1\.1 200 /);
    assert.equal(entry.seen[0]?.url, '/a');
    assert.equal(entry.seen[0]?.headers['x-slimfaas-job'], RUN);
  }),
);

test('an upgrade request keeps its Connection header, then bytes flow both ways', { timeout: 10_000 }, () =>
  withGateway(async ({ gateway, entry }) => {
    const socket = net.connect({ host: '127.0.0.1', port: gateway.port });
    socket.setEncoding('latin1');
    let received = '';
    const waitFor = (text: string): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (!received.includes(text)) return;
          socket.off('data', check);
          resolve();
        };
        socket.on('data', check);
      });
    socket.on('data', (chunk: string) => (received += chunk));
    const switched = waitFor('\r\n\r\n');
    socket.write('GET /ws HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: echo\r\nX-SlimFaas-Job: forged\r\n\r\n');
    await switched;
    assert.match(received, /^HTTP\/1\.1 101 /);
    const echoed = waitFor('ping-pong');
    socket.write('ping-pong');
    await echoed;
    socket.destroy();
    assert.equal(entry.seen[0]?.headers.connection, 'Upgrade');
    assert.equal(entry.seen[0]?.headers['x-slimfaas-job'], RUN);
  }),
);

const header = (bytes: number): string => `X-Big: ${'a'.repeat(bytes - 'X-Big: '.length)}`;
/** Request line and Host field of the large heads. */
const REQUEST_LINE = 'GET /big HTTP/1.1\r\nHost: h';

test('a head of exactly 64 KiB is forwarded', { timeout: 10_000 }, () =>
  withGateway(async ({ gateway, entry }) => {
    const head = `${REQUEST_LINE}\r\n${header(MAX_HEAD_BYTES - REQUEST_LINE.length - 2)}`;
    assert.equal(head.length, MAX_HEAD_BYTES);
    const response = await exchange(gateway.port, [`${head}\r\n\r\n`]);
    assert.match(response, /^HTTP\/1\.1 200 /);
    assert.equal(entry.seen.length, 1);
  }),
);

const refusals: Array<[string, () => Array<string | Buffer>, RegExp]> = [
  ['a head one byte above 64 KiB gets 431', () => [`${REQUEST_LINE}\r\n${header(MAX_HEAD_BYTES - REQUEST_LINE.length - 1)}\r\n\r\n`], /^HTTP\/1\.1 431 /],
  ['a head that never ends within 64 KiB gets 431', () => [`${REQUEST_LINE}\r\n${header(200 * 1024)}`], /^HTTP\/1\.1 431 /],
  ['a malformed head gets 400', () => ['NOT-HTTP\r\n\r\n'], /^HTTP\/1\.1 400 /],
  ['a bare CR in the head gets 400', () => ['GET / HTTP/1.1\r\nA: b\rX-SlimFaas-Job: forged\r\n\r\n'], /^HTTP\/1\.1 400 /],
];

for (const [label, pieces, expected] of refusals) {
  test(`${label}, and nothing reaches the entrypoint`, { timeout: 10_000 }, () =>
    withGateway(async ({ gateway, entry }) => {
      const response = await exchange(gateway.port, pieces());
      assert.match(response, expected);
      assert.equal(entry.seen.length, 0);
    }),
  );
}

test('an unreachable entrypoint gets 502', { timeout: 10_000 }, async () => {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const closedPort = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const gateway = await JobGateway.open({ runName: RUN, token: TOKEN, targetPort: closedPort });
  try {
    assert.match(await exchange(gateway.port, ['GET / HTTP/1.1\r\nHost: h\r\n\r\n']), /^HTTP\/1\.1 502 /);
  } finally {
    await gateway.close();
  }
});

test('close() destroys open connections and stops listening', { timeout: 10_000 }, () =>
  withGateway(async ({ gateway, entry }) => {
    const port = gateway.port;
    const socket = net.connect({ host: '127.0.0.1', port });
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    // An incomplete head: the gateway holds the connection without forwarding anything.
    await new Promise<void>((resolve) => socket.write('GET / HTTP/1.1\r\nHost: h\r\n', () => resolve()));
    await gateway.close();
    await closed;
    assert.equal(entry.seen.length, 0);
    await assert.rejects(
      new Promise((resolve, reject) => net.connect({ host: '127.0.0.1', port }).on('connect', resolve).on('error', reject)),
      /ECONNREFUSED/,
    );
  }),
);
