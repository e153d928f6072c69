#!/usr/bin/env node
// Makes sure `redis-server` is installed (the Redis store tests start their own servers with it):
// does nothing when the binary runs, otherwise installs the Debian package `redis-server` with
// apt-get (through sudo when not root). Idempotent; never starts a server. Exit 1 if still missing.
import { spawnSync } from 'node:child_process';
import { aptInstall } from './apt-install.mjs';

const binary = process.env.REDIS_SERVER_BIN ?? 'redis-server';

function installed() {
  return spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0;
}

if (installed()) process.exit(0);
console.log(`${binary} not found: installing redis-server with apt-get`);
aptInstall(['redis-server']);
if (!installed()) {
  console.error(`redis-server is still missing: install it (e.g. apt-get install -y redis-server) or set REDIS_SERVER_BIN`);
  process.exit(1);
}
