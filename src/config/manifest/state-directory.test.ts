import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { ManifestError } from './errors.js';
import { openStateDirectory } from './state-directory.js';
import type { LocalFunction, LocalManifest, LocalProcess } from './types.js';

const created: string[] = [];
const track = (dir: string) => (created.push(dir), dir);
after(() => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function fn(name: string, maxReplicas: number, debugUrl?: string): LocalFunction {
  return {
    name,
    command: debugUrl ? [] : ['node'],
    workingDirectory: '/',
    ...(debugUrl ? { debugUrl } : {}),
    annotations: {},
    environment: {},
    health: { path: '/health', periodSeconds: 1, timeoutSeconds: 2, startupTimeoutSeconds: 120 },
    maxReplicas,
  };
}

function proc(name: string, port?: 'auto' | number): LocalProcess {
  return { name, command: ['x'], workingDirectory: '/', environment: {}, ...(port !== undefined ? { port } : {}), restartPolicy: 'always' };
}

function manifest(directory: string, overrides: Partial<LocalManifest> = {}): LocalManifest {
  return {
    schemaVersion: 1,
    name: 'demo',
    baseDirectory: directory,
    cluster: { nodes: 1, entrypointPort: 30020, nodeHttpPortBase: 30021, raftPortBase: 3262, nodeLogLevel: 'Error' },
    processPorts: { from: 5000, to: 5999 },
    state: { mode: 'persistent', directory: join(directory, 'state') },
    functions: [fn('fibonacci', 2), fn('debugged', 1, 'http://localhost:5005')],
    jobs: [],
    processes: [proc('redis', 'auto'), proc('web', 7000), proc('tool')],
    secrets: [],
    warnings: [],
    ...overrides,
  };
}

const tempDir = () => track(mkdtempSync(join(tmpdir(), 'slimfaas-state-test-')));
const markerOf = (dir: string) => JSON.parse(readFileSync(join(dir, '.slimfaas-local.json'), 'utf8'));
const refusal = (message: string) => (error: unknown) => error instanceof ManifestError && error.messages[0] === message;

test('persistent: creates logs/, data/ and the schema 2 marker', () => {
  const m = manifest(tempDir());
  const state = openStateDirectory(m, { clean: false });
  assert.equal(state.path, m.state.directory);
  assert.equal(state.logsDir, join(m.state.directory, 'logs'));
  assert.equal(state.dataDir, join(m.state.directory, 'data'));
  assert.ok(existsSync(state.logsDir) && existsSync(state.dataDir));
  assert.deepEqual(markerOf(state.path), {
    schemaVersion: 2,
    project: 'demo',
    nodes: 1,
    entrypointPort: 30020,
    nodeHttpPortBase: 30021,
    raftPortBase: 3262,
    processPortFrom: 5000,
    processPortTo: 5999,
    portAllocations: {},
  });
  state.dispose();
  assert.ok(existsSync(state.path), 'dispose keeps a persistent directory');
});

test('port allocations are persisted atomically and reloaded', () => {
  const m = manifest(tempDir());
  const state = openStateDirectory(m, { clean: false });
  state.ports.set('function:fibonacci:0', 5000);
  state.ports.set('process:redis', 5001);
  assert.deepEqual(markerOf(state.path).portAllocations, { 'function:fibonacci:0': 5000, 'process:redis': 5001 });
  state.ports.delete('process:redis');
  assert.equal(state.ports.get('process:redis'), undefined);
  assert.deepEqual(state.ports.all(), { 'function:fibonacci:0': 5000 });
  assert.deepEqual(readdirSync(state.path).sort(), ['.slimfaas-local.json', 'data', 'logs'], 'no temporary file left');
  const reopened = openStateDirectory(m, { clean: false });
  assert.equal(reopened.ports.get('function:fibonacci:0'), 5000);
});

test('allocations of ids no longer in the manifest are pruned at open', () => {
  const m = manifest(tempDir());
  openStateDirectory(m, { clean: false });
  const marker = markerOf(m.state.directory);
  marker.portAllocations = {
    'function:fibonacci:0': 5000,
    'function:fibonacci:1': 5001,
    'function:fibonacci:2': 5002,
    'function:gone:0': 5003,
    'function:debugged:0': 5004,
    'process:redis': 5005,
    'process:web': 7000,
    'process:tool': 5006,
    'process:gone': 5007,
    garbage: 5008,
  };
  writeFileSync(join(m.state.directory, '.slimfaas-local.json'), JSON.stringify(marker));
  const state = openStateDirectory(m, { clean: false });
  const expected = { 'function:fibonacci:0': 5000, 'function:fibonacci:1': 5001, 'process:redis': 5005 };
  assert.deepEqual(state.ports.all(), expected);
  assert.deepEqual(markerOf(state.path).portAllocations, expected);
});

test('opening a state of another project, node count or marker schema fails', () => {
  const base = tempDir();
  const m = manifest(base);
  openStateDirectory(m, { clean: false });
  const dir = m.state.directory;
  assert.throws(
    () => openStateDirectory({ ...m, name: 'other' }, { clean: false }),
    refusal(`State directory '${dir}' belongs to project 'demo', not 'other'.`),
  );
  assert.throws(
    () => openStateDirectory({ ...m, cluster: { ...m.cluster, nodes: 2 } }, { clean: false }),
    refusal(`State directory '${dir}' was created for 1 node(s), but the manifest requests 2. Run 'slimfaas local up --clean'.`),
  );
  writeFileSync(join(dir, '.slimfaas-local.json'), JSON.stringify({ ...markerOf(dir), schemaVersion: 1 }));
  assert.throws(
    () => openStateDirectory(m, { clean: false }),
    refusal(`State directory '${dir}' has an unsupported marker schema version (1); run 'slimfaas local up --clean' to recreate it.`),
  );
  writeFileSync(join(dir, '.slimfaas-local.json'), 'not json');
  assert.throws(() => openStateDirectory(m, { clean: false }), ManifestError);
});

test('--clean deletes an owned directory and refuses others', () => {
  const base = tempDir();
  const m = manifest(base);
  const dir = m.state.directory;

  const state = openStateDirectory(m, { clean: true });
  writeFileSync(join(state.logsDir, 'old.log'), 'x');
  state.ports.set('function:fibonacci:0', 5000);
  const cleaned = openStateDirectory(m, { clean: true });
  assert.deepEqual(readdirSync(cleaned.logsDir), []);
  assert.deepEqual(cleaned.ports.all(), {});

  writeFileSync(join(dir, '.slimfaas-local.json'), JSON.stringify({ ...markerOf(dir), schemaVersion: 1 }));
  openStateDirectory(m, { clean: true });
  assert.equal(markerOf(dir).schemaVersion, 2, '--clean recreates a state of an old marker schema');

  assert.throws(
    () => openStateDirectory({ ...m, name: 'other' }, { clean: true }),
    refusal(`Refusing --clean for '${dir}': it belongs to project 'demo'.`),
  );
  const unowned = join(base, 'unowned');
  mkdirSync(unowned);
  writeFileSync(join(unowned, 'precious.txt'), 'keep');
  assert.throws(
    () => openStateDirectory({ ...m, state: { mode: 'persistent', directory: unowned } }, { clean: true }),
    refusal(`Refusing --clean for '${unowned}': the SlimFaas local ownership marker is missing.`),
  );
  assert.ok(existsSync(join(unowned, 'precious.txt')));
});

test('ephemeral: a fresh directory under the OS temp dir, deleted by dispose', () => {
  const m = manifest(tempDir(), { state: { mode: 'ephemeral', directory: '/unused' } });
  const first = openStateDirectory(m, { clean: true });
  const second = openStateDirectory(m, { clean: false });
  assert.notEqual(first.path, second.path);
  assert.ok(first.path.startsWith(join(tmpdir(), 'SlimFaas', 'local', 'demo') + sep));
  assert.ok(existsSync(first.logsDir) && existsSync(first.dataDir));
  assert.equal(markerOf(first.path).project, 'demo');
  first.ports.set('process:redis', 5001);
  assert.equal(first.ports.get('process:redis'), 5001);
  first.dispose();
  second.dispose();
  assert.ok(!existsSync(first.path) && !existsSync(second.path));
});
