/**
 * End-to-end: no process outlives SlimFaas. After `kill -9` of `slimfaas local up` its replicas
 * and auxiliary processes are orphans; the next `slimfaas local up` on the same state directory
 * stops exactly those (PIDs checked) and starts new replicas on the persisted ports. And SIGTERM
 * to the README's own command (`npx slimfaas local up`) stops everything, the CLI included.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LocalUp, recorderFunction, isAlive, RECORDER } from '../helpers/local-up.js';
import { Collector } from '../helpers/collector.js';
import { call } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

const manifest = (recordUrl: string) => () =>
  'functions:\n' +
  recorderFunction('steady', { recordUrl, annotations: { 'SlimFaas/ReplicasMin': '2' } }) +
  'processes:\n' +
  '  helper:\n' +
  `    command: ["${process.execPath}", "${RECORDER}"]\n` +
  '    port: auto\n' +
  '    restartPolicy: always\n';

describe('no process outlives SlimFaas', () => {
  it('kill -9, then local up again: the orphans are stopped and the persisted ports reused', async () => {
    const collector = await new Collector().start();
    const first = await LocalUp.start(manifest(collector.url));
    let second: LocalUp | undefined;
    try {
      await first.waitReady('steady', 2);
      await waitFor(() => first.alivePids().length === 3, 30_000, 'two replicas and the auxiliary process');
      const orphans = first.alivePids();
      const ports = first.persistedPorts();
      assert.ok(ports['function:steady:0'] && ports['function:steady:1'], 'replica ports are persisted');

      await first.killCli();
      assert.deepEqual(orphans.filter(isAlive), orphans, 'kill -9 leaves the children running (what the next run must clean)');

      second = await LocalUp.start(manifest(collector.url), { dir: first.dir, ports: first.ports });
      assert.match(second.output, /Stopped 3 process\(es\) left running by a previous run that was killed\./);
      assert.deepEqual(orphans.filter(isAlive), [], 'every orphan is gone');
      await second.waitReady('steady', 2);
      assert.deepEqual(second.persistedPorts(), ports, 'the same ports are allocated again');
      for (const replica of ['0', '1']) {
        const port = ports[`function:steady:${replica}`]!;
        const direct = await call(`http://127.0.0.1:${port}/direct`);
        assert.equal(direct.status, 200, `a new replica listens on persisted port ${port}`);
        const pid = collector.starts('steady').at(-1)!.pid;
        assert.ok(!orphans.includes(pid), 'answered by a new process, not an orphan');
      }
      assert.equal(await second.stop(), 0);
      assert.deepEqual(second.alivePids(), []);
    } finally {
      await second?.dispose(false);
      await first.dispose();
      await collector.close();
    }
  });

  it('SIGTERM to the npx parent of the README command stops SlimFaas and every replica', async () => {
    const collector = await new Collector().start();
    const up = await LocalUp.start(manifest(collector.url), undefined, {}, 'npx');
    try {
      await up.waitReady('steady', 2);
      await waitFor(() => up.alivePids().length === 3, 30_000, 'two replicas and the auxiliary process');
      const supervisor = up.supervisorPid();
      assert.ok(supervisor !== null && supervisor !== up.child.pid, 'slimfaas runs under npx, in its own process');
      const everything = [supervisor!, ...up.alivePids()];
      const signalledAt = Date.now();
      up.child.kill('SIGTERM');
      await waitFor(() => everything.every((pid) => !isAlive(pid)), 5_000, 'SlimFaas and its replicas to exit within 5 s');
      console.log(`# everything stopped ${Date.now() - signalledAt} ms after SIGTERM to npx`);
    } finally {
      await up.dispose();
      await collector.close();
    }
  });
});
