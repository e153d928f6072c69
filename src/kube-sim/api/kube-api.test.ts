import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServiceAllocator } from '../kinds/service-defaults.js';
import { createStrategies } from '../kinds/strategies.js';
import { ApiError } from './api-error.js';
import { KubeApi } from './kube-api.js';
import { ObjectStore } from './object-store.js';
import { TYPES, findByResource } from './resource-types.js';

const CONFIGMAPS = findByResource('', 'v1', 'configmaps')!;

function setup(): KubeApi {
  const api = new KubeApi(new ObjectStore(), createStrategies(new ServiceAllocator(() => [])));
  api.create(TYPES.namespaces, undefined, { metadata: { name: 'default' } });
  return api;
}

function deployment(name = 'web', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'img:1' }] } },
      ...extra,
    },
  };
}

function code(fn: () => unknown): number {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ApiError, String(err));
    return err.code;
  }
  return 200;
}

describe('create', () => {
  it('assigns uid, resourceVersion, generation and defaults', () => {
    const api = setup();
    const d = api.create(TYPES.deployments, 'default', deployment());
    assert.match(d.metadata.uid!, /^[0-9a-f-]{36}$/);
    assert.equal(d.metadata.generation, 1);
    assert.equal(Number(d.metadata.resourceVersion), api.store.currentRevision());
    assert.equal(d.spec.replicas, 1);
    assert.equal(d.spec.strategy.type, 'RollingUpdate');
    assert.equal(d.spec.template.spec.restartPolicy, 'Always');
    assert.equal(d.spec.template.spec.containers[0].imagePullPolicy, 'IfNotPresent');
    assert.deepEqual(d.status, {});
  });

  const failures: [string, () => Record<string, unknown>, number][] = [
    ['duplicate name', () => deployment(), 409],
    ['selector not matching template labels', () => deployment('x', { selector: { matchLabels: { app: 'other' } } }), 422],
    ['missing selector', () => deployment('y', { selector: undefined }), 422],
    ['invalid name', () => deployment('Not_Valid'), 422],
    ['wrong kind for the URL', () => ({ ...deployment('z'), kind: 'StatefulSet' }), 400],
    ['missing namespace', () => ({ ...deployment('q'), metadata: { name: 'q', namespace: 'nope' } }), 400],
  ];
  for (const [name, body, expected] of failures) {
    it(`refuses: ${name} (${expected})`, () => {
      const api = setup();
      api.create(TYPES.deployments, 'default', deployment());
      assert.equal(code(() => api.create(TYPES.deployments, 'default', body())), expected);
    });
  }

  it('404 in a namespace that does not exist, 403 in one being deleted', () => {
    const api = setup();
    assert.equal(code(() => api.create(TYPES.deployments, 'ghost', deployment())), 404);
    api.create(TYPES.namespaces, undefined, { metadata: { name: 'gone' } });
    api.delete(TYPES.namespaces, undefined, 'gone');
    assert.equal(code(() => api.create(TYPES.deployments, 'gone', deployment())), 403);
  });

  it('generateName gets a random suffix', () => {
    const api = setup();
    const cm = api.create(CONFIGMAPS, 'default', { metadata: { generateName: 'cfg-' } });
    assert.match(cm.metadata.name!, /^cfg-[a-z0-9]{5}$/);
  });

  it('dry run validates and returns without storing', () => {
    const api = setup();
    const before = api.store.currentRevision();
    const d = api.create(TYPES.deployments, 'default', deployment(), { dryRun: true });
    assert.equal(d.metadata.name, 'web');
    assert.equal(api.tryGet(TYPES.deployments, 'default', 'web'), undefined);
    assert.equal(api.store.currentRevision(), before);
    assert.equal(code(() => api.create(TYPES.deployments, 'default', deployment('Bad_'), { dryRun: true })), 422);
  });
});

