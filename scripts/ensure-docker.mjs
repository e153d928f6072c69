#!/usr/bin/env node
// Makes a Docker engine reachable for the test suites, idempotently: when the engine already
// answers on its socket, nothing happens; otherwise `docker.io` is installed with apt-get when
// `dockerd` is missing, `dockerd` is started in the background (log: $SLIMFAAS_DOCKERD_LOG or
// <tmp>/slimfaas-dockerd.log) and the script waits until the engine answers. It always exits 0:
// when Docker cannot run here it says why, and the Docker tests skip with that reason.
// Usage: node scripts/ensure-docker.mjs
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const READY_TIMEOUT_MS = 60_000;

function socketPath() {
  const host = process.env.DOCKER_HOST?.trim() ?? '';
  return host.startsWith('unix://') && host.length > 'unix://'.length ? host.slice('unix://'.length) : '/var/run/docker.sock';
}

function ping(path) {
  return new Promise((resolve) => {
    const req = http.get({ socketPath: path, path: '/_ping', timeout: 3000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

function which(name) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin', '/sbin', '/usr/local/sbin', '/usr/local/bin'];
  return dirs.map((dir) => join(dir, name)).find((path) => existsSync(path)) ?? null;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a privileged command: directly as root, else through `sudo -n` when it exists. */
function privileged(command, args, options = {}) {
  if (isRoot) return spawnSync(command, args, { stdio: 'inherit', ...options });
  if (!which('sudo')) return { status: 1, error: new Error('not root and no sudo') };
  return spawnSync('sudo', ['-n', command, ...args], { stdio: 'inherit', ...options });
}

function say(message) {
  console.log(`ensure-docker: ${message}`);
}

/** 'ready', 'exited' (the daemon stopped, e.g. another one holds its pid file) or 'timeout'. */
async function waitReady(path, child) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (await ping(path)) return 'ready';
    if (exited) return 'exited';
    await new Promise((r) => setTimeout(r, 250));
  }
  return 'timeout';
}

async function main() {
  const path = socketPath();
  if (await ping(path)) {
    say(`the Docker engine answers on ${path}`);
    return;
  }
  let dockerd = which('dockerd');
  if (!dockerd) {
    say('dockerd is missing: installing docker.io with apt-get');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    let install = privileged('apt-get', ['install', '-y', 'docker.io'], { env });
    if (install.status !== 0) {
      privileged('apt-get', ['update'], { env });
      install = privileged('apt-get', ['install', '-y', 'docker.io'], { env });
    }
    dockerd = which('dockerd');
    if (!dockerd) {
      say(`could not install docker.io (${install.error?.message ?? `apt-get exited ${install.status}`}); Docker tests will be skipped`);
      return;
    }
  }
  const log = process.env.SLIMFAAS_DOCKERD_LOG ?? join(tmpdir(), 'slimfaas-dockerd.log');
  say(`starting ${dockerd} in the background (log: ${log})`);
  const out = openSync(log, 'a');
  // A socket named by DOCKER_HOST is where the new daemon must listen.
  const hostArgs = path === '/var/run/docker.sock' ? [] : ['-H', `unix://${path}`];
  const [command, args] = isRoot ? [dockerd, hostArgs] : ['sudo', ['-n', dockerd, ...hostArgs]];
  let child;
  try {
    child = spawn(command, args, { detached: true, stdio: ['ignore', out, out] });
    child.on('error', (err) => say(`cannot start dockerd: ${err.message}`));
    child.unref();
  } catch (err) {
    say(`cannot start dockerd (${err.message}); Docker tests will be skipped`);
    return;
  }
  const outcome = await waitReady(path, child);
  if (outcome === 'ready') say(`the Docker engine answers on ${path}`);
  else if (outcome === 'exited') say(`dockerd exited without answering on ${path} (see ${log}); Docker tests will be skipped`);
  else say(`dockerd did not answer on ${path} within ${READY_TIMEOUT_MS / 1000} s (see ${log}); Docker tests will be skipped`);
}

main()
  .catch((err) => say(`unexpected failure: ${err?.message ?? err}; Docker tests will be skipped`))
  .finally(() => process.exit(0));
