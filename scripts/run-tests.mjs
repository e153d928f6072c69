#!/usr/bin/env node
// Runs every test file (unit tests beside the code, suites under test/) with Node's test runner.
// Usage: npm test [-- <filter substring>...]
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = [...find('src'), ...find('test')]
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test file matched');
  process.exit(1);
}
// Install and start what the suites need when it is missing (docker.io + dockerd, redis-server,
// docker-compose, kubectl, chromium, librdkafka's mock Kafka cluster built with gcc): a fresh machine needs nothing else.
for (const script of ['scripts/ensure-docker.mjs', 'scripts/ensure-redis.mjs', 'scripts/ensure-kube-tools.mjs', 'scripts/ensure-chromium.mjs', 'scripts/ensure-kafka-mock.mjs']) {
  if (!existsSync(script)) continue;
  const ensured = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (ensured.status !== 0) process.exit(ensured.status ?? 1);
}
// Build what the CLI runs (dist/, the dashboard in dist/web, the workspace packages), then
// type-check everything, tests included.
for (const args of [['npm', 'run', 'build'], ['npx', 'tsc', '-p', 'tsconfig.test.json'], ['npm', 'run', 'typecheck', '--workspaces', '--if-present']]) {
  const build = spawnSync(args[0], args.slice(1), { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, SLIMFAAS_TEST: '1' } },
);
process.exit(result.status ?? 1);
