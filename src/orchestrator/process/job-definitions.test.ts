import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LocalJob } from '../../config/manifest/types.js';
import type { DeclaredJobDefinition } from '../jobs.js';
import { jobDefinitionOf } from './job-definitions.js';

const base: LocalJob = {
  name: 'fetch-report',
  command: ['node', 'job.js'],
  workingDirectory: '/tmp',
  annotations: { 'SlimFaas/Job': 'true' },
  environment: { SECRET: 'never advertised' },
  ttlSecondsAfterFinished: 60,
  backoffLimit: 1,
  restartPolicy: 'Never',
};

const DEFAULTS = { cpu: '100m', memory: '100Mi' };

const expectedBase: DeclaredJobDefinition = {
  name: 'fetch-report',
  Image: 'local:fetch-report',
  ImagesWhitelist: ['local:fetch-report'],
  Resources: { Requests: DEFAULTS, Limits: DEFAULTS },
  DependsOn: null,
  Environments: null,
  BackoffLimit: 1,
  Visibility: 'Private',
  NumberParallelJob: 1,
  TtlSecondsAfterFinished: 60,
  RestartPolicy: 'Never',
  schedules: '',
};

const schedules = '[{"Schedule":"*/2 * * * *","Args":["39"]}]';

const cases: Array<[string, Partial<LocalJob>, Partial<DeclaredJobDefinition>]> = [
  ['defaults', {}, {}],
  [
    'both resource maps',
    { resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } } },
    { Resources: { Requests: { cpu: '1', memory: '1Gi' }, Limits: { cpu: '2', memory: '2Gi' } } },
  ],
  ['requests only: limits default', { resources: { requests: { cpu: '1' } } }, { Resources: { Requests: { cpu: '1' }, Limits: DEFAULTS } }],
  ['limits only: requests default', { resources: { limits: { memory: '1Gi' } } }, { Resources: { Requests: DEFAULTS, Limits: { memory: '1Gi' } } }],
  ['empty resources block', { resources: {} }, {}],
  ['DependsOn trimmed, empty entries dropped', { annotations: { 'SlimFaas/DependsOn': ' fn-a, ,processes:db,, fn-b ' } }, { DependsOn: ['fn-a', 'processes:db', 'fn-b'] }],
  ['DependsOn present but blank', { annotations: { 'SlimFaas/DependsOn': ' ' } }, { DependsOn: [] }],
  ['Visibility raw', { annotations: { 'SlimFaas/DefaultVisibility': 'Public' } }, { Visibility: 'Public' }],
  ['NumberParallelJob', { annotations: { 'SlimFaas/NumberParallelJob': ' 3 ' } }, { NumberParallelJob: 3 }],
  ['NumberParallelJob unparsable', { annotations: { 'SlimFaas/NumberParallelJob': 'many' } }, { NumberParallelJob: 1 }],
  ['schedules raw', { annotations: { 'SlimFaas/Schedules': schedules } }, { schedules }],
  [
    'manifest settings',
    { backoffLimit: 4, ttlSecondsAfterFinished: 0, restartPolicy: 'OnFailure' },
    { BackoffLimit: 4, TtlSecondsAfterFinished: 0, RestartPolicy: 'OnFailure' },
  ],
];

for (const [label, overrides, expected] of cases) {
  test(`jobDefinitionOf: ${label}`, () => {
    const job = { ...base, ...overrides, annotations: { ...base.annotations, ...overrides.annotations } };
    assert.deepEqual(jobDefinitionOf(job), { ...expectedBase, ...expected });
  });
}

test('jobDefinitionOf: the definition never shares the manifest resource maps', () => {
  const job: LocalJob = { ...base, resources: { requests: { cpu: '1' } } };
  const def = jobDefinitionOf(job);
  def.Resources!.Requests.cpu = '9';
  def.Resources!.Limits.cpu = '9';
  assert.equal(job.resources!.requests!.cpu, '1');
  assert.equal(jobDefinitionOf(base).Resources!.Limits.cpu, '100m');
});
