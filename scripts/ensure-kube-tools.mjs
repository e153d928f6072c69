#!/usr/bin/env node
// Test prerequisite: `kubectl` (to prove the Kubernetes test server) and `docker-compose` (to run
// the compose demo). Installs them from Debian's packages when missing; never fails the run when
// a package cannot be installed (the tests needing it then say so).
import { spawnSync } from 'node:child_process';

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const install = (pkg) => {
  console.log(`ensure-kube-tools: installing ${pkg}`);
  const result = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) console.log(`ensure-kube-tools: could not install ${pkg}`);
};
if (!has('kubectl')) install('kubernetes-client');
if (!has('docker-compose')) install('docker-compose');