describe('update and patch', () => {
  it('a stale resourceVersion is a 409 conflict; none means unconditional', () => {
    const api = setup();
    const d = api.create(TYPES.deployments, 'default', deployment());
    const changed = { ...d, spec: { ...d.spec, replicas: 2 } };
    const updated = api.update(TYPES.deployments, 'default', 'web', changed);
    assert.equal(updated.metadata.generation, 2);
    assert.equal(code(() => api.update(TYPES.deployments, 'default', 'web', changed)), 409);
    const { resourceVersion: _rv, ...meta } = updated.metadata;
    assert.equal(api.update(TYPES.deployments, 'default', 'web', { ...updated, metadata: meta, spec: { ...updated.spec, replicas: 4 } }).spec.replicas, 4);
  });

  it('keeps status on a spec update and spec on a status update; metadata-only changes keep generation', () => {
    const api = setup();
    api.create(TYPES.deployments, 'default', deployment());
    api.mutate(TYPES.deployments, 'default', 'web', (o) => (o.status = { replicas: 1 }));
    const patched = api.patch(TYPES.deployments, 'default', 'web', 'merge', { metadata: { annotations: { a: 'b' } }, status: { replicas: 9 } });
    assert.deepEqual(patched.status, { replicas: 1 });
    assert.equal(patched.metadata.generation, 1);
    const status = api.patch(TYPES.deployments, 'default', 'web', 'merge', { spec: { replicas: 7 }, status: { replicas: 2 } }, { subresource: 'status' });
    assert.equal(status.spec.replicas, 1);
    assert.deepEqual(status.status, { replicas: 2 });
  });

  it('an update that changes nothing writes nothing', () => {
    const api = setup();
    const d = api.create(TYPES.deployments, 'default', deployment());
    const again = api.patch(TYPES.deployments, 'default', 'web', 'strategic', { spec: { replicas: 1 } });
    assert.equal(again.metadata.resourceVersion, d.metadata.resourceVersion);
  });

  it('the selector is immutable', () => {
    const api = setup();
    api.create(TYPES.deployments, 'default', deployment());
    const patch = { spec: { selector: { matchLabels: { app: 'web', x: 'y' } }, template: { metadata: { labels: { app: 'web', x: 'y' } } } } };
    assert.equal(code(() => api.patch(TYPES.deployments, 'default', 'web', 'merge', patch)), 422);
  });

  it('a patch carrying a stale resourceVersion conflicts', () => {
    const api = setup();
    api.create(TYPES.deployments, 'default', deployment());
    assert.equal(code(() => api.patch(TYPES.deployments, 'default', 'web', 'merge', { metadata: { resourceVersion: '1' }, spec: { replicas: 3 } })), 409);
  });

  it('server-side apply creates when absent', () => {
    const api = setup();
    const created = api.patch(TYPES.deployments, 'default', 'web', 'apply', deployment());
    assert.equal(created.metadata.generation, 1);
  });
});

describe('delete', () => {
  it('removes at once by default, keeps an object with finalizers until they are gone', () => {
    const api = setup();
    api.create(CONFIGMAPS, 'default', { metadata: { name: 'plain' } });
    assert.equal(api.delete(CONFIGMAPS, 'default', 'plain').removed, true);
    api.create(CONFIGMAPS, 'default', { metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    const result = api.delete(CONFIGMAPS, 'default', 'held');
    assert.equal(result.removed, false);
    assert.ok(result.object.metadata.deletionTimestamp);
    api.patch(CONFIGMAPS, 'default', 'held', 'merge', { metadata: { finalizers: null } });
    assert.equal(api.tryGet(CONFIGMAPS, 'default', 'held'), undefined);
  });

  it('a scheduled pod ends gracefully; an unscheduled one goes at once', () => {
    const api = setup();
    const pod = { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }] } };
    api.create(TYPES.pods, 'default', pod);
    assert.equal(api.delete(TYPES.pods, 'default', 'p').removed, true);
    api.create(TYPES.pods, 'default', pod);
    api.mutate(TYPES.pods, 'default', 'p', (o) => (o.spec.nodeName = 'kube-sim'));
    const graceful = api.delete(TYPES.pods, 'default', 'p', { gracePeriodSeconds: 5 });
    assert.equal(graceful.removed, false);
    assert.equal(graceful.object.metadata.deletionGracePeriodSeconds, 5);
    assert.equal(api.delete(TYPES.pods, 'default', 'p', { gracePeriodSeconds: 0 }).removed, true);
  });

  it('Foreground adds the foregroundDeletion finalizer; Orphan drops owner references', () => {
    const api = setup();
    const owner = api.create(TYPES.deployments, 'default', deployment());
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: owner.metadata.uid!, controller: true };
    api.create(CONFIGMAPS, 'default', { metadata: { name: 'dep', ownerReferences: [ref] } });
    assert.deepEqual(api.delete(TYPES.deployments, 'default', 'web', { propagationPolicy: 'Foreground' }).object.metadata.finalizers, ['foregroundDeletion']);
    const other = api.create(TYPES.deployments, 'default', deployment('other'));
    api.create(CONFIGMAPS, 'default', { metadata: { name: 'dep2', ownerReferences: [{ ...ref, name: 'other', uid: other.metadata.uid! }] } });
    api.delete(TYPES.deployments, 'default', 'other', { propagationPolicy: 'Orphan' });
    assert.equal(api.tryGet(CONFIGMAPS, 'default', 'dep2')?.metadata.ownerReferences, undefined);
  });

  it('checks preconditions', () => {
    const api = setup();
    api.create(CONFIGMAPS, 'default', { metadata: { name: 'c' } });
    assert.equal(code(() => api.delete(CONFIGMAPS, 'default', 'c', { preconditions: { uid: 'other' } })), 409);
  });
});
