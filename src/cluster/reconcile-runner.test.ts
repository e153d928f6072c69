import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../logging.js';
import { waitFor } from '../../test/helpers/wait.js';
import { backoffDelay, ReconcileRunner } from './reconcile-runner.js';

const leadership = (leading: { value: boolean }) => ({ isLeader: () => leading.value });

describe('backoffDelay', () => {
  for (const [period, failures, max, expected] of [
    [50, 1, 5000, 50],
    [50, 2, 5000, 100],
    [50, 7, 5000, 3200],
    [50, 8, 5000, 5000],
    [60_000, 1, 5000, 1000],
    [60_000, 3, 5000, 4000],
    [1000, 10, 30_000, 30_000],
    [0, 1, 5000, 1],
  ] as const) {
    it(`period ${period} ms, failure ${failures}, cap ${max}: ${expected} ms`, () => assert.equal(backoffDelay(period, failures, max), expected));
  }
});

describe('ReconcileRunner', () => {
  it('runs the leader pass while leading and the follower pass otherwise, each on its period', async () => {
    const leading = { value: true };
    const runner = new ReconcileRunner(leadership(leading), silentLogger);
    const calls: string[] = [];
    runner.add({ name: 'duty', everyMs: 5, reconcile: async () => void calls.push('lead'), follow: async () => void calls.push('follow') });
    runner.add({ name: 'leader-only', everyMs: 5, reconcile: async () => void calls.push('only') });
    assert.equal(calls.length, 0, 'nothing before start');
    runner.start();
    await waitFor(() => calls.filter((c) => c === 'lead').length >= 3 && calls.includes('only'), 5000, 'leader passes');
    leading.value = false;
    const mark = calls.length;
    await waitFor(() => calls.slice(mark).filter((c) => c === 'follow').length >= 3, 5000, 'follower passes');
    await runner.stop();
    const after = calls.length;
    assert.ok(!calls.slice(mark + 1).includes('only'), 'a leader-only loop does nothing while following');
    await new Promise((r) => setImmediate(r));
    assert.equal(calls.length, after, 'no pass after stop');
  });

  it('a wake during a pass runs exactly one more pass, never overlapping; null sleeps until woken', async () => {
    const runner = new ReconcileRunner(leadership({ value: true }), silentLogger);
    let active = 0;
    let maxActive = 0;
    let passes = 0;
    let release: () => void = () => undefined;
    const handle = runner.add({
      name: 'signal',
      everyMs: 10,
      reconcile: async () => {
        passes++;
        active++;
        maxActive = Math.max(maxActive, active);
        if (passes === 1) await new Promise<void>((r) => (release = r));
        active--;
        return null;
      },
    });
    runner.start();
    await waitFor(() => passes === 1, 5000, 'first pass');
    handle.wake();
    handle.wake();
    handle.wake();
    release();
    await waitFor(() => passes === 2, 5000, 'the coalesced pass');
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(passes, 2, 'null: no pass until woken');
    assert.equal(maxActive, 1);
    handle.wake();
    await waitFor(() => passes === 3, 5000, 'woken again');
    await runner.stop();
  });

  it('backs off after failures, logs each, and a wake runs at once whatever the back-off', async () => {
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (m: string) => void warnings.push(m) };
    const runner = new ReconcileRunner(leadership({ value: true }), logger, { maxBackoffMs: 60_000 });
    let passes = 0;
    const handle = runner.add({
      name: 'flaky',
      everyMs: 60_000,
      reconcile: async () => {
        passes++;
        throw new Error(`boom ${passes}`);
      },
    });
    runner.start();
    await waitFor(() => passes === 1, 5000, 'first pass');
    await waitFor(() => passes === 2, 5000, 'retried after the 1 s base back-off, not the 60 s period');
    assert.deepEqual(warnings.slice(0, 2), ['flaky: boom 1', 'flaky: boom 2']);
    handle.wake();
    await waitFor(() => passes === 3, 1000, 'a wake ignores the 2 s back-off');
    await runner.stop();
  });
});
