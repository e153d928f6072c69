import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildRun, capResources, imageAllowed, mergeEnvironments } from './job-request.js';
import { definitionFromJson } from './job-definition.js';
import { quantityValue } from './quantity.js';
import { definitionOfRun, newRunName, validJobName } from './job-names.js';
import { msToTicks, ticksToMs } from '../util/dotnet-ticks.js';

describe('job names (jobs.md §3.1)', () => {
  const cases: Array<[string, string | null]> = [
    ['fibonacci', 'fibonacci'],
    ['FIBONACCI', 'fibonacci'],
    ['ab', null],
    ['test.func', null],
    ['a'.repeat(30), 'a'.repeat(30)],
    ['a'.repeat(31), null],
    ['my_job-1', 'my_job-1'],
  ];
  for (const [raw, expected] of cases) it(`${raw} → ${expected}`, () => assert.equal(validJobName(raw), expected));
  it('run names are <definition>-slimfaas-job-<8 [0-9a-z]>', () => {
    const name = newRunName('fibonacci');
    assert.match(name, /^fibonacci-slimfaas-job-[0-9a-z]{8}$/);
    assert.equal(definitionOfRun(name), 'fibonacci');
    assert.equal(definitionOfRun('other-job'), null);
  });
  it('ticks are exact', () => {
    assert.equal(msToTicks(0), 621355968000000000n);
    assert.equal(msToTicks(1_717_000_000_123), 638525968001230000n);
    assert.equal(ticksToMs(638525968001230000n), 1_717_000_000_123);
  });
});

describe('image whitelist (jobs.md §4.1 step 5)', () => {
  const cases: Array<[string, string[], boolean]> = [
    ['pattern-img:v1', ['pattern-img:*'], true],
    ['other:v1', ['pattern-img:*'], false],
    ['exact-img', ['exact-img'], true],
    ['exact-img:2', ['exact-img'], false],
    ['reg/fib:2.0', ['reg/fib:*'], true],
    ['REG/fib:2.0', ['reg/fib:*'], false],
    ['a.b', ['a?b', 'a*b'], true],
    ['axb', ['a.b'], false],
    ['anything', [], false],
  ];
  for (const [image, patterns, expected] of cases) it(`${image} vs ${patterns}`, () => assert.equal(imageAllowed(image, patterns), expected));
});

describe('resources (jobs.md §4.2)', () => {
  it('quantities compare by value', () => {
    assert.equal(quantityValue('1'), quantityValue('1000m'));
    assert.equal(quantityValue('2048Mi'), quantityValue('2Gi'));
    assert.equal(quantityValue('1.5Gi'), 1.5 * 2 ** 30);
    assert.equal(quantityValue('1e3'), 1000);
    assert.equal(quantityValue('1k'), 1000);
    assert.equal(quantityValue('lots'), null);
  });
  it('caps each key at the definition, drops unknown keys, fills missing ones (spec example and scenario 19)', () => {
    const ceiling = { Requests: { cpu: '500m', memory: '1Gi' }, Limits: { cpu: '1000m', memory: '2Gi' } };
    assert.deepEqual(capResources({ Requests: { cpu: '600m', memory: '2Gi' }, Limits: { cpu: '1500m', memory: '3Gi' } }, ceiling), ceiling);
    const def = { Requests: { cpu: '400m', memory: '400Mi' }, Limits: { cpu: '400m', memory: '400Mi' } };
    assert.deepEqual(capResources({ Requests: { cpu: '200m', memory: '800Mi', gpu: '1' }, Limits: { cpu: '400m', memory: '400Mi' } }, def), {
      Requests: { cpu: '200m', memory: '400Mi' },
      Limits: { cpu: '400m', memory: '400Mi' },
    });
    assert.deepEqual(capResources({ Requests: { cpu: '1' } }, def), { Requests: { cpu: '400m', memory: '400Mi' }, Limits: def.Limits }, 'a missing map is empty');
    assert.deepEqual(capResources(null, def), def);
  });
});

describe('environment merge (jobs.md §4.3, scenario 20)', () => {
  it('definition entries not overridden, then the request entries', () => {
    assert.deepEqual(
      mergeEnvironments([{ Name: 'A', Value: '1' }, { Name: 'C', Value: 'old' }], [{ Name: 'B', Value: '2' }, { Name: 'C', Value: 'new' }]).map((e) => `${e.Name}=${e.Value}`),
      ['A=1', 'B=2', 'C=new'],
    );
  });
});

describe('buildRun', () => {
  const definition = definitionFromJson({ Image: 'reg/fib:1', ImagesWhitelist: ['reg/fib:*'], DependsOn: ['fib-dep'] });
  it('refuses an image outside the whitelist, uses the definition image when none is asked', () => {
    assert.equal(buildRun(definition, { Args: [], Image: 'evil/img:1', Resources: null, Environments: null, DependsOn: null }), 'image_not_allowed');
    const run = buildRun(definition, { Args: ['7'], Image: '', Resources: null, Environments: null, DependsOn: null });
    assert.ok(run !== 'image_not_allowed');
    assert.equal(run.image, 'reg/fib:1');
    assert.deepEqual(run.dependsOn, ['fib-dep'], 'the definition list when the request has none');
    const replaced = buildRun(definition, { Args: [], Image: 'reg/fib:2.0', Resources: null, Environments: null, DependsOn: ['a', 'b'] });
    assert.ok(replaced !== 'image_not_allowed');
    assert.deepEqual([replaced.image, replaced.dependsOn], ['reg/fib:2.0', ['a', 'b']]);
  });
});
