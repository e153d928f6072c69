/**
 * End-to-end: replica restarts, scale to zero and back, and a clean stop (SIGTERM leaves no
 * process behind) through the real CLI.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LocalUp, recorderFunction, isAlive } from '../helpers/local-up.js';
import { Collector } from '../helpers/collector.js';
import { call } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

describe('replica lifecycle (native local mode)', () => {
  it('restarts a replica that exits unexpectedly and traffic resumes; SIGTERM leaves nothing behind', async () => {
    const collector = await new Collector().start();
    const up = await LocalUp.start(() => 'functions:\n' + recorderFunction('worker', { recordUrl: collector.url, annotations: { 'SlimFaas/ReplicasMin': '1' } }));
    try {
      await up.waitReady('worker');
      assert.equal((await call(`${up.url}/function/worker/a`)).status, 200);
      const [first] = up.startedPids();
      process.kill(first, 'SIGKILL');
      await waitFor(() => up.startedPids().length >= 2 && isAlive(up.startedPids()[1]), 30_000, 'a new replica process');
      // The sync call waits for the restarted replica to be ready.
      const res = await call(`${up.url}/function/worker/b`);
      assert.equal(res.status, 200);
      assert.notEqual(collector.starts('worker').at(-1)!.pid, first);

      const pids = up.startedPids();
      assert.equal(await up.stop('SIGTERM'), 0);
      assert.deepEqual(pids.filter(isAlive), [], 'every replica stopped');
      assert.match(up.output, /Press Ctrl\+C to stop\./);
    } finally {
      await up.dispose();
      await collector.close();
    }
  });

  it('scales an idle function to ReplicasMin and back up on the next call', async () => {
    const collector = await new Collector().start();
    const up = await LocalUp.start(() =>
      'functions:\n' +
      recorderFunction('napper', {
        recordUrl: collector.url,
        annotations: { 'SlimFaas/ReplicasMin': '0', 'SlimFaas/ReplicasAtStart': '1', 'SlimFaas/TimeoutSecondBeforeSetReplicasMin': '2' },
      }),
    );
    try {
      assert.equal((await up.status('napper')).NumberRequested, 0);
      assert.equal((await call(`${up.url}/wake-function/napper`, { method: 'POST' })).status, 204);
      await waitFor(async () => (await up.status('napper')).NumberReady === 1, 30_000, 'woken by /wake-function');
      await waitFor(async () => (await up.status('napper')).NumberRequested === 0, 30_000, 'back to zero after 2 s idle');
      assert.deepEqual(up.alivePids(), [], 'the replica process was stopped');
      const res = await call(`${up.url}/function/napper/again`);
      assert.equal(res.status, 200);
      assert.equal((await up.status('napper')).NumberRequested, 1);
      assert.equal(await up.stop('SIGINT'), 0);
      assert.deepEqual(up.alivePids(), []);
    } finally {
      await up.dispose();
      await collector.close();
    }
  });
});
