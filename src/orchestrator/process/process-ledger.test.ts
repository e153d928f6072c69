import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEDGER_FILE, ProcessLedger, processStartTime, readLedger, stopLeftovers } from './process-ledger.js';

/** A real detached child (its own process group), like a replica. */
function sleeper(): number {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
  child.unref();
  return child.pid!;
}

const alive = (pid: number) => processStartTime(pid) !== null;

describe('process ledger (orphans of a killed supervisor)', () => {
  it('records children with their start time and forgets those that exit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slimfaas-ledger-'));
    const pid = sleeper();
    try {
      const ledger = new ProcessLedger(dir);
      ledger.add(pid);
      assert.deepEqual(readLedger(dir)?.children, [{ pid, start: processStartTime(pid) }]);
      assert.equal(readLedger(dir)?.supervisor.pid, process.pid);
      ledger.remove(pid);
      ledger.flush();
      assert.deepEqual(readLedger(dir)?.children, []);
    } finally {
      process.kill(-pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops recorded children of a dead supervisor, and never a PID whose start time differs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slimfaas-ledger-'));
    const orphan = sleeper();
    const bystander = sleeper();
    try {
      const ledger = {
        supervisor: { pid: 999_999_999, start: 'gone' },
        children: [
          { pid: orphan, start: processStartTime(orphan) },
          { pid: bystander, start: 'another process that had this PID' },
        ],
      };
      writeFileSync(join(dir, LEDGER_FILE), JSON.stringify(ledger));
      assert.equal(await stopLeftovers(dir), 1);
      assert.equal(alive(orphan), false, 'the orphan is stopped');
      assert.equal(alive(bystander), true, 'a reused PID is left alone');
    } finally {
      for (const pid of [orphan, bystander]) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses when the recorded supervisor is still running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slimfaas-ledger-'));
    const other = sleeper();
    try {
      writeFileSync(join(dir, LEDGER_FILE), JSON.stringify({ supervisor: { pid: other, start: processStartTime(other) }, children: [] }));
      await assert.rejects(stopLeftovers(dir), /in use by a running slimfaas local up/);
    } finally {
      process.kill(-other, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
