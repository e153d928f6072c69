/**
 * The deployment artifacts: `deploy/kubernetes` renders with `kubectl kustomize` (base and the
 * `embedded` and `redis` overlays), grants exactly the verbs SlimFaas uses, and applies with the
 * real `kubectl` to the Kubernetes API test server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { startKubeSim, type KubeSim } from '../../src/kube-sim/index.js';
import { Kubectl } from '../kube-sim/kubectl.js';
import { REPO } from '../helpers/local-up.js';

const overlay = (name: string) => join(REPO, 'deploy', 'kubernetes', 'overlays', name);

describe('Kustomize overlays', () => {
  let sim: KubeSim;
  let kubectl: Kubectl;
  let home: string;

  before(async () => {
    sim = await startKubeSim({});
    home = mkdtempSync(join(tmpdir(), 'slimfaas-kubectl-'));
    kubectl = new Kubectl(sim.kubeconfigPath, home);
  });

  after(async () => {
    await sim?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('render: RBAC is exactly what SlimFaas uses; the redis overlay runs 3 replicas on Redis', async () => {
    const embedded = parseAllDocuments(await kubectl.ok(['kustomize', overlay('embedded')])).map((d) => d.toJS());
    const kinds = embedded.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    assert.deepEqual(kinds, ['Deployment/fibonacci', 'Deployment/slimfaas', 'Namespace/slimfaas-demo', 'Role/slimfaas', 'RoleBinding/slimfaas', 'Service/slimfaas', 'ServiceAccount/slimfaas']);
    const role = embedded.find((o) => o.kind === 'Role');
    assert.deepEqual(role.rules, [
      { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] },
      { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: ['list', 'watch'] },
      { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale'], verbs: ['patch'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'list', 'watch', 'delete'] },
      { apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['list', 'watch'] },
    ]);
    const redis = parseAllDocuments(await kubectl.ok(['kustomize', overlay('redis')])).map((d) => d.toJS());
    const slimfaas = redis.find((o) => o.kind === 'Deployment' && o.metadata.name === 'slimfaas');
    assert.equal(slimfaas.spec.replicas, 3);
    const env = Object.fromEntries(slimfaas.spec.template.spec.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));
    assert.deepEqual([env.SlimFaas__Store, env.SlimFaas__RedisUrl], ['redis', 'redis://redis:6379']);
    const secret = slimfaas.spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === 'SlimFaas__ClusterSecret');
    assert.deepEqual(secret.valueFrom, { secretKeyRef: { name: 'slimfaas-cluster', key: 'secret' } }, 'the cluster secret comes from a Secret, never a literal');
    assert.ok(redis.some((o) => o.kind === 'StatefulSet' && o.metadata.name === 'redis'));
  });

  for (const name of ['embedded', 'redis']) {
    it(`kubectl apply -k ${name} to the test API server`, async () => {
      const applied = await kubectl.ok(['apply', '-k', overlay(name)]);
      assert.match(applied, /deployment\.apps\/slimfaas (created|configured|unchanged)/);
      assert.match(applied, /role\.rbac\.authorization\.k8s\.io\/slimfaas (created|configured|unchanged)/);
      const deployments = await kubectl.ok(['get', 'deploy', '-n', 'slimfaas-demo', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.spec.replicas} {end}']);
      assert.match(deployments, new RegExp(`slimfaas=${name === 'redis' ? 3 : 1}`));
      assert.match(deployments, /fibonacci=0/);
      assert.equal((await kubectl.ok(['get', 'serviceaccount', 'slimfaas', '-n', 'slimfaas-demo', '-o', 'name'])).trim(), 'serviceaccount/slimfaas');
    });
  }
});
