/**
 * End-to-end: the project's multi-stage Dockerfile, built without a registry. The runtime base is
 * imported from this machine's `node` and its libraries; the build image is an offline one that
 * already holds the built app (scripts/docker-build.mjs then skips `npm ci`). The image runs
 * `slimfaas serve` in Docker mode on the mounted socket and answers `/health` on a port published
 * on 127.0.0.1.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dockerStatus } from '../helpers/docker-daemon.js';
import { sharedLibraries } from '../helpers/docker-image.js';
import { call } from '../helpers/http.js';
import { REPO } from '../helpers/local-up.js';
import { waitFor } from '../helpers/wait.js';

const status = await dockerStatus();
const skip = status.ok ? false : `Docker is not available: ${status.reason}`;
const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trim();

/** A root filesystem with `node`, the libraries it and better-sqlite3 load, and `extra` (copied trees). */
function importImage(ref: string, extra: (root: string) => void): void {
  const root = mkdtempSync(join(tmpdir(), 'slimfaas-image-'));
  try {
    const put = (path: string) => {
      mkdirSync(join(root, dirname(path)), { recursive: true });
      copyFileSync(path, join(root, path));
    };
    mkdirSync(join(root, 'usr/local/bin'), { recursive: true });
    copyFileSync(process.execPath, join(root, 'usr/local/bin/node'));
    const native = join(REPO, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    for (const lib of new Set([...sharedLibraries(process.execPath), ...sharedLibraries(native)])) put(lib);
    mkdirSync(join(root, 'tmp'), { recursive: true });
    extra(root);
    const tar = spawnSync('sh', ['-c', `tar -C '${root}' -c . | docker import - ${ref}`], { stdio: 'inherit' });
    if (tar.status !== 0) throw new Error(`docker import of ${ref} failed`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('the Dockerfile', { skip }, () => {
  const tag = randomBytes(4).toString('hex');
  const base = `slimfaas-test-base:${tag}`;
  const prebuilt = `slimfaas-test-prebuilt:${tag}`;
  const image = `slimfaas-ts:test-${tag}`;
  let container = '';

  before(() => {
    importImage(base, () => undefined);
    importImage(prebuilt, (root) => {
      const app = join(root, 'app');
      mkdirSync(app, { recursive: true });
      cpSync(join(REPO, 'dist'), join(app, 'dist'), { recursive: true });
      cpSync(join(REPO, 'node_modules'), join(app, 'node_modules'), { recursive: true });
      copyFileSync(join(REPO, 'package.json'), join(app, 'package.json'));
      writeFileSync(join(app, '.prebuilt'), 'built on the host by npm ci\n');
    });
  });

  after(() => {
    if (container) spawnSync('docker', ['rm', '-f', container], { stdio: 'ignore' });
    spawnSync('docker', ['rmi', '-f', image, prebuilt, base], { stdio: 'ignore' });
  });

  it('builds from a local base, runs slimfaas serve and answers /health and /ready', async () => {
    const build = spawnSync('docker', ['build', '--build-arg', `BASE_IMAGE=${base}`, '--build-arg', `BUILD_IMAGE=${prebuilt}`, '-t', image, '.'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(build.status, 0, `docker build failed:\n${build.stdout}\n${build.stderr}`);
    assert.match(build.stdout + build.stderr, /using the prebuilt node_modules and dist/);
    const namespace = `image-${tag}`;
    container = docker('run', '-d', '-p', '127.0.0.1::5000', '-v', '/var/run/docker.sock:/var/run/docker.sock', '-e', 'SlimFaas__Orchestrator=Docker', '-e', `SlimFaas__Namespace=${namespace}`, image);
    const port = docker('port', container, '5000/tcp').split('\n')[0]!.split(':').at(-1)!;
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await call(`${url}/health`, { timeoutMs: 2000 }).catch(() => ({ status: 0 }))).status === 200, 60_000, 'the container to answer /health');
    assert.equal((await call(`${url}/health`)).body, 'OK');
    await waitFor(async () => (await call(`${url}/ready`)).status === 200, 30_000, '/ready');
    assert.match(docker('logs', container), /SlimFaas listening on http:\/\/0\.0\.0\.0:5000 \(Docker/);
    assert.equal((await call(`${url}/status-functions`)).body, '[]');
  });

  it('the docker-compose.yml demo validates, runs with that image, and its function answers through SlimFaas', async (t) => {
    const compose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
    if (compose.status !== 0) return t.skip('docker-compose cannot be installed here');
    const project = `sfdemo${tag}`;
    const port = String(20000 + Math.floor(Math.random() * 9000));
    const env = { ...process.env, SLIMFAAS_IMAGE: image, SLIMFAAS_PORT: port, SLIMFAAS_NAMESPACE: project };
    const run = (...args: string[]) => spawnSync('docker-compose', ['-p', project, '-f', 'docker-compose.yml', ...args], { cwd: REPO, env, encoding: 'utf8' });
    const config = run('config');
    assert.equal(config.status, 0, config.stderr);
    assert.match(config.stdout, /SlimFaas__Orchestrator: Docker/);
    try {
      const up = run('up', '-d', '--no-build');
      assert.equal(up.status, 0, up.stderr);
      const url = `http://127.0.0.1:${port}`;
      await waitFor(async () => (await call(`${url}/health`, { timeoutMs: 2000 }).catch(() => ({ status: 0 }))).status === 200, 60_000, 'the compose SlimFaas');
      await waitFor(async () => (await call(`${url}/status-function/fibonacci1`)).body !== '', 30_000, 'fibonacci1 to be discovered');
      const res = await call(`${url}/function/fibonacci1/hello/guillaume`, { timeoutMs: 60_000 });
      assert.deepEqual([res.status, res.body], [200, 'Hello guillaume!']);
    } finally {
      run('down', '-v', '--remove-orphans', '-t', '2');
      const left = spawnSync('docker', ['ps', '-aq', '--filter', `label=SlimFaas/Namespace=${project}`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
      if (left.length > 0) spawnSync('docker', ['rm', '-f', ...left], { stdio: 'ignore' });
    }
  });
});
