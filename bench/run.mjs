#!/usr/bin/env node
// `npm run bench [-- --quick | <calls>]`: builds, then runs every benchmark with the same arguments
// (gateway latency and idle RSS, PromQL evaluation, the stores, async acceptance and failover on
// SQLite and Redis nodes). Benchmarks measure; they never assert.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const steps = [
  ['npx', ['tsc', '-p', 'tsconfig.json']],
  [process.execPath, ['scripts/ensure-redis.mjs']],
  [process.execPath, ['--import', 'tsx', 'bench/proxy-latency.ts', ...args]],
  [process.execPath, ['--import', 'tsx', 'bench/promql.ts', ...args]],
  [process.execPath, ['--import', 'tsx', 'bench/store.ts', ...args]],
  [process.execPath, ['--import', 'tsx', 'bench/cluster.ts', ...args]],
];
for (const [command, argv] of steps) {
  const result = spawnSync(command, argv, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
