/** The OpenAPI document: valid 3.1, committed copy current, served at /openapi.json, and no drift from the routes the server registers. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { loadSettings } from '../config/settings.js';
import { silentLogger } from '../logging.js';
import { startNode, type SlimFaasNode } from '../node.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { builtinRoutes } from '../gateway/http-server.js';
import { defaultWebRoot, loadWebRoot } from '../front/static-front.js';
import { buildOpenApiDocument, openApiJson } from './document.js';
import { documentedOperations, findDrift, structuralProblems } from './drift.js';
import { emptyOrchestrator } from '../../test/helpers/empty-orchestrator.js';

/** Documented paths whose routes are still being added: reported (not failed) while the server lacks them. Empty: everything documented is served. */
const PENDING = new Set<string>();

const orchestrator = emptyOrchestrator;

describe('the OpenAPI document', () => {
  const document = buildOpenApiDocument();

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    assert.equal(validator.version, '3.1');
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  });

  it('is well formed beyond the schema: path parameters, unique operation ids, resolvable $refs, a summary each', () => {
    assert.deepEqual(structuralProblems(document), []);
  });

  it('the structural check catches a missing path parameter and a dangling $ref', () => {
    const broken = structuredClone(document) as { paths: Record<string, Record<string, unknown>> };
    broken.paths['/broken/{id}'] = { get: { summary: 's', operationId: 'broken', responses: { '200': { $ref: '#/components/responses/Nope' } } } };
    const problems = structuralProblems(broken);
    assert.ok(problems.some((p) => p.includes('/broken/{id}') && p.includes('{id}')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('#/components/responses/Nope')), problems.join('\n'));
  });

  it('docs/openapi.json is the generated document (run `npm run openapi` after changing src/openapi)', () => {
    const committed = readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8');
    assert.ok(committed === openApiJson(), 'docs/openapi.json is stale: run `npm run openapi`');
  });

  it('documents every method of the call routes, which forward whatever the method', () => {
    const ops = documentedOperations(document);
    for (const path of ['/function/{functionName}', '/function/{functionName}/{functionPath}', '/async-function/{functionName}', '/async-function/{functionName}/{functionPath}', '/publish-event/{eventName}', '/publish-event/{eventName}/{path}']) {
      assert.deepEqual(ops.filter((o) => o.path === path).map((o) => o.method).sort(), ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
    }
  });
});

describe('the drift check', () => {
  const doc = { paths: { '/a/{x}': { get: { summary: 's' }, post: { summary: 's' } }, '/gone': { get: { summary: 's' } }, '/probe': { get: { 'x-any-method': true } } } };
  it('names what is served but not documented, and what is documented but not served', () => {
    const routes = [
      { path: '/a', prefix: true, methods: new Set(['GET', 'DELETE']) },
      { path: '/new', methods: new Set(['GET']) },
      { path: '/probe', methods: 'any' as const },
    ];
    const drift = findDrift(doc, routes, []);
    assert.deepEqual(drift.undocumented, ['DELETE /a/…', 'GET /new']);
    assert.deepEqual(drift.unserved, [
      { path: '/a/{x}', method: 'POST', reason: '/a/… does not admit POST' },
      { path: '/gone', method: 'GET', reason: 'no route' },
    ]);
  });
  it('a registered route admitting every method needs one documented operation; a built-in one needs them all', () => {
    const all = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);
    const routes = [{ path: '/a', prefix: true, methods: all }, { path: '/gone', methods: all }, { path: '/probe', methods: 'any' as const }];
    assert.deepEqual(findDrift(doc, routes, []).undocumented, []);
    assert.deepEqual(findDrift(doc, routes, [routes[0]!]).undocumented, ['PUT /a/…', 'DELETE /a/…', 'PATCH /a/…', 'HEAD /a/…', 'OPTIONS /a/…']);
  });
});

describe('the OpenAPI document and the routes a node really serves', () => {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'slimfaas-openapi-'));
  let store: SqliteStore;
  let node: SlimFaasNode;

  before(async () => {
    const settings = loadSettings({ SlimFaas__WebSocketPort: '0' });
    store = SqliteStore.open({ path: join(dataDirectory, 'store.sqlite') });
    node = await startNode({ settings, store, orchestrator, logger: silentLogger, host: '127.0.0.1', port: 0, dataDirectory });
  });

  after(async () => {
    await node?.stop();
    await store?.close();
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('serves the document at GET /openapi.json', async () => {
    const res = await fetch(`http://127.0.0.1:${node.port}/openapi.json`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(await res.json(), buildOpenApiDocument());
  });

  it('the route list includes the built-in routes the router dispatches', () => {
    for (const b of builtinRoutes()) assert.ok(node.routes.some((r) => r.path === b.path && Boolean(r.prefix) === Boolean(b.prefix)), b.path);
  });

  it('every served route and method is documented, and every documented one is served', (t) => {
    // The dashboard's asset files are routes of their own; only `/` is documented.
    const assets = new Set([...loadWebRoot(defaultWebRoot()).keys()].filter((p) => p !== '/'));
    const routes = node.routes.filter((r) => !assets.has(r.path));
    const drift = findDrift(buildOpenApiDocument(), routes, builtinRoutes());
    const pending = drift.unserved.filter((d) => PENDING.has(d.path));
    for (const d of pending) t.diagnostic(`pending (documented, not served yet): ${d.method} ${d.path}`);
    const report = [
      ...drift.undocumented.map((d) => `served but not documented: ${d}`),
      ...drift.unserved.filter((d) => !PENDING.has(d.path)).map((d) => `documented but not served: ${d.method} ${d.path}${d.reason ? ` (${d.reason})` : ''}`),
    ];
    assert.deepEqual(report, [], `OpenAPI drift:\n${report.join('\n')}`);
  });
});
