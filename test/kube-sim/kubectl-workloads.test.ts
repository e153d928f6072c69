// The real kubectl against kube-sim: RBAC objects, server-side dry run, a StatefulSet, Jobs to completion and to
// failure, CronJobs, a crash-looping pod, Services, namespaces.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../helpers/wait.js';
import { HTTP_POD, askPod, startFixture, type SimFixture } from './kubectl.js';

const RBAC = `apiVersion: v1
kind: ServiceAccount
metadata: { name: slimfaas }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: slimfaas }
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["apps"]
    resources: ["deployments", "statefulsets", "deployments/scale", "statefulsets/scale"]
    verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
  - apiGroups: ["batch"]
    resources: ["jobs", "cronjobs"]
    verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: slimfaas }
subjects:
  - { kind: ServiceAccount, name: slimfaas, namespace: default }
roleRef: { kind: Role, name: slimfaas, apiGroup: rbac.authorization.k8s.io }
`;

const STATEFULSET = `apiVersion: v1
kind: Service
metadata: { name: slimfaas }
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector: { app: slimfaas }
  ports: [{ name: http, port: 5000 }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: slimfaas }
spec:
  serviceName: slimfaas
  replicas: 2
  podManagementPolicy: OrderedReady
  selector: { matchLabels: { app: slimfaas } }
  template:
    metadata: { labels: { app: slimfaas } }
    spec:
      terminationGracePeriodSeconds: 5
      containers:
        - name: slimfaas
          image: slimfaas:latest
          command: ["node", "${HTTP_POD}"]
          ports: [{ name: http, containerPort: 8080 }]
          readinessProbe: { httpGet: { path: /ready, port: http }, periodSeconds: 1 }
`;

function job(name: string, script: string, backoffLimit: number): string {
  return `apiVersion: batch/v1
kind: Job
metadata: { name: ${name} }
spec:
  backoffLimit: ${backoffLimit}
  template:
    metadata: { labels: { slimfaas-job-name: ${name} } }
    spec:
      restartPolicy: Never
      containers:
        - name: ${name}
          image: example/job:1
          command: ["node", "-e", ${JSON.stringify(script)}]
`;
}

const CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: fibonacci
  annotations: { SlimFaas/Job: "true", SlimFaas/NumberParallelJob: "2" }
spec:
  schedule: "0 0 * * *"
  suspend: true
  jobTemplate:
    spec:
      backoffLimit: 2
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: fibonacci
              image: example/fibonacci:1
              resources: { requests: { cpu: 100m, memory: 64Mi } }
