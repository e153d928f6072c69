#!/usr/bin/env node
// Build step of the Dockerfile: `npm ci`, compile, then keep only production dependencies —
// unless the build image already holds a built app (/app/.prebuilt), for offline builds.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

if (existsSync('/app/.prebuilt') && existsSync('/app/node_modules') && existsSync('/app/dist')) {
  console.log('docker-build: using the prebuilt node_modules and dist of the build image');
  process.exit(0);
}
for (const [command, args] of [
  ['npm', ['ci', '--no-audit', '--no-fund']],
  ['npx', ['tsc', '-p', 'tsconfig.json']],
  ['npm', ['prune', '--omit=dev']],
]) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
