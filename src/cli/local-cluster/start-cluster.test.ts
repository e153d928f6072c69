import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { LocalManifest } from '../../config/manifest/types.js';
import { ManifestError } from '../../config/manifest/errors.js';
import { findOnPath } from './find-executable.js';
import { redisSource } from './start-cluster.js';

const manifest = (redisUrl?: string) => ({ cluster: { nodes: 3, ...(redisUrl ? { redisUrl } : {}) } }) as LocalManifest;

test('findOnPath and redisSource: the manifest URL first, then redis-server from PATH, else a manifest error', () => {
  const root = mkdtempSync(join(tmpdir(), 'slimfaas-path-'));
  try {
    const [empty, withFile, withExecutable, withDirectory] = ['empty', 'file', 'exec', 'dir'].map((name) => join(root, name)) as [string, string, string, string];
    for (const dir of [empty, withFile, withExecutable, withDirectory]) mkdirSync(dir);
    writeFileSync(join(withFile, 'redis-server'), '');
    chmodSync(join(withFile, 'redis-server'), 0o644);
    writeFileSync(join(withExecutable, 'redis-server'), '#!/bin/sh\n');
    chmodSync(join(withExecutable, 'redis-server'), 0o755);
    mkdirSync(join(withDirectory, 'redis-server'));
    const cases: Array<[string, string, string | undefined, unknown]> = [
      ['the manifest URL wins', empty, 'redis://example:6379', { url: 'redis://example:6379' }],
      ['an executable on PATH', [empty, withFile, withExecutable].join(delimiter), undefined, { binary: join(withExecutable, 'redis-server') }],
      ['a directory of that name is not it', [withDirectory, withExecutable].join(delimiter), undefined, { binary: join(withExecutable, 'redis-server') }],
      ['nothing executable', [empty, withFile, withDirectory, ''].join(delimiter), undefined, 'error'],
      ['an empty PATH', '', undefined, 'error'],
    ];
    for (const [what, path, url, expected] of cases) {
      if (expected === 'error') {
        assert.equal(findOnPath('redis-server', path), null, what);
        assert.throws(() => redisSource(manifest(url), path), (err: unknown) => err instanceof ManifestError && /cluster\.nodes: 3 needs Redis: set cluster\.redisUrl/.test(err.messages[0]!), what);
      } else {
        assert.deepEqual(redisSource(manifest(url), path), expected, what);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