`;

describe('kubectl with the other workloads', () => {
  let fx: SimFixture;
  before(async () => {
    fx = await startFixture({ crashBackoffBaseMs: 1000, jobBackoffBaseMs: 50 });
  });
  after(() => fx.close());

  it('applies ServiceAccount, Role and RoleBinding', async () => {
    const out = await fx.kubectl.ok(['apply', '-f', fx.manifest('rbac.yaml', RBAC)]);
    assert.deepEqual(out.trim().split('\n'), [
      'serviceaccount/slimfaas created',
      'role.rbac.authorization.k8s.io/slimfaas created',
      'rolebinding.rbac.authorization.k8s.io/slimfaas created',
    ]);
    const list = await fx.kubectl.ok(['get', 'sa,role,rolebinding', '-o', 'wide']);
    assert.match(list, /serviceaccount\/default\s+0/);
    assert.match(list, /serviceaccount\/slimfaas\s+0/);
    assert.match(list, /role\.rbac\.authorization\.k8s\.io\/slimfaas\s+\d{4}-\d\d-\d\dT/);
    assert.match(list, /rolebinding\.rbac\.authorization\.k8s\.io\/slimfaas\s+Role\/slimfaas\s+\S+\s+default\/slimfaas/);
    assert.equal((await fx.kubectl.ok(['apply', '-f', fx.manifest('rbac.yaml', RBAC)])).trim().split('\n').every((l) => l.endsWith('unchanged')), true);
  });

  it('kubectl apply --dry-run=server validates and stores nothing', async () => {
    const file = fx.manifest('dry.yaml', job('dry', 'process.exit(0)', 0));
    assert.equal((await fx.kubectl.ok(['apply', '--dry-run=server', '-f', file])).trim(), 'job.batch/dry created (server dry run)');
    assert.match((await fx.kubectl.run(['get', 'job', 'dry'])).stderr, /NotFound.*jobs\.batch "dry" not found/);
    const bad = fx.manifest('bad.yaml', job('bad', 'x', 0).replace('restartPolicy: Never', 'restartPolicy: Always'));
    const refused = await fx.kubectl.run(['apply', '--dry-run=server', '-f', bad]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /Unsupported value: "Always"/);
  });

  it('a StatefulSet runs <name>-0 then <name>-1, each on its own IP; scaling down removes the highest ordinal', async () => {
    await fx.kubectl.ok(['apply', '-f', fx.manifest('sts.yaml', STATEFULSET)]);
    await waitFor(() => fx.sim.pods('default').filter((p) => p.ready).length === 2, 20_000, 'two ready pods');
    fx.notePids();
    const pods = fx.sim.pods('default').sort((a, b) => a.name.localeCompare(b.name));
    assert.deepEqual(pods.map((p) => p.name), ['slimfaas-0', 'slimfaas-1']);
    for (const pod of pods) assert.equal(await askPod(pod.ip!), `${pod.name} ${pod.ip}`);
    assert.match(await fx.kubectl.ok(['get', 'sts']), /slimfaas\s+2\/2/);
    assert.match(await fx.kubectl.ok(['get', 'svc', 'slimfaas']), /slimfaas\s+ClusterIP\s+None\s+<none>\s+5000\/TCP/);
    assert.equal((await fx.kubectl.ok(['scale', 'sts/slimfaas', '--replicas=1'])).trim(), 'statefulset.apps/slimfaas scaled');
    await waitFor(() => fx.sim.pods('default').map((p) => p.name).join() === 'slimfaas-0', 20_000, 'only slimfaas-0 left');
    await fx.kubectl.ok(['delete', '-f', fx.manifest('sts.yaml', STATEFULSET)]);
  });

  it('a Job runs to completion: kubectl wait, logs, get jobs, pod labels', async () => {
    await fx.kubectl.ok(['apply', '-f', fx.manifest('job.yaml', job('once', "console.log('job done')", 1))]);
    assert.equal((await fx.kubectl.ok(['wait', '--for=condition=complete', 'job/once', '--timeout=20s'])).trim(), 'job.batch/once condition met');
    assert.equal((await fx.kubectl.ok(['logs', 'job/once'])).trim(), 'job done');
    assert.match(await fx.kubectl.ok(['get', 'jobs']), /once\s+Complete\s+1\/1/);
    assert.match(await fx.kubectl.ok(['get', 'pods', '-l', 'slimfaas-job-name=once']), /once-\w{5}\s+0\/1\s+Completed\s+0/);
    const labels = JSON.parse(await fx.kubectl.ok(['get', 'pods', '-l', 'job-name=once', '-o', 'jsonpath={.items[0].metadata.labels}']));
    assert.equal(labels['batch.kubernetes.io/job-name'], 'once');
    assert.equal(labels['slimfaas-job-name'], 'once');
  });

  it('a failing Job gets backoffLimit + 1 pods, then Failed; deleting it in the foreground removes its pods', async () => {
    await fx.kubectl.ok(['apply', '-f', fx.manifest('failing.yaml', job('failing', 'process.exit(3)', 2))]);
    assert.equal((await fx.kubectl.ok(['wait', '--for=condition=failed', 'job/failing', '--timeout=20s'])).trim(), 'job.batch/failing condition met');
    const status = JSON.parse(await fx.kubectl.ok(['get', 'job', 'failing', '-o', 'jsonpath={.status}']));
    assert.equal(status.failed, 3);
    assert.equal(status.active, undefined);
    assert.match(await fx.kubectl.ok(['get', 'job', 'failing']), /failing\s+Failed\s+0\/1/);
    assert.equal(fx.sim.pods('default').filter((p) => p.labels['job-name'] === 'failing' && p.phase === 'Failed').length, 3);
    assert.equal((await fx.kubectl.ok(['delete', 'job', 'failing', '--cascade=foreground'])).trim(), 'job.batch "failing" deleted');
    assert.equal(fx.sim.pods('default').filter((p) => p.labels['job-name'] === 'failing').length, 0);
  });

  it('ttlSecondsAfterFinished deletes a finished Job and its pods', async () => {
    const manifest = job('short-lived', "console.log('bye')", 0).replace('backoffLimit: 0', 'backoffLimit: 0\n  ttlSecondsAfterFinished: 0');
    await fx.kubectl.ok(['apply', '-f', fx.manifest('ttl.yaml', manifest)]);
    await waitFor(async () => /NotFound/.test((await fx.kubectl.run(['get', 'job', 'short-lived'])).stderr), 20_000, 'the job deleted after finishing');
    await waitFor(() => !fx.sim.pods('default').some((p) => p.labels['job-name'] === 'short-lived'), 20_000, 'its pod deleted');
  });

  it('kubectl get cronjobs lists a suspended, annotated CronJob', async () => {
    assert.equal((await fx.kubectl.ok(['apply', '-f', fx.manifest('cj.yaml', CRONJOB)])).trim(), 'cronjob.batch/fibonacci created');
    const out = await fx.kubectl.ok(['get', 'cronjobs']);
    assert.match(out, /NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE/);
    assert.match(out, /fibonacci\s+0 0 \* \* \*\s+<none>\s+True\s+0\s+<none>/);
    assert.equal(await fx.kubectl.ok(['get', 'cj', 'fibonacci', '-o', 'jsonpath={.metadata.annotations.SlimFaas/Job}']), 'true');
    assert.equal(fx.sim.pods('default').filter((p) => p.name.startsWith('fibonacci')).length, 0);
  });

  it('a pod whose process keeps exiting is restarted with back-off: CrashLoopBackOff', async () => {
    const pod = `apiVersion: v1
