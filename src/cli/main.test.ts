import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const created: string[] = [];
const track = (dir: string) => (created.push(dir), dir);
after(() => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// Runs the real command (bin/slimfaas.js → dist/, built by `npm test` before the tests).
const BIN = fileURLToPath(new URL('../../bin/slimfaas.js', import.meta.url));

function slimfaas(args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function project(files: Record<string, string>): string {
  const dir = track(mkdtempSync(join(tmpdir(), 'slimfaas-cli-test-')));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const VALID = `functions:
  fibonacci:
    command: [node, app.js]
    annotations: { SlimFaas/Function: "true" }
jobs:
  backup:
    command: [node, job.js]
    annotations: { SlimFaas/Job: "true" }
    resources: { limits: { cpu: "1" } }
processes:
  db:
    command: [db, --port, "{port}"]
    port: auto
`;

const USAGE =
  'slimfaas local: usage: slimfaas local validate [-f file]... [--env-file file]...\n' +
  '       slimfaas local up [-f file]... [--env-file file]... [--clean]\n';

test('local validate: valid manifest → summary on stdout, warnings on stderr, exit 0', () => {
  const dir = project({ 'base.yaml': VALID, 'over.yaml': 'name: over\n' });
  const result = slimfaas(['local', 'validate', '-f', join(dir, 'base.yaml'), '--file', 'over.yaml'], dir);
  assert.equal(result.stdout, 'Configuration from 2 YAML file(s) is valid (1 function(s), 1 job(s), 1 auxiliary process(es), 1 node(s)).\n');
  assert.equal(
    result.stderr,
    'warning: Job CPU and memory resources are accepted for API compatibility but are not enforced in process mode.\n',
  );
  assert.equal(result.code, 0);
});

test('local validate: slimfaas.local.yaml of the current directory by default', () => {
  const dir = project({ 'slimfaas.local.yaml': 'name: x\n' });
  const result = slimfaas(['local', 'validate'], dir);
  assert.equal(result.stdout, 'Configuration from 1 YAML file(s) is valid (0 function(s), 0 job(s), 0 auxiliary process(es), 1 node(s)).\n');
  assert.equal(result.code, 0);
});

test('local validate: 2 or 3 nodes are valid (node processes on Redis); two nodes warn', () => {
  const cases: Array<[number, string]> = [
    [2, 'warning: a two-node Raft cluster cannot tolerate the loss of either node.\n'],
    [3, ''],
  ];
  for (const [nodes, stderr] of cases) {
    const dir = project({ 'slimfaas.local.yaml': `name: x\ncluster: { nodes: ${nodes} }\n` });
    const result = slimfaas(['local', 'validate'], dir);
    assert.equal(result.stdout, `Configuration from 1 YAML file(s) is valid (0 function(s), 0 job(s), 0 auxiliary process(es), ${nodes} node(s)).\n`);
    assert.equal(result.stderr, stderr);
    assert.equal(result.code, 0);
  }
});

test('local validate: validation errors → one prefixed line each, secrets masked, exit 2', () => {
  const dir = project({ 'a.yaml': 'name: "${PROJECT}!"\ncluster: { nodes: 4 }\n' });
  const result = slimfaas(['local', 'validate', '-f', 'a.yaml'], dir, { PROJECT: 'topsecret' });
  assert.equal(
    result.stderr,
    'slimfaas local: name must match ^[A-Za-z0-9._-]{1,63}$.\n' +
      'slimfaas local: cluster.nodes must be between 1 and 3.\n',
  );
  assert.equal(result.stdout, '');
  assert.equal(result.code, 2);
});

test('local validate: env file errors and unknown keys → exit 2', () => {
  const dir = project({ 'a.yaml': 'name: x\n', 'bad.env': 'OK=1\noops\n', 'b.yaml': 'name: x\nbogus: 1\n' });
  const envError = slimfaas(['local', 'validate', '-f', 'a.yaml', '--env-file', 'bad.env'], dir);
  assert.equal(envError.stderr, `slimfaas local: Environment file '${join(dir, 'bad.env')}' contains an invalid entry at line 2.\n`);
  assert.equal(envError.code, 2);
  const unknown = slimfaas(['local', 'validate', '-f', 'b.yaml'], dir);
  assert.match(unknown.stderr, /^slimfaas local: Unable to parse the merged local configuration at line 2, column 1: unknown key 'bogus'/);
  assert.equal(unknown.code, 2);
});

test('usage errors → the two usage lines on stderr, exit 2', () => {
  const dir = project({});
  for (const args of [[], ['local'], ['local', 'validate', '--clean'], ['local', 'up', '--nope']]) {
    const result = slimfaas(args, dir);
    assert.equal(result.stderr, USAGE, args.join(' '));
    assert.equal(result.code, 2, args.join(' '));
  }
  const help = slimfaas(['--help'], dir);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^usage: slimfaas local validate/);
});

test('serve: bad arguments exit 2 with the usage; an unreachable Kubernetes API exits 1 naming it', () => {
  const dir = project({});
  const bad = slimfaas(['serve', '--bogus'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^slimfaas serve: unknown argument "--bogus"\nusage: slimfaas serve/);
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:9", insecure-skip-tls-verify: true}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\nusers: [{name: u, user: {}}]\n');
  const unreachable = slimfaas(['serve', '--port', '0'], dir, { KUBECONFIG: kubeconfig, SlimData__Directory: join(dir, 'data') });
  assert.equal(unreachable.code, 1);
  assert.match(unreachable.stderr, /cannot list Deployments of namespace default on the Kubernetes API \(http:\/\/127\.0\.0\.1:9\)/);
});
