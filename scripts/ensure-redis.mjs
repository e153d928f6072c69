#!/usr/bin/env node
// Makes sure `redis-server` is installed (the Redis store tests start their own servers with it):
// does nothing when the binary runs, otherwise installs the Debian package `redis-server` with
// apt-get (through sudo when not root). Idempotent; never starts a server. Exit 1 if still missing.
import { spawnSync } from 'node:child_process';

const binary = process.env.REDIS_SERVER_BIN ?? 'redis-server';

function installed() {
  return spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0;
}

function run(command, args) {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const [cmd, argv] = asRoot ? [command, args] : ['sudo', ['-n', command, ...args]];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  return spawnSync(cmd, argv, { stdio: 'inherit', env }).status === 0;
}

if (installed()) process.exit(0);
console.log(`${binary} not found: installing redis-server with apt-get`);
if (!run('apt-get', ['install', '-y', 'redis-server'])) {
  // A fresh image may have no package lists yet.
  run('apt-get', ['update']) && run('apt-get', ['install', '-y', 'redis-server']);
}
if (!installed()) {
  console.error(`redis-server is still missing: install it (e.g. apt-get install -y redis-server) or set REDIS_SERVER_BIN`);
  process.exit(1);
}
