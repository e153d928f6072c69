import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { catalogueFromConfiguration, isPrivate, mergeCatalogue, minifyJson, resolveDefinition } from './job-definition.js';
import { echoEntry, parseScheduleEntry, staticScheduleId } from './schedule-entry.js';

const COMMON = `{
  "Configurations": {
    "fibonacci": { "Image": "reg/fib:1", "ImagesWhitelist": ["reg/fib:*"],
                   "Resources": {"Requests":{"cpu":"400m","memory":"400Mi"},"Limits":{"cpu":"400m","memory":"400Mi"}},
                   "Visibility": "Public", "NumberParallelJob": 2 },
    "Secret-Job": { "Image": "reg/s:1", "ImagesWhitelist": [] }
  },
  "Schedules": { "fibonacci": [ { "Schedule": "*/5 * * * *", "Args": ["1"] } ] }
}`;

describe('job catalogue (jobs.md §2)', () => {
  it('parses pretty-printed JSON, lower-cases names, adds Default with 100m/100Mi, keeps static schedules', () => {
    const catalogue = catalogueFromConfiguration(COMMON);
    assert.deepEqual([...catalogue.definitions.keys()], ['fibonacci', 'secret-job', 'default']);
    const fib = catalogue.definitions.get('fibonacci')!;
    assert.deepEqual([fib.NumberParallelJob, fib.BackoffLimit, fib.TtlSecondsAfterFinished, fib.RestartPolicy, isPrivate(fib)], [2, 1, 60, 'Never', false]);
    const secret = catalogue.definitions.get('secret-job')!;
    assert.equal(isPrivate(secret), true, 'Private by default');
    assert.deepEqual(secret.Resources, { Requests: { cpu: '100m', memory: '100Mi' }, Limits: { cpu: '100m', memory: '100Mi' } }, 'the SHOULD fallback');
    assert.equal(catalogue.schedules.get('fibonacci')?.length, 1);
    assert.equal(resolveDefinition(catalogue, 'unknown-job').name, 'default');
    assert.equal(isPrivate(resolveDefinition(catalogue, 'unknown-job').definition), true);
  });
  it('an invalid, commented or empty document leaves only Default (and says why)', () => {
    for (const text of ['{ # comment\n "Configurations": {} }', '{"Configurations":{},}', '', null]) {
      const catalogue = catalogueFromConfiguration(text);
      assert.deepEqual([...catalogue.definitions.keys()], ['default']);
      if (text) assert.equal(catalogue.warnings.length, 1);
    }
  });
  it('minifies whitespace only outside strings', () => {
    assert.equal(minifyJson('{ "a b" : [ 1 , "c\\" d" ] }\n'), '{"a b":[1,"c\\" d"]}');
  });
  it('declared definitions win by name, add their image to the whitelist, skip default; a failed listing keeps the previous', () => {
    const base = catalogueFromConfiguration(COMMON);
    const declared = {
      name: 'fibonacci', Image: 'local:fibonacci', ImagesWhitelist: [], Resources: null, DependsOn: null, Environments: null,
      BackoffLimit: 2, Visibility: 'Private', NumberParallelJob: 1, TtlSecondsAfterFinished: 5, RestartPolicy: 'Never', schedules: '[{"Schedule":"0 0 * * *"}]',
    };
    const merged = mergeCatalogue(base, [declared, { ...declared, name: 'Default' }], base);
    assert.deepEqual(merged.definitions.get('fibonacci')?.ImagesWhitelist, ['local:fibonacci']);
    assert.equal(merged.definitions.get('default'), base.definitions.get('default'));
    assert.equal(merged.schedules.get('fibonacci')?.[0]?.Schedule, '0 0 * * *');
    assert.equal(mergeCatalogue(base, null, merged), merged);
  });
});

describe('schedule entries (jobs.md §8)', () => {
  it('echo form has Id first, null fields omitted, DependsOn always (scenario 21)', () => {
    const parsed = parseScheduleEntry({ Schedule: '0 0 * * *', Args: ['42'] });
    assert.ok(parsed.ok);
    assert.equal(
      JSON.stringify(echoEntry('X', parsed.entry)),
      '{"Id":"X","Schedule":"0 0 * * *","Args":["42"],"Image":"","BackoffLimit":1,"TtlSecondsAfterFinished":60,"RestartPolicy":"Never","DependsOn":[]}',
    );
    assert.match(staticScheduleId(parsed.entry), /^[0-9a-f]{8}$/);
    assert.equal(staticScheduleId(parsed.entry), staticScheduleId(parseScheduleEntry({ Schedule: '0 0 * * *', Args: ['42'] }).ok ? parsed.entry : parsed.entry));
  });
  it('refuses invalid crons naming the problem (scenario 22), a missing Schedule, bad Args', () => {
    for (const [value, message] of [
      [{ Schedule: 'cron invalid', Args: [] }, /exactly 5 fields/],
      [{ Schedule: '0 25 * * *', Args: [] }, /invalid/],
      [{ Args: [] }, /Schedule is required/],
      [{ Schedule: '* * * * *', Args: 'x' }, /Args/],
    ] as const) {
      const parsed = parseScheduleEntry(value);
      assert.ok(!parsed.ok);
      assert.match(parsed.error, message);
    }
  });
});
