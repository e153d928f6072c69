// @kubernetes/client-node (what SlimFaas's Kubernetes orchestrator uses) against kube-sim: informers (list +
// watch), the scale subresource by merge patch, Jobs created, listed by label and deleted in the foreground.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppsV1Api, BatchV1Api, CoreV1Api, KubeConfig, PatchStrategy, makeInformer, setHeaderOptions, type V1Pod } from '@kubernetes/client-node';
import { waitFor } from '../helpers/wait.js';
import { HTTP_POD, askPod, startFixture, type SimFixture } from './kubectl.js';

describe('@kubernetes/client-node against kube-sim', () => {
  let fx: SimFixture;
  let kc: KubeConfig;
  before(async () => {
    fx = await startFixture({ namespace: 'slimfaas-demo' });
    kc = new KubeConfig();
    kc.loadFromFile(fx.sim.kubeconfigPath);
  });
  after(() => fx.close());

  it('an informer follows pods while the scale subresource is patched', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const apps = kc.makeApiClient(AppsV1Api);
    const namespace = 'slimfaas-demo';
    const informer = makeInformer<V1Pod>(kc, `/api/v1/namespaces/${namespace}/pods`, () => core.listNamespacedPod({ namespace }));
    const deleted: string[] = [];
    informer.on('delete', (pod) => deleted.push(pod.metadata!.name!));
    await informer.start();
    try {
      await apps.createNamespacedDeployment({
        namespace,
        body: {
          metadata: { name: 'fibonacci' },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: 'fibonacci' } },
            template: {
              metadata: { labels: { app: 'fibonacci' }, annotations: { 'SlimFaas/Function': 'true' } },
              spec: { containers: [{ name: 'fibonacci', image: 'fib:1', command: ['node', HTTP_POD], ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 1 } }] },
            },
          },
        },
      });
      const ready = (): V1Pod[] => informer.list().filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') && !p.metadata?.deletionTimestamp);
      await waitFor(() => ready().length === 1, 20_000, 'one ready pod in the informer cache');
      const owner = ready()[0]!.metadata!.ownerReferences![0]!;
      assert.equal(owner.kind, 'ReplicaSet');
      assert.ok(owner.name.startsWith('fibonacci-'));
      const options = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
      const scale = await apps.patchNamespacedDeploymentScale({ name: 'fibonacci', namespace, body: { spec: { replicas: 2 } } }, options);
      assert.equal(scale.spec?.replicas, 2);
      await waitFor(() => ready().length === 2, 20_000, 'two ready pods in the informer cache');
      for (const pod of ready()) assert.match((await askPod(pod.status!.podIP!)) ?? '', new RegExp(`^${pod.metadata!.name}`));
      const deployment = await apps.readNamespacedDeployment({ name: 'fibonacci', namespace });
      assert.equal(deployment.status?.readyReplicas, 2);
      await apps.patchNamespacedDeploymentScale({ name: 'fibonacci', namespace, body: { spec: { replicas: 0 } } }, options);
      await waitFor(() => informer.list().length === 0, 20_000, 'no pod left in the cache');
      assert.equal(deleted.length, 2);
      const idle = await apps.readNamespacedDeployment({ name: 'fibonacci', namespace });
      assert.equal(idle.status?.readyReplicas, undefined, 'zero counts are omitted, as the API server does');
      assert.equal(idle.status?.replicas, undefined);
    } finally {
      await informer.stop();
    }
  });

  it('Jobs: create, list pods by label, delete with propagationPolicy=Foreground', async () => {
    const batch = kc.makeApiClient(BatchV1Api);
    const core = kc.makeApiClient(CoreV1Api);
    const namespace = 'slimfaas-demo';
    const name = 'fibonacci-slimfaas-job-abcd1234';
    await batch.createNamespacedJob({
      namespace,
      body: {
        metadata: { name },
        spec: {
          backoffLimit: 1,
          ttlSecondsAfterFinished: 60,
          template: {
            metadata: { labels: { 'slimfaas-job-name': name, 'slimfaas-job-element-id': 'e1' } },
            spec: { restartPolicy: 'Never', containers: [{ name: 'fibonacci', image: 'fib:1', args: ['node', '-e', 'setTimeout(() => {}, 60000)'] }] },
          },
        },
      },
    });
    await waitFor(async () => (await core.listNamespacedPod({ namespace, labelSelector: `slimfaas-job-name=${name}` })).items.some((p) => p.status?.phase === 'Running'), 20_000, 'the job pod running');
    assert.equal((await batch.listNamespacedJob({ namespace })).items[0]?.status?.active, 1);
    await batch.deleteNamespacedJob({ name, namespace, propagationPolicy: 'Foreground' });
    await waitFor(async () => (await batch.listNamespacedJob({ namespace })).items.length === 0, 20_000, 'the job gone');
    assert.equal((await core.listNamespacedPod({ namespace, labelSelector: `slimfaas-job-name=${name}` })).items.length, 0);
  });
});
