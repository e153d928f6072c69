import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getJson, startTestServer, type TestServer } from '../fixtures/test-server.js';

const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

function deployment(name: string): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { team: 'a' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'img:1', env: [{ name: 'A', value: '1' }] }] } },
    },
  };
}

async function send(server: TestServer, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe('API handler', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('serves discovery: /api, /apis, resource lists with verbs, short names and subresources', async () => {
    assert.deepEqual((await getJson(`${server.url}/api`)).body.versions, ['v1']);
    const groups = (await getJson(`${server.url}/apis`)).body.groups.map((g: { name: string }) => g.name);
    assert.deepEqual(groups, ['apps', 'batch', 'rbac.authorization.k8s.io']);
    const apps = (await getJson(`${server.url}/apis/apps/v1`)).body;
    const deploy = apps.resources.find((r: { name: string }) => r.name === 'deployments');
    assert.deepEqual(deploy.shortNames, ['deploy']);
    assert.ok(deploy.verbs.includes('watch') && deploy.verbs.includes('patch'));
    const scale = apps.resources.find((r: { name: string }) => r.name === 'deployments/scale');
    assert.deepEqual([scale.group, scale.version, scale.kind], ['autoscaling', 'v1', 'Scale']);
    const core = (await getJson(`${server.url}/api/v1`)).body.resources.map((r: { name: string }) => r.name);
    for (const name of ['pods', 'pods/log', 'services', 'serviceaccounts', 'namespaces']) assert.ok(core.includes(name), name);
    const batch = (await getJson(`${server.url}/apis/batch/v1`)).body.resources.find((r: { name: string }) => r.name === 'cronjobs');
    assert.deepEqual(batch.shortNames, ['cj']);
    assert.equal((await getJson(`${server.url}/version`)).body.major, '1');
    assert.equal((await getJson(`${server.url}/apis/nope/v1`)).status, 404);
    assert.equal((await getJson(`${server.url}/openapi/v2`)).status, 404);
    const openapi = (await getJson(`${server.url}/openapi/v3`)).body.paths;
    assert.match(openapi['apis/apps/v1'].serverRelativeURL, /^\/openapi\/v3\/apis\/apps\/v1\?hash=/);
  });

  it('create (201), get, list without kinds in items, Tables', async () => {
    const created = await send(server, 'POST', DEPLOYMENTS, deployment('web'));
    assert.equal(created.status, 201);
    assert.equal(created.body.kind, 'Deployment');
    const list = (await getJson(`${server.url}${DEPLOYMENTS}`)).body;
    assert.equal(list.kind, 'DeploymentList');
    assert.equal(list.items[0].kind, undefined);
    assert.equal(list.metadata.resourceVersion, String(server.api.store.currentRevision()));
    const table = (await getJson(`${server.url}${DEPLOYMENTS}`, { accept: TABLE })).body;
    assert.equal(table.kind, 'Table');
    assert.deepEqual(table.rows[0].cells.slice(0, 4), ['web', '0/1', 0, 0]);
    const one = (await getJson(`${server.url}${DEPLOYMENTS}/web`, { accept: TABLE })).body;
    assert.equal(one.rows.length, 1);
    const all = (await getJson(`${server.url}/apis/apps/v1/deployments?labelSelector=team%3Da`)).body;
    assert.equal(all.items.length, 1);
    assert.equal((await getJson(`${server.url}${DEPLOYMENTS}?labelSelector=team%3Db`)).body.items.length, 0);
    assert.equal((await getJson(`${server.url}${DEPLOYMENTS}?labelSelector=a%20b`)).status, 400);
  });

  it('errors are Status objects', async () => {
    const missing = await getJson(`${server.url}${DEPLOYMENTS}/ghost`);
    assert.equal(missing.status, 404);
    assert.deepEqual([missing.body.kind, missing.body.reason, missing.body.message], ['Status', 'NotFound', 'deployments.apps "ghost" not found']);
    const duplicate = await send(server, 'POST', DEPLOYMENTS, deployment('web'));
    assert.equal(duplicate.body.reason, 'AlreadyExists');
    const protobuf = await send(server, 'POST', DEPLOYMENTS, 'k8s\u0000', 'application/vnd.kubernetes.protobuf');
    assert.equal(protobuf.status, 415);
  });

  it('patches: merge, strategic (list merge by name), json; other types 415', async () => {
    const merge = await send(server, 'PATCH', `${DEPLOYMENTS}/web`, { metadata: { annotations: { note: 'x' } } }, 'application/merge-patch+json');
    assert.equal(merge.body.metadata.annotations.note, 'x');
    const strategic = await send(server, 'PATCH', `${DEPLOYMENTS}/web`, { spec: { template: { spec: { containers: [{ name: 'c', env: [{ name: 'B', value: '2' }] }] } } } }, 'application/strategic-merge-patch+json');
    assert.deepEqual(strategic.body.spec.template.spec.containers[0].env, [{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    assert.equal(strategic.body.metadata.generation, 2);
    const json = await send(server, 'PATCH', `${DEPLOYMENTS}/web`, [{ op: 'replace', path: '/spec/replicas', value: 2 }], 'application/json-patch+json');
    assert.equal(json.body.spec.replicas, 2);
    assert.equal((await send(server, 'PATCH', `${DEPLOYMENTS}/web`, {}, 'application/json')).status, 415);
  });

  it('scale subresource: get, merge patch (what SlimFaas sends), put with a stale resourceVersion conflicts', async () => {
    const scale = (await getJson(`${server.url}${DEPLOYMENTS}/web/scale`)).body;
    assert.deepEqual([scale.kind, scale.apiVersion, scale.spec.replicas, scale.status.selector], ['Scale', 'autoscaling/v1', 2, 'app=web']);
    const patched = await send(server, 'PATCH', `${DEPLOYMENTS}/web/scale`, { spec: { replicas: 0 } }, 'application/merge-patch+json');
    assert.equal(patched.status, 200);
    assert.equal(patched.body.spec.replicas, 0);
    const put = await send(server, 'PUT', `${DEPLOYMENTS}/web/scale`, { ...scale, spec: { replicas: 5 } });
    assert.equal(put.status, 409);
    const fresh = (await getJson(`${server.url}${DEPLOYMENTS}/web/scale`)).body;
    assert.equal((await send(server, 'PUT', `${DEPLOYMENTS}/web/scale`, { ...fresh, spec: { replicas: 5 } })).body.spec.replicas, 5);
    assert.equal((await send(server, 'PATCH', `${DEPLOYMENTS}/web/scale`, { spec: { replicas: -1 } }, 'application/merge-patch+json')).status, 422);
  });

  it('dryRun=All stores nothing', async () => {
    const before = server.api.store.currentRevision();
    assert.equal((await send(server, 'POST', `${DEPLOYMENTS}?dryRun=All`, deployment('dry'))).status, 201);
    assert.equal((await send(server, 'PATCH', `${DEPLOYMENTS}/web?dryRun=All`, { spec: { replicas: 9 } }, 'application/merge-patch+json')).body.spec.replicas, 9);
    assert.equal((await send(server, 'DELETE', `${DEPLOYMENTS}/web?dryRun=All`)).status, 200);
    assert.equal(server.api.store.currentRevision(), before);
    assert.equal((await getJson(`${server.url}${DEPLOYMENTS}/dry`)).status, 404);
  });

  it('delete answers a Success Status; deletecollection by label', async () => {
    const deleted = await send(server, 'DELETE', `${DEPLOYMENTS}/web`, { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' });
    assert.deepEqual([deleted.status, deleted.body.kind, deleted.body.status], [200, 'Status', 'Success']);
    await send(server, 'POST', DEPLOYMENTS, deployment('one'));
    await send(server, 'POST', DEPLOYMENTS, deployment('two'));
    const collection = await send(server, 'DELETE', `${DEPLOYMENTS}?labelSelector=team%3Da`);
    assert.equal(collection.body.items.length, 2);
    assert.equal((await getJson(`${server.url}${DEPLOYMENTS}`)).body.items.length, 0);
  });

  it('requires the bearer token when one is configured', async () => {
    const guarded = await startTestServer({ token: 'secret' });
    try {
      assert.equal((await getJson(`${guarded.url}/api`)).status, 401);
      assert.equal((await getJson(`${guarded.url}/api`, { authorization: 'Bearer secret' })).status, 200);
    } finally {
      await guarded.close();
    }
  });
});
