import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { csvList, intLabel, isTrueLike, roleOf, type ContainerRole } from './labels.js';

describe('docker labels', () => {
  it('true-like values', () => {
    const cases: Array<[string | undefined, boolean]> = [
      ['true', true], ['True', true], [' YES ', true], ['y', true], ['1', true],
      ['false', false], ['0', false], ['no', false], ['', false], [undefined, false], ['truthy', false],
    ];
    for (const [value, expected] of cases) assert.equal(isTrueLike(value), expected, String(value));
  });

  it('roles from name and labels', () => {
    const fn = { 'SlimFaas/Function': 'true', app: 'fibo' };
    const cases: Array<[string, Record<string, string>, ContainerRole]> = [
      ['/fibo-1', fn, 'replica'],
      ['/fibo-template', fn, 'template'],
      ['/anything', { ...fn, 'SlimFaas/template': 'true' }, 'template'],
      ['/fibo-1', { ...fn, app: ' ' }, 'other'],
      ['/fibo-1', { 'SlimFaas/Function': 'no', app: 'fibo' }, 'other'],
      ['/run', { 'slimfaas-job-name': 'run', 'SlimFaas/Function': 'false' }, 'job-run'],
      ['/run', { 'slimfaas-job-name': 'run', ...fn }, 'job-run'],
      ['/def', { 'SlimFaas/Job': 'true' }, 'job-definition'],
      ['/def', { 'SlimFaas/Job': 'true', ...fn }, 'replica'],
      ['/x', {}, 'other'],
    ];
    for (const [name, labels, expected] of cases) assert.equal(roleOf(name, labels), expected, `${name} ${JSON.stringify(labels)}`);
  });

  it('lists and integers', () => {
    assert.deepEqual(csvList(undefined), null);
    assert.deepEqual(csvList(''), []);
    assert.deepEqual(csvList(' a, b,,c '), ['a', 'b', 'c']);
    const ints: Array<[string | undefined, number]> = [['3', 3], [' -2 ', -2], ['+4', 4], ['1.5', 9], ['x', 9], [undefined, 9], ['99999999999999999999', 9]];
    for (const [value, expected] of ints) assert.equal(intLabel(value, 9), expected, String(value));
  });
});
