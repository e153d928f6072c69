import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyJsonPatch } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';
import { PatchError } from './patch-error.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

const deployment = {
  metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a'] },
  spec: {
    replicas: 1,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } },
    template: {
      spec: {
        containers: [
          { name: 'web', image: 'web:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 8080 }] },
          { name: 'side', image: 'side:1' },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
      },
    },
  },
};

describe('JSON merge patch (RFC 7386)', () => {
  const cases: [string, unknown, unknown, unknown][] = [
    ['adds and replaces members', { a: 1, b: { c: 2 } }, { b: { d: 3 }, e: 4 }, { a: 1, b: { c: 2, d: 3 }, e: 4 }],
    ['null deletes', { a: 1, b: 2 }, { a: null }, { b: 2 }],
    ['lists are replaced', { l: [1, 2, 3] }, { l: [4] }, { l: [4] }],
    ['scale patch', { spec: { replicas: 1 }, status: { replicas: 1 } }, { spec: { replicas: 3 } }, { spec: { replicas: 3 }, status: { replicas: 1 } }],
    ['annotate', { metadata: { name: 'x' } }, { metadata: { annotations: { k: 'v' } } }, { metadata: { name: 'x', annotations: { k: 'v' } } }],
  ];
  for (const [name, target, patch, expected] of cases) it(name, () => assert.deepEqual(applyMergePatch(target, patch), expected));
});

describe('strategic merge patch', () => {
  const containers = (result: unknown): { name: string; image?: string; env?: unknown[]; ports?: unknown[] }[] =>
    (result as typeof deployment).spec.template.spec.containers;

  it('merges containers by name and env by name (what kubectl apply sends)', () => {
    const patch = {
      spec: {
        replicas: 2,
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'side' }],
            containers: [{ '$setElementOrder/env': [{ name: 'A' }, { name: 'B' }], env: [{ name: 'A', value: 'changed' }], name: 'web' }],
          },
        },
      },
    };
    const result = applyStrategicMergePatch(deployment, patch);
    assert.equal((result as typeof deployment).spec.replicas, 2);
    assert.deepEqual(containers(result).map((c) => c.name), ['web', 'side']);
    assert.equal(containers(result)[0]!.image, 'web:1');
    assert.deepEqual(containers(result)[0]!.env, [{ name: 'A', value: 'changed' }, { name: 'B', value: '2' }]);
  });

  it('appends new list items and orders them with $setElementOrder', () => {
    const result = applyStrategicMergePatch(deployment, {
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'init' }, { name: 'web' }, { name: 'side' }], containers: [{ name: 'init', image: 'i:1' }] } } },
    });
    assert.deepEqual(containers(result).map((c) => c.name), ['init', 'web', 'side']);
  });

  it('$patch: delete removes one item by merge key', () => {
    const result = applyStrategicMergePatch(deployment, { spec: { template: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } } } });
    assert.deepEqual(containers(result).map((c) => c.name), ['web']);
  });

  it('$patch: replace on a list replaces it', () => {
    const result = applyStrategicMergePatch(deployment, { spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'o' }] } } } });
    assert.deepEqual(containers(result), [{ name: 'only', image: 'o' }]);
  });

  it('$patch: replace on a map replaces it', () => {
    const result = applyStrategicMergePatch({ a: { x: 1, y: 2 } }, { a: { $patch: 'replace', z: 3 } });
    assert.deepEqual(result, { a: { z: 3 } });
  });

  it('$retainKeys drops the keys it does not list (strategy type change)', () => {
    const result = applyStrategicMergePatch(deployment, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } });
    assert.deepEqual((result as typeof deployment).spec.strategy, { type: 'Recreate' });
  });

  it('ports merge by containerPort; null deletes a field of a merged item', () => {
    const result = applyStrategicMergePatch(deployment, {
      spec: { template: { spec: { containers: [{ name: 'web', image: null, ports: [{ containerPort: 9090 }] }] } } },
    });
    assert.deepEqual(containers(result)[0]!.ports, [{ containerPort: 8080 }, { containerPort: 9090 }]);
    assert.equal(containers(result)[0]!.image, undefined);
  });

  it('primitive merge lists (finalizers) are unioned, $deleteFromPrimitiveList removes', () => {
    assert.deepEqual((applyStrategicMergePatch(deployment, { metadata: { finalizers: ['b', 'a'] } }) as typeof deployment).metadata.finalizers, ['a', 'b']);
    assert.deepEqual((applyStrategicMergePatch(deployment, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }) as typeof deployment).metadata.finalizers, []);
  });

  it('lists without a strategy are replaced (args)', () => {
    assert.deepEqual(applyStrategicMergePatch({ spec: { args: ['a', 'b'] } }, { spec: { args: ['c'] } }), { spec: { args: ['c'] } });
  });

  it('rejects a merge-keyed item without its key', () => {
    assert.throws(() => applyStrategicMergePatch(deployment, { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }), PatchError);
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc = { spec: { replicas: 1, list: ['a', 'b'] }, metadata: { 'a/b': 1 } };
  const cases: [string, unknown[], unknown][] = [
    ['replace', [{ op: 'replace', path: '/spec/replicas', value: 5 }], { spec: { replicas: 5, list: ['a', 'b'] }, metadata: { 'a/b': 1 } }],
    ['add to list end', [{ op: 'add', path: '/spec/list/-', value: 'c' }], { spec: { replicas: 1, list: ['a', 'b', 'c'] }, metadata: { 'a/b': 1 } }],
    ['insert in list', [{ op: 'add', path: '/spec/list/0', value: 'z' }], { spec: { replicas: 1, list: ['z', 'a', 'b'] }, metadata: { 'a/b': 1 } }],
    ['remove escaped key', [{ op: 'remove', path: '/metadata/a~1b' }], { spec: { replicas: 1, list: ['a', 'b'] }, metadata: {} }],
    ['move', [{ op: 'move', from: '/spec/replicas', path: '/spec/count' }], { spec: { list: ['a', 'b'], count: 1 }, metadata: { 'a/b': 1 } }],
    ['copy', [{ op: 'copy', from: '/spec/replicas', path: '/spec/copy' }], { spec: { replicas: 1, list: ['a', 'b'], copy: 1 }, metadata: { 'a/b': 1 } }],
    ['test passes', [{ op: 'test', path: '/spec/replicas', value: 1 }], doc],
  ];
  for (const [name, ops, expected] of cases) it(name, () => assert.deepEqual(applyJsonPatch(doc, ops), expected));

  const failures: [string, unknown][] = [
    ['failed test', [{ op: 'test', path: '/spec/replicas', value: 2 }]],
    ['missing path', [{ op: 'replace', path: '/spec/nope/x', value: 1 }]],
    ['remove missing', [{ op: 'remove', path: '/spec/nope' }]],
    ['not a list', { op: 'add' }],
  ];
  for (const [name, ops] of failures) it(`fails: ${name}`, () => assert.throws(() => applyJsonPatch(doc, ops), PatchError));

  it('leaves its input untouched', () => {
    applyJsonPatch(doc, [{ op: 'replace', path: '/spec/replicas', value: 9 }]);
    assert.equal(doc.spec.replicas, 1);
  });
});
