/**
 * Before `slimfaas local up` starts anything: stops the processes a killed earlier run of the same
 * project left behind. Persistent state: the ledger of its own directory. Ephemeral state: the
 * ledgers of sibling temporary directories whose supervisor is dead (which are then removed).
 */
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { stopLeftovers as stopIn, readLedger, isSameProcess } from '../orchestrator/process/process-ledger.js';

export async function stopLeftovers(stateDirectory: string, ephemeral: boolean): Promise<number> {
  if (!ephemeral) return stopIn(stateDirectory);
  const parent = dirname(stateDirectory);
  let stopped = 0;
  for (const name of readdirSync(parent)) {
    if (name === basename(stateDirectory)) continue;
    const dir = join(parent, name);
    const ledger = readLedger(dir);
    if (!ledger || isSameProcess(ledger.supervisor)) continue;
    stopped += await stopIn(dir);
    rmSync(dir, { recursive: true, force: true });
  }
  return stopped;
}
