import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jobSpec, literalEnvironment } from './job-spec.js';
import type { JobRunSpec } from '../jobs.js';

const run = (o: Partial<JobRunSpec> = {}): JobRunSpec => ({
  name: 'fibo-slimfaas-job-abcd1234',
  definition: 'fibo',
  elementId: 'element-1',
  image: 'fibo:1',
  args: ['7'],
  environment: [],
  resources: { Requests: { cpu: '100m', memory: '100Mi' }, Limits: { cpu: '200m', memory: '128Mi' } },
  dependsOn: null,
  backoffLimit: 1,
  ttlSecondsAfterFinished: 60,
  restartPolicy: 'Never',
  inQueueTicks: '638720123456789012',
  startTicks: '638720123466789012',
  ...o,
});

describe('docker job runs as containers', () => {
  it('labels: the four slimfaas-job labels, not a function, namespace, TTL, definition, DependsOn when given', () => {
    const { spec } = jobSpec(run({ dependsOn: ['a', 'b'] }), { namespace: 'ns', network: undefined, hostGateway: false });
    assert.deepEqual(spec.Labels, {
      'slimfaas-job-name': 'fibo-slimfaas-job-abcd1234',
      'slimfaas-job-element-id': 'element-1',
      'slimfaas-in-queue-timestamp': '638720123456789012',
      'slimfaas-job-start-timestamp': '638720123466789012',
      'SlimFaas/Function': 'false',
      'SlimFaas/Namespace': 'ns',
      'SlimFaas/TtlSecondsAfterFinished': '60',
      'slimfaas-job-definition': 'fibo',
      'SlimFaas/DependsOn': 'a,b',
    });
    assert.equal(jobSpec(run(), { namespace: 'ns', network: undefined, hostGateway: false }).spec.Labels['SlimFaas/DependsOn'], undefined);
    assert.equal(jobSpec(run({ dependsOn: [] }), { namespace: 'ns', network: undefined, hostGateway: false }).spec.Labels['SlimFaas/DependsOn'], '');
  });

  it('only literal variables are passed', () => {
    const { env, skipped } = literalEnvironment(
      run({
        environment: [
          { Name: 'A', Value: 'x=y' },
          { Name: 'EMPTY' },
          { Name: 'SECRET', Value: '', SecretRef: { Name: 's', Key: 'k' } },
          { Name: 'POD', FieldRef: { FieldPath: 'metadata.name' } },
          { Name: 'BAD=NAME', Value: '1' },
        ],
      }),
    );
    assert.deepEqual(env, ['A=x=y', 'EMPTY=']);
    assert.deepEqual(skipped, ['SECRET', 'POD', 'BAD=NAME']);
  });

  it('args, retries, limits, network and host gateway', () => {
    const cases: Array<[Partial<JobRunSpec>, { Cmd: string[] | undefined; restart: { Name: string; MaximumRetryCount?: number } }]> = [
      [{ args: null, backoffLimit: 0 }, { Cmd: undefined, restart: { Name: 'no' } }],
      [{ args: [], backoffLimit: 1 }, { Cmd: [], restart: { Name: 'on-failure', MaximumRetryCount: 1 } }],
      [{ args: ['report', 'u'], backoffLimit: 6 }, { Cmd: ['report', 'u'], restart: { Name: 'on-failure', MaximumRetryCount: 6 } }],
    ];
    for (const [overrides, expected] of cases) {
      const { spec } = jobSpec(run(overrides), { namespace: 'ns', network: undefined, hostGateway: false });
      assert.deepEqual({ Cmd: spec.Cmd, restart: spec.HostConfig.RestartPolicy }, expected, JSON.stringify(overrides));
    }
    const { spec } = jobSpec(run(), { namespace: 'ns', network: 'demo_default', hostGateway: true });
    assert.deepEqual([spec.name, spec.Image], ['fibo-slimfaas-job-abcd1234', 'fibo:1']);
    assert.deepEqual(
      [spec.HostConfig.NanoCpus, spec.HostConfig.Memory, spec.HostConfig.MemoryReservation, spec.HostConfig.NetworkMode, spec.HostConfig.ExtraHosts, spec.HostConfig.Init],
      [200_000_000, 128 * 1024 * 1024, 100 * 1024 * 1024, 'demo_default', ['host.docker.internal:host-gateway'], true],
    );
    assert.deepEqual(spec.NetworkingConfig, { EndpointsConfig: { demo_default: { Aliases: ['fibo-slimfaas-job-abcd1234'] } } });
  });
});
