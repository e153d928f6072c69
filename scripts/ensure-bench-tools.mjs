#!/usr/bin/env node
// Makes sure `nginx` and `wrk` are installed for `npm run bench` (Debian packages via apt-get); never starts the system nginx.
import { spawnSync } from 'node:child_process';
import { aptInstall } from './apt-install.mjs';

const has = (cmd, arg) => {
  const r = spawnSync(cmd, [arg], { stdio: 'ignore' });
  return r.status !== null && !r.error;
};
const missing = [['nginx', '-v'], ['wrk', '-v']].filter(([cmd, arg]) => !has(cmd, arg)).map(([cmd]) => cmd);
if (missing.length === 0) process.exit(0);
console.log(`missing ${missing.join(', ')}: installing with apt-get`);
aptInstall(missing);
const still = missing.filter((cmd) => !has(cmd, '-v'));
if (still.length) {
  console.error(`still missing: ${still.join(', ')} (apt-get install -y ${still.join(' ')})`);
  process.exit(1);
}
