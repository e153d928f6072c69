#!/usr/bin/env node
// `npm run bench [-- --quick | <calls> | --compare <results.json> | --repo <dir>]`: builds, then runs every benchmark with the same arguments
// (first the side-by-side suite: direct vs SlimFaas vs nginx, async, scaling, footprint → bench-results/; then
// gateway latency and idle RSS, OpenTelemetry off vs on, PromQL evaluation, the stores, async acceptance and failover on
// SQLite and Redis nodes, async results on vs off, WebSocket functions next to HTTP functions). Benchmarks measure; they never assert.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const steps = [
  ['npm', ['run', 'build']],
  [process.execPath, ['scripts/ensure-bench-tools.mjs']],
  [process.execPath, ['--import', 'tsx', 'bench/side-by-side/main.ts', ...args]],
  [process.execPath, ['scripts/ensure-redis.mjs']],
  [process.execPath, ['--import', 'tsx', 'bench/proxy-latency.ts', ...args]],
  [process.execPath, ['--import', 'tsx', 'bench/otel.ts', ...args]],
  [process.execPath, ['--import', 'tsx', 'bench/promql.ts', ...args]],
  [process.execPath, ['--import', 'tsx', 'bench/store.ts', ...args]],
  [process.execPath, ['--import', 'tsx', 'bench/cluster.ts', ...args]],
  [process.execPath, ['--import', 'tsx', 'bench/async-results.ts', ...args]],
  [process.execPath, ['--import', 'tsx', 'bench/websocket.ts', ...args]],
];
for (const [command, argv] of steps) {
  const result = spawnSync(command, argv, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
