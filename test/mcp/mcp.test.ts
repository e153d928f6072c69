/**
 * SlimFaas MCP companion (platform.md §8): the SDK's MCP client against `slimfaas-mcp` started as a
 * real child process, with a test OpenAPI document and API served on loopback.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { freePort } from '../../src/util/free-port.js';
import { waitFor } from '../helpers/wait.js';
import { REPO, LocalUp, recorderFunction } from '../helpers/local-up.js';
import { Collector } from '../helpers/collector.js';

async function startMcp(env: NodeJS.ProcessEnv = {}): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(REPO, 'packages', 'mcp', 'dist', 'main.js'), '--port', String(port)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  await waitFor(() => out.includes('listening on') || child.exitCode !== null, 30_000, 'slimfaas-mcp banner');
  assert.equal(child.exitCode, null, out);
  return { url: `http://127.0.0.1:${port}`, child, output: () => out };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); });
}

function petDoc(version: string): object {
  return {
    openapi: '3.0.3',
    info: { title: 'pets', version },
    paths: {
      '/pet/{petId}': {
        get: { summary: 'Get a pet', parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } } },
      },
      '/pets': {
        get: { summary: 'Find pets', parameters: [{ name: 'status', in: 'query', required: true, schema: { type: 'string', enum: ['available', 'sold'] } }], responses: {} },
        post: { summary: 'Add a pet', requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } }, responses: {} },
      },
      '/fail': { get: { summary: 'Always fails', responses: {} } },
      ...(version === 'v2' ? { '/new': { get: { summary: 'New in v2', responses: {} } } } : {}),
    },
    components: { schemas: {
      Pet: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, parent: { $ref: '#/components/schemas/Pet' } } },
    } },
  };
}

async function connect(mcpUrl: string, query: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${mcpUrl}/mcp?${new URLSearchParams(query)}`)));
  return client;
}

describe('slimfaas-mcp against a loopback OpenAPI API', () => {
  let api: http.Server;
  let apiUrl = '';
  let mcp: Awaited<ReturnType<typeof startMcp>>;
  const versions: Record<string, string> = { a: 'v1', b: 'v1' };
  const seen: { method: string; url: string; auth?: string; body: string }[] = [];

  before(async () => {
    api = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const u = new URL(req.url!, 'http://x');
        if (u.pathname.startsWith('/doc-')) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(petDoc(versions[u.pathname.slice(5)]!)));
        if (u.pathname === '/not-openapi') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>');
        seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
        if (u.pathname === '/fail') return res.writeHead(500).end('boom');
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, url: req.url, body: body ? JSON.parse(body) : null, name: 'rex' }));
      });
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
    apiUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
    mcp = await startMcp();
  });

  after(async () => {
    await stopChild(mcp.child);
    await new Promise((r) => api.close(r));
  });

  it('initialises, lists tools and calls them (path, query, JSON body, error)', async () => {
    const client = await connect(mcp.url, { openapi_url: `${apiUrl}/doc-a`, base_url: apiUrl });
    assert.deepEqual(client.getServerVersion(), { name: 'SlimFaas MCP', version: '0.1.0' });
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['get_fail', 'get_pet_petId', 'get_pets', 'post_pets']);
    const post = tools.find((t) => t.name === 'post_pets')!;
    assert.deepEqual((post.inputSchema.properties as any).body.required, ['name'], '$ref expanded');

    const byId = await client.callTool({ name: 'get_pet_petId', arguments: { petId: 7 } });
    assert.equal(byId.isError, false);
    assert.equal(JSON.parse((byId.content as any)[0].text).url, '/pet/7');
    const q = await client.callTool({ name: 'get_pets', arguments: { status: 'sold' } });
    assert.equal(JSON.parse((q.content as any)[0].text).url, '/pets?status=sold');
    const b = await client.callTool({ name: 'post_pets', arguments: { body: { name: 'rex' } } });
    assert.deepEqual(JSON.parse((b.content as any)[0].text), { method: 'POST', url: '/pets', body: { name: 'rex' }, name: 'rex' });
    const f = await client.callTool({ name: 'get_fail', arguments: {} });
    assert.equal(f.isError, true);
    assert.equal((f.content as any)[0].text, 'boom');
    await client.close();
  });

  it('tool_prefix, mcp_prompt, structured_content and Authorization/_meta forwarding', async () => {
    const prompt = Buffer.from(JSON.stringify({ activeTools: ['pf_get_pet_petId'], tools: [{ name: 'pf_get_pet_petId', description: 'Fetch one pet' }] })).toString('base64');
    const client = await connect(mcp.url, { openapi_url: `${apiUrl}/doc-a`, base_url: apiUrl, tool_prefix: 'pf', mcp_prompt: prompt, structured_content: 'true' });
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => [t.name, t.description]), [['pf_get_pet_petId', 'Fetch one pet']]);
    assert.ok(tools[0]!.outputSchema);
    const r = await client.callTool({ name: 'pf_get_pet_petId', arguments: { petId: 1 }, _meta: { authToken: 'tok' } });
    assert.equal((r.structuredContent as any).url, '/pet/1');
    assert.equal(seen.at(-1)!.auth, 'Bearer tok');
    await client.close();
  });

  it('caches the document with a sliding expiration', async () => {
    const long = await connect(mcp.url, { openapi_url: `${apiUrl}/doc-b`, base_url: apiUrl, cache_expiration: '60' });
    assert.equal((await long.listTools()).tools.length, 4);
    versions.b = 'v2';
    assert.equal((await long.listTools()).tools.length, 4, 'within expiry: cached document');
    // 0.01 minute = 600 ms: after expiry the changed document is fetched again.
    const short = await connect(mcp.url, { openapi_url: `${apiUrl}/doc-b`, base_url: apiUrl, cache_expiration: '0.01' });
    await waitFor(async () => (await short.listTools()).tools.some((t) => t.name === 'get_new'), 20_000, 'the v2 tool list after expiry', 700);
    await long.close();
    await short.close();
  });

  it('bad input: not OpenAPI, invalid arguments, unknown tool, unknown method — clear errors, no crash', async () => {
    const bad = await connect(mcp.url, { openapi_url: `${apiUrl}/not-openapi` });
    await assert.rejects(bad.listTools(), /not an OpenAPI v3 document/);
    await bad.close();
    const client = await connect(mcp.url, { openapi_url: `${apiUrl}/doc-a`, base_url: apiUrl });
    await assert.rejects(client.callTool({ name: 'get_pet_petId', arguments: { petId: 'seven' } }), (e: any) => e.code === -32602 && /Invalid arguments.*petId.*integer/.test(e.message));
    await assert.rejects(client.callTool({ name: 'post_pets', arguments: { body: { nickname: 'x' } } }), /must have required property 'name'/);
    await assert.rejects(client.callTool({ name: 'nope', arguments: {} }), /Unknown tool: nope/);
    await client.close();
    const raw = await fetch(`${mcp.url}/mcp?openapi_url=${apiUrl}/doc-a`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'resources/list' }) });
    assert.equal((await raw.json()).error.code, -32601);
    const noParams = await fetch(`${mcp.url}/mcp`, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call' }) });
    assert.equal((await noParams.json()).error.code, -32602);
    assert.equal((await fetch(`${mcp.url}/mcp`)).status, 405);
    assert.equal(await (await fetch(`${mcp.url}/health`)).text(), 'OK');
    assert.equal(mcp.child.exitCode, null, 'still running');
  });

  it('allow-list: compared as a URL (same origin, path prefix), not as a string prefix', async () => {
    const m = await startMcp({ SLIMFAAS_MCP_ALLOWED_URLS: apiUrl });
    try {
      const ok = await fetch(`${m.url}/tools?openapi_url=${apiUrl}/doc-a&base_url=${apiUrl}`);
      assert.equal(ok.status, 200);
      // Starts with the allowed string, but its host is localhost (127.0.0.1:<port> is user info).
      const lookAlike = `http://${apiUrl.slice('http://'.length)}@localhost:${new URL(apiUrl).port}/doc-a`;
      assert.ok(lookAlike.startsWith(apiUrl));
      const refused = await fetch(`${m.url}/tools?openapi_url=${encodeURIComponent(lookAlike)}&base_url=${apiUrl}`);
      assert.equal(refused.status, 400);
      assert.match((await refused.json()).error, /not allowed by the allow-list/);
    } finally {
      await stopChild(m.child);
    }
  });

  it('REST routes, OAuth challenge and metadata route', async () => {
    const list = await (await fetch(`${mcp.url}/tools?openapi_url=${apiUrl}/doc-a&base_url=${apiUrl}`)).json();
    assert.ok(list.some((t: any) => t.name === 'get_pets'));
    const r = await fetch(`${mcp.url}/tools/get_pet_petId?openapi_url=${apiUrl}/doc-a&base_url=${apiUrl}`, { method: 'POST', body: JSON.stringify({ petId: 3 }), headers: { authorization: 'Bearer abc' } });
    assert.equal(JSON.parse((await r.json()).content[0].text).url, '/pet/3');
    assert.equal(seen.at(-1)!.auth, 'Bearer abc');
    const meta = Buffer.from(JSON.stringify({ resource: 'https://api', authorization_servers: ['https://as'] })).toString('base64url');
    const ch = await fetch(`${mcp.url}/mcp?oauth=${meta}&openapi_url=${apiUrl}/doc-a`, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
    assert.equal(ch.status, 401);
    assert.equal(ch.headers.get('www-authenticate'), `Bearer resource_metadata="https://${new URL(mcp.url).host}/${meta}/.well-known/oauth-protected-resource"`);
    assert.deepEqual(await (await fetch(`${mcp.url}/${meta}/.well-known/oauth-protected-resource`)).json(), { resource: 'https://api', authorization_servers: ['https://as'] });
    assert.equal((await fetch(`${mcp.url}/notbase64!!/.well-known/oauth-protected-resource`)).status, 400);
    assert.equal((await fetch(`${mcp.url}/.well-known/oauth-protected-resource`)).status, 404);
  });
});

describe('slimfaas-mcp CORS settings', () => {
  it('allows wildcard origins and marks responses non-cacheable', async () => {
    const m = await startMcp({ CORS_ORIGINS: 'https://*.example.com,localhost:*' });
    try {
      const pre = await fetch(`${m.url}/mcp`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), 'https://app.example.com');
      assert.equal(pre.headers.get('access-control-allow-credentials'), 'true');
      const local = await fetch(`${m.url}/health`, { headers: { origin: 'http://localhost:3000' } });
      assert.equal(local.headers.get('access-control-allow-origin'), 'http://localhost:3000');
      assert.equal(local.headers.get('access-control-expose-headers'), 'WWW-Authenticate');
      assert.match(local.headers.get('cache-control')!, /no-store/);
      const other = await fetch(`${m.url}/health`, { headers: { origin: 'https://evil.test' } });
      assert.equal(other.headers.get('access-control-allow-origin'), null);
    } finally {
      await stopChild(m.child);
    }
  });
});

describe('slimfaas-mcp against SlimFaas /openapi.json (native local mode)', () => {
  let up: LocalUp;
  let collector: Collector;
  let mcp: Awaited<ReturnType<typeof startMcp>>;

  before(async () => {
    collector = await new Collector().start();
    const recordUrl = collector.url;
    up = await LocalUp.start(() => 'functions:\n' + recorderFunction('fibonacci', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '1' } }));
    await up.waitReady('fibonacci', 1);
    mcp = await startMcp();
  });
  after(async () => {
    await stopChild(mcp.child);
    await up?.stopCleanly();
    await collector.close();
  });

  it('produces working tools for /status-functions and /function/…', async () => {
    const client = await connect(mcp.url, { openapi_url: `${up.url}/openapi.json`, base_url: up.url });
    const names = (await client.listTools()).tools.map((t) => t.name);
    assert.ok(names.includes('get_status-functions'), names.join(','));
    assert.ok(names.includes('get_function_functionName'));
    const st = await client.callTool({ name: 'get_status-functions', arguments: {} });
    assert.equal(st.isError, false);
    const list = JSON.parse((st.content as any)[0].text);
    assert.ok(Array.isArray(list) && list.some((f: any) => f.Name === 'fibonacci'));
    const fn = await client.callTool({ name: 'get_function_functionName', arguments: { functionName: 'fibonacci' } });
    assert.equal(fn.isError, false, (fn.content as any)[0].text);
    assert.equal(JSON.parse((fn.content as any)[0].text).method, 'GET');
    await client.close();
  });
});
