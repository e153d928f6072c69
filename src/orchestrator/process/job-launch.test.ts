import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LocalJob } from '../../config/manifest/types.js';
import type { JobEnvironmentEntry, JobRunSpec } from '../jobs.js';
import { jobLaunchOf } from './job-launch.js';

const job: LocalJob = {
  name: 'report',
  command: ['/usr/bin/node', 'job.js', '--entry=http://localhost:30020'],
  workingDirectory: '/tmp',
  annotations: { 'SlimFaas/Job': 'true' },
  environment: { FROM_MANIFEST: 'manifest', SHARED: 'manifest', URL: 'http://127.0.0.1:30020/x' },
  ttlSecondsAfterFinished: 60,
  backoffLimit: 1,
  restartPolicy: 'Never',
};

function runWith(environment: JobEnvironmentEntry[], args: string[] | null = null): JobRunSpec {
  return {
    name: 'report-slimfaas-job-abcd1234',
    definition: 'report',
    elementId: 'e1',
    image: '/bin/evil',
    args,
    environment,
    resources: { Requests: {}, Limits: {} },
    dependsOn: null,
    backoffLimit: 1,
    ttlSecondsAfterFinished: 60,
    restartPolicy: 'Never',
    inQueueTicks: '1',
    startTicks: '1',
  };
}

const mark = (text: string): string => text.replace('30020', 'GW');
const supervisor = { PATH: '/bin', SHARED: 'supervisor', SUPERVISOR_URL: 'ws://[::1]:30020/s' };

test('jobLaunchOf: the manifest command plus the run arguments; the image is ignored; URLs rewritten', () => {
  assert.deepEqual(jobLaunchOf(job, runWith([], ['a', 'http://localhost:30020/y']), mark, supervisor).command, [
    '/usr/bin/node',
    'job.js',
    '--entry=http://localhost:GW',
    'a',
    'http://localhost:GW/y',
  ]);
  assert.deepEqual(jobLaunchOf(job, runWith([], null), mark, supervisor).command, ['/usr/bin/node', 'job.js', '--entry=http://localhost:GW']);
});

const envCases: Array<[string, JobEnvironmentEntry[], Record<string, string | undefined>]> = [
  [
    'supervisor, then manifest, then SLIMFAAS_JOB_*; every value rewritten',
    [],
    {
      PATH: '/bin',
      SHARED: 'manifest',
      FROM_MANIFEST: 'manifest',
      URL: 'http://127.0.0.1:GW/x',
      SUPERVISOR_URL: 'ws://[::1]:GW/s',
      SLIMFAAS_JOB_NAME: 'report',
      SLIMFAAS_JOB_RUN_NAME: 'report-slimfaas-job-abcd1234',
    },
  ],
  ['a literal request variable overrides the manifest', [{ Name: 'SHARED', Value: 'request' }], { SHARED: 'request' }],
  ['a literal request URL is rewritten', [{ Name: 'CALL', Value: 'http://localhost:30020/c' }], { CALL: 'http://localhost:GW/c' }],
  ['an entry without Value is an empty literal', [{ Name: 'EMPTY' }], { EMPTY: '' }],
  [
    'references are ignored',
    [
      { Name: 'S', Value: 'v', SecretRef: { Name: 'secret', Key: 'k' } },
      { Name: 'C', ConfigMapRef: { Name: 'cm', Key: 'k' } },
      { Name: 'F', FieldRef: { FieldPath: 'metadata.name' } },
      { Name: 'R', ResourceFieldRef: { Resource: 'limits.cpu' } },
      { Name: 'N', Value: 'kept', SecretRef: null, ConfigMapRef: null, FieldRef: null, ResourceFieldRef: null },
    ],
    { S: undefined, C: undefined, F: undefined, R: undefined, N: 'kept' },
  ],
  ['unusable names and values are skipped', [{ Name: '' }, { Name: 'A=B', Value: 'x' }, { Name: 'NUL', Value: 'a\0b' }], { '': undefined, 'A=B': undefined, A: undefined, NUL: undefined }],
  [
    'the request cannot override SLIMFAAS_JOB_*',
    [
      { Name: 'SLIMFAAS_JOB_NAME', Value: 'forged' },
      { Name: 'SLIMFAAS_JOB_RUN_NAME', Value: 'forged' },
    ],
    { SLIMFAAS_JOB_NAME: 'report', SLIMFAAS_JOB_RUN_NAME: 'report-slimfaas-job-abcd1234' },
  ],
];

for (const [label, environment, expected] of envCases) {
  test(`jobLaunchOf environment: ${label}`, () => {
    const { env } = jobLaunchOf(job, runWith(environment), mark, supervisor);
    for (const [name, value] of Object.entries(expected)) assert.equal(env[name], value, name);
  });
}

test('a request cannot set variables that steer the loader or a runtime (PATH, LD_PRELOAD, NODE_OPTIONS, SLIMFAAS_*)', () => {
  const launch = jobLaunchOf(
    job,
    runWith([
      { Name: 'PATH', Value: '/tmp/evil' },
      { Name: 'LD_PRELOAD', Value: '/tmp/evil.so' },
      { Name: 'node_options', Value: '--require /tmp/evil.js' },
      { Name: 'SLIMFAAS_JOB_NAME', Value: 'spoof' },
      { Name: 'MODE', Value: 'fast' },
    ]),
    (t) => t,
    { PATH: '/usr/bin' },
  );
  assert.equal(launch.env.PATH, '/usr/bin');
  assert.equal(launch.env.LD_PRELOAD, undefined);
  assert.equal(launch.env.node_options, undefined);
  assert.equal(launch.env.SLIMFAAS_JOB_NAME, 'report');
  assert.equal(launch.env.MODE, 'fast');
});
