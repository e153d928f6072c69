/**
 * The runnable example examples/websocket-function/echo.mjs (through the built @slimfaas/client)
 * against the fake `/ws` server: it registers as echo-ws, echoes a streamed sync body with its
 * content type, answers async requests 200, and exits cleanly on SIGTERM.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { FakeSlimFaas } from './fake-server.js';
import { waitFor } from '../helpers/wait.js';
import { REPO } from '../helpers/local-up.js';
import { MessageType } from '../../packages/client/src/index.js';

describe('examples/websocket-function/echo.mjs', () => {
  it('registers, echoes a sync call, answers an async request, and stops on SIGTERM', async () => {
    const server = await FakeSlimFaas.start();
    const child = spawn(process.execPath, [join(REPO, 'examples', 'websocket-function', 'echo.mjs')], {
      cwd: REPO,
      env: { ...process.env, SLIMFAAS_WS_URL: server.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (c) => (output += c));
    child.stderr!.on('data', (c) => (output += c));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const [conn] = await server.waitLive(1);
      const register = conn.envelopes.find((e) => e.type === MessageType.Register)!.payload as { functionName: string };
      assert.equal(register.functionName, 'echo-ws');
      const id = await server.startCall(conn, { method: 'POST', path: '/hello', headers: { 'content-type': ['text/plain'] } });
      await server.sendBody(conn, id, Buffer.from('hi '));
      await server.sendBody(conn, id, Buffer.from('there'));
      await server.endBody(conn, id);
      await waitFor(() => server.call(id).ended, 10_000, 'the echo');
      assert.equal(server.call(id).status, 200);
      assert.deepEqual(server.call(id).headers?.['content-type'], ['text/plain']);
      assert.equal(Buffer.concat(server.call(id).chunks).toString(), 'hi there');
      server.sendEnvelope(conn, MessageType.AsyncRequest, { elementId: 'e1', method: 'POST', path: 'job', query: '', headers: {}, body: Buffer.from('42').toString('base64'), isLastTry: false, tryNumber: 1 });
      await waitFor(() => server.envelopes(MessageType.AsyncCallback).length === 1, 10_000, 'the callback');
      assert.deepEqual(server.envelopes(MessageType.AsyncCallback)[0].payload, { elementId: 'e1', statusCode: 200 });
      await waitFor(() => output.includes('async POST job'), 10_000, 'the log line');
      child.kill('SIGTERM');
      assert.equal(await exited, 0, output);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await server.close();
    }
  });
});
