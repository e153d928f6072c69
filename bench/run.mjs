#!/usr/bin/env node
// `npm run bench [-- --quick | <calls>]`: builds (dist/, dashboard, workspace packages), then runs every benchmark with the same arguments
// (gateway latency and idle RSS, OpenTelemetry off vs on, PromQL evaluation, the stores, async acceptance and failover on
// SQLite and Redis nodes, async results on vs off, WebSocket functions next to HTTP functions). Benchmarks measure; they never assert.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const steps = [
  ['npm', ['run', 'build']],
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