kind: Pod
metadata: { name: crash }
spec:
  containers:
    - name: crash
      image: example/crash:1
      command: ["node", "-e", "process.exit(2)"]
`;
    await fx.kubectl.ok(['apply', '-f', fx.manifest('crash.yaml', pod)]);
    await waitFor(async () => /crash\s+0\/1\s+CrashLoopBackOff\s+[1-9]/.test(await fx.kubectl.ok(['get', 'pod', 'crash'])), 20_000, 'CrashLoopBackOff');
    const last = JSON.parse(await fx.kubectl.ok(['get', 'pod', 'crash', '-o', 'jsonpath={.status.containerStatuses[0].lastState.terminated}']));
    assert.equal(last.exitCode, 2);
    assert.equal(last.reason, 'Error');
    await fx.kubectl.ok(['delete', 'pod', 'crash', '--grace-period=0', '--force']);
  });

  it('namespaces: create with apply, delete removes what is inside', async () => {
    const manifest = `apiVersion: v1
kind: Namespace
metadata: { name: demo }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: demo }
data: { a: "1" }
`;
    await fx.kubectl.ok(['apply', '-f', fx.manifest('ns.yaml', manifest)]);
    assert.match(await fx.kubectl.ok(['get', 'ns', 'demo']), /demo\s+Active/);
    assert.match(await fx.kubectl.ok(['-n', 'demo', 'get', 'sa,cm']), /serviceaccount\/default[\s\S]*configmap\/settings\s+1/);
    assert.equal((await fx.kubectl.ok(['delete', 'ns', 'demo'])).trim(), 'namespace "demo" deleted');
    assert.match((await fx.kubectl.run(['get', 'ns', 'demo'])).stderr, /not found/);
  });
});
