// The standalone simulator (`npm run kube-sim -- --port … --kubeconfig …`): writes a kubeconfig kubectl can use,
// serves until SIGTERM or Ctrl+C, then stops every pod process and exits 0.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { waitFor } from '../helpers/wait.js';
import { processStartTime } from '../../src/orchestrator/process/process-ledger.js';
import { startKubeSim } from '../../src/kube-sim/index.js';
import { Kubectl, REPO, alive, askPod, httpDeployment } from './kubectl.js';

const MAIN = join(REPO, 'dist', 'kube-sim', 'main.js');

interface Running {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function run(command: string, args: string[], detached: boolean): Running {
  const child = spawn(command, args, { cwd: REPO, detached, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The PIDs of the ready pods (from their containerID), once `count` of them answer over HTTP. */
async function readyPodPids(kubectl: Kubectl, count: number): Promise<number[]> {
  let pids: number[] = [];
  await waitFor(
    async () => {
      const out = await kubectl.ok(['get', 'pods', '-o', 'jsonpath={range .items[*]}{.status.podIP}={.status.containerStatuses[0].containerID}={.status.containerStatuses[0].ready}{"\\n"}{end}']);
      const ready = out.split('\n').filter((l) => l.endsWith('=true'));
      if (ready.length !== count) return false;
      pids = [];
      for (const line of ready) {
        const [ip, id] = line.split('=');
        if (!(await askPod(ip!))?.endsWith('standalone')) return false;
        pids.push(Number(id!.replace('kube-sim://', '')));
      }
      return true;
    },
    30_000,
    `${count} ready pods answering`,
  );
  return pids;
}

/** `expectedExit`: the exit code of the started command (npm dies of the SIGINT it passes on: null). */
async function scenario(start: (kubeconfig: string, stateDir: string) => Running, stop: (r: Running) => void, expectedExit: number | null): Promise<void> {
  assert.ok(existsSync(MAIN), `${MAIN} is missing: build first (npx tsc -p tsconfig.json)`);
  const dir = mkdtempSync(join(tmpdir(), 'kube-sim-standalone-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const running = start(kubeconfig, join(dir, 'state'));
  try {
    await waitFor(() => running.output().includes('Press Ctrl+C'), 30_000, 'the simulator banner');
    assert.match(running.output(), /kube-sim is serving the Kubernetes API on http:\/\/127\.0\.0\.1:\d+/);
    const kubectl = new Kubectl(kubeconfig, dir);
    assert.match(await kubectl.ok(['get', 'ns']), /default\s+Active/);
    await kubectl.ok(['apply', '-f', '-'], httpDeployment('web', 2, 'standalone'));
    const pids = await readyPodPids(kubectl, 2);
    assert.ok(pids.every(alive));
    stop(running);
    assert.equal(await running.exited, expectedExit);
    await waitFor(() => running.output().includes('stopping pods'), 10_000, 'the simulator stopping');
    if (expectedExit === null) await waitFor(() => !groupAlive(running.child.pid!), 20_000, 'the whole process group gone');
    assert.deepEqual(pids.filter(alive), []);
  } finally {
    if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('standalone kube-sim', () => {
  it('node dist/kube-sim/main.js: SIGTERM stops the pods and exits 0', () =>
    scenario(
      (kubeconfig, stateDir) => run(process.execPath, [MAIN, '--port', '0', '--kubeconfig', kubeconfig, '--state-dir', stateDir], false),
      (r) => r.child.kill('SIGTERM'),
      0,
    ));

  it('npm run kube-sim: Ctrl+C (SIGINT to the process group) stops the pods and the simulator', () =>
    scenario(
      (kubeconfig, stateDir) => run('npm', ['run', '--silent', 'kube-sim', '--', '--port', '0', '--kubeconfig', kubeconfig, '--state-dir', stateDir], true),
      (r) => process.kill(-r.child.pid!, 'SIGINT'),
      null,
    ));

  it('after a kill -9, the next simulator on the same IP block stops the pods it left behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-killed-'));
    const kubeconfig = join(dir, 'kubeconfig');
    const running = run(process.execPath, [MAIN, '--port', '0', '--kubeconfig', kubeconfig, '--state-dir', join(dir, 'state'), '--ip-block', '201'], false);
    try {
      await waitFor(() => running.output().includes('Press Ctrl+C'), 30_000, 'the simulator banner');
      assert.match(running.output(), /Pod IPs: 127\.0\.201\.2 and up/);
      const kubectl = new Kubectl(kubeconfig, dir);
      await kubectl.ok(['apply', '-f', '-'], httpDeployment('web', 2, 'standalone'));
      const pids = await readyPodPids(kubectl, 2);
      running.child.kill('SIGKILL');
      await running.exited;
      assert.ok(pids.every((pid) => processStartTime(pid) !== null), 'pods outlive a killed simulator');
      const lines: string[] = [];
      const next = await startKubeSim({ ipBlock: 201, log: (line) => lines.push(line) });
      try {
        assert.equal(next.podIpPrefix, '127.0.201.');
        await waitFor(() => pids.every((pid) => processStartTime(pid) === null), 10_000, 'leftover pods stopped');
        assert.deepEqual(lines, ['stopped 2 pod process(es) left running by a simulator that was killed']);
      } finally {
        await next.stop();
      }
    } finally {
      if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
