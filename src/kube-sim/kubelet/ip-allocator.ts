/**
 * Pod IPs on loopback: each kube-sim claims a block `127.0.<b>.0/24` (a lock file naming its PID in the temporary
 * directory, so simulators running side by side never hand out the same addresses; a lock left by a dead process
 * is taken over, after stopping the pod processes its ledger lists) and hands out `127.0.<b>.2` … `.254`, not
 * reusing an address until the block wraps.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopLeftoverPods } from './pod-ledger.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface IpBlock {
  readonly block: number;
  /** Where the pod processes of this block are recorded. */
  readonly ledgerFile: string;
  /** How many processes a dead simulator had left running in this block (stopped when claiming it). */
  readonly leftoversStopped: number;
  release(): void;
}

/** Claims the first free block from `preferred` upwards (wrapping at 255); throws when all are taken. */
export function claimIpBlock(preferred = 0, lockDir = join(tmpdir(), 'kube-sim-ip-blocks')): IpBlock {
  mkdirSync(lockDir, { recursive: true });
  for (let i = 0; i < 256; i++) {
    const block = (preferred + i) % 256;
    const file = join(lockDir, `127.0.${block}.lock`);
    const ledgerFile = join(lockDir, `127.0.${block}.pods.json`);
    let leftoversStopped = 0;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(file, String(process.pid), { flag: 'wx' });
        return {
          block,
          ledgerFile,
          leftoversStopped,
          release: () => {
            try {
              if (readFileSync(file, 'utf8') === String(process.pid)) rmSync(file, { force: true });
            } catch {
              // already gone
            }
          },
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        let owner = NaN;
        try {
          owner = Number(readFileSync(file, 'utf8'));
        } catch {
          // vanished meanwhile: retry
        }
        if (Number.isInteger(owner) && owner > 0 && alive(owner)) break;
        leftoversStopped += stopLeftoverPods(ledgerFile);
        rmSync(file, { force: true });
      }
    }
  }
  throw new Error('kube-sim: every 127.0.x.0/24 pod IP block is in use');
}

export class IpAllocator {
  private readonly used = new Set<number>();
  private next = 2;

  constructor(private readonly block: number) {}

  allocate(): string | undefined {
    for (let i = 0; i < 253; i++) {
      const host = this.next;
      this.next = this.next >= 254 ? 2 : this.next + 1;
      if (!this.used.has(host)) {
        this.used.add(host);
        return `127.0.${this.block}.${host}`;
      }
    }
    return undefined;
  }

  release(ip: string | undefined): void {
    if (!ip) return;
    const host = Number(ip.split('.')[3]);
    this.used.delete(host);
  }
}
