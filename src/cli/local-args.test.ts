import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManifestError } from '../config/manifest/errors.js';
import { parseLocalArgs, USAGE } from './local-args.js';

test('validate and up arguments', () => {
  assert.deepEqual(parseLocalArgs(['validate']), { verb: 'validate', files: ['slimfaas.local.yaml'], envFiles: [], clean: false });
  assert.deepEqual(parseLocalArgs(['up', '-f', 'a.yaml', '--file', 'b.yaml', '--env-file', 'x.env', '--env-file', 'y.env', '--clean']), {
    verb: 'up',
    files: ['a.yaml', 'b.yaml'],
    envFiles: ['x.env', 'y.env'],
    clean: true,
  });
  assert.equal(parseLocalArgs(['VALIDATE']).verb, 'validate');
});

test('anything else is a usage error', () => {
  const usage = (error: unknown) => error instanceof ManifestError && error.messages.length === 1 && error.messages[0] === USAGE;
  for (const args of [[], ['run'], ['validate', '--clean'], ['validate', '-f'], ['up', '--env-file', ' '], ['up', 'x.yaml'], ['up', '--verbose']]) {
    assert.throws(() => parseLocalArgs(args), usage, args.join(' '));
  }
});

test('the usage text is the two lines of platform.md §2.4.1', () => {
  assert.equal(
    USAGE,
    'usage: slimfaas local validate [-f file]... [--env-file file]...\n       slimfaas local up [-f file]... [--env-file file]... [--clean]',
  );
});
