import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { containerDefinition, declaredDefinitions, imageDefinition, ownEnvironment } from './job-definitions.js';
import { containerOf } from './fixtures/containers.js';
import type { JobEnvironmentEntry } from '../jobs.js';

describe('docker job definitions', () => {
  it('a labelled container: labels, limits, own variables; defaults as CronJob-derived ones', () => {
    const c = containerOf({
      name: 'Fibo-Batch-definition',
      labels: { 'SlimFaas/Job': 'true', 'SlimFaas/JobImagesWhitelist': 'fibo:*, other:1', 'SlimFaas/Schedules': '[]', 'SlimFaas/NumberParallelJob': 'x' },
      config: { Image: 'fibo:2', Env: ['PATH=/bin', 'MODE=batch'] },
      host: { NanoCpus: 1e9 },
    });
    assert.deepEqual(containerDefinition(c, ['PATH=/bin']), {
      name: 'fibo-batch-definition',
      Image: 'fibo:2',
      ImagesWhitelist: ['fibo:*', 'other:1', 'fibo:2'],
      Resources: { Requests: { cpu: '100m', memory: '100Mi' }, Limits: { cpu: '1000m' } },
      DependsOn: null,
      Environments: [{ Name: 'MODE', Value: 'batch' }],
      BackoffLimit: 1,
      Visibility: 'Private',
      NumberParallelJob: 1,
      TtlSecondsAfterFinished: 60,
      RestartPolicy: 'Never',
      schedules: '[]',
    });
    assert.equal(containerDefinition(containerOf({ labels: { 'SlimFaas/Job': 'false' } }), null), null);
  });

  it('own environment', () => {
    const cases: Array<[string[] | null, string[] | null, JobEnvironmentEntry[] | null]> = [
      [null, null, null],
      [['A=1'], ['A=1'], null],
      [['A=2', 'B=x=y'], ['A=1'], [{ Name: 'A', Value: '2' }, { Name: 'B', Value: 'x=y' }]],
      [['NOVALUE'], null, null],
    ];
    for (const [container, image, expected] of cases) assert.deepEqual(ownEnvironment(container, image), expected, JSON.stringify([container, image]));
  });

  it('a labelled image needs an app label; its first real tag is the image; a container wins over an image of the same name', () => {
    const labels = { 'SlimFaas/Job': 'true', app: 'Batch', 'SlimFaas/Namespace': 'ns', 'SlimFaas/DefaultVisibility': 'Public' };
    const image = { Id: 'sha256:1', RepoTags: ['<none>:<none>', 'batch:3'], Labels: labels };
    assert.equal(imageDefinition(image)?.Image, 'batch:3');
    assert.equal(imageDefinition(image)?.Visibility, 'Public');
    assert.equal(imageDefinition({ Id: 'sha256:2', RepoTags: null, Labels: { ...labels } })?.Image, 'sha256:2');
    assert.equal(imageDefinition({ Id: 'sha256:3', Labels: { 'SlimFaas/Job': 'true' } }), null);
    const container = containerOf({ name: 'batch-def', labels: { 'SlimFaas/Job': 'true', app: 'batch' }, config: { Image: 'batch:4' } });
    const all = declaredDefinitions([container], [image, { Id: 'sha256:4', RepoTags: ['a:1'], Labels: { ...labels, app: 'alpha' } }], () => null);
    assert.deepEqual(all.map((d) => [d.name, d.Image]), [['alpha', 'a:1'], ['batch', 'batch:4']]);
  });
});
