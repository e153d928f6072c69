// Installs Debian packages with apt-get (through `sudo -n` when not root), running `apt-get update`
// once if the first try fails (a fresh image may have no package lists yet). Returns true on success.
import { spawnSync } from 'node:child_process';

function run(command, args) {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const [cmd, argv] = asRoot ? [command, args] : ['sudo', ['-n', command, ...args]];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  return spawnSync(cmd, argv, { stdio: 'inherit', env }).status === 0;
}

export function aptInstall(packages) {
  return run('apt-get', ['install', '-y', ...packages]) || (run('apt-get', ['update']) && run('apt-get', ['install', '-y', ...packages]));
}
