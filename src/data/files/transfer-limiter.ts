/**
 * The per-node file transfer limiter (data.md §2.6): operations on one id run one at a time, and
 * transfers share a byte budget (a transfer larger than the whole budget runs only alone). Waiters
 * are served in arrival order; a new one beyond `maxPending` waiting, or one that waited longer
 * than `waitTimeoutMs`, is refused with TransferBusyError (answered 429 `Retry-After: 1`).
 */

export class TransferBusyError extends Error {}

export interface TransferLimits {
  maxInFlightBytes: number;
  maxPending: number;
  waitTimeoutMs: number;
}

interface Waiter {
  id: string;
  bytes: number;
  grant: () => void;
}

export type Release = () => void;

export class TransferLimiter {
  private readonly activeIds = new Set<string>();
  private readonly waiters: Waiter[] = [];
  private inFlightBytes = 0;
  private inFlightCount = 0;

  constructor(private readonly limits: TransferLimits) {}

  /** Waits for the lock on `id` and `bytes` of budget; the Release must be called exactly once. */
  acquire(id: string, bytes: number): Promise<Release> {
    return new Promise<Release>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        id,
        bytes,
        grant: () => {
          if (timer) clearTimeout(timer);
          resolve(this.start(id, bytes));
        },
      };
      this.waiters.push(waiter);
      this.pump();
      if (!this.waiters.includes(waiter)) return;
      if (this.waiters.length > this.limits.maxPending) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new TransferBusyError('too many file transfers are waiting'));
        return;
      }
      timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new TransferBusyError('waited too long for a file transfer slot'));
        this.pump();
      }, this.limits.waitTimeoutMs);
      timer.unref();
    });
  }

  /** Runs `task` holding the lock on `id` (no budget); rejects with TransferBusyError as `acquire`. */
  async withLock<T>(id: string, task: () => Promise<T>): Promise<T> {
    const release = await this.acquire(id, 0);
    try {
      return await task();
    } finally {
      release();
    }
  }

  get pending(): number {
    return this.waiters.length;
  }

  private fits(id: string, bytes: number): boolean {
    if (this.activeIds.has(id)) return false;
    return this.inFlightCount === 0 || this.inFlightBytes + bytes <= this.limits.maxInFlightBytes;
  }

  private start(id: string, bytes: number): Release {
    this.activeIds.add(id);
    this.inFlightBytes += bytes;
    this.inFlightCount++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.activeIds.delete(id);
      this.inFlightBytes -= bytes;
      this.inFlightCount--;
      this.pump();
    };
  }

  /**
   * Grants waiters in arrival order. One waiting for a busy id does not hold back the others; the
   * first one the budget cannot take stops the scan, so a large transfer is never starved.
   */
  private pump(): void {
    const blockedIds = new Set<string>();
    for (let i = 0; i < this.waiters.length; ) {
      const waiter = this.waiters[i]!;
      if (this.activeIds.has(waiter.id) || blockedIds.has(waiter.id)) {
        blockedIds.add(waiter.id);
        i++;
        continue;
      }
      if (!this.fits(waiter.id, waiter.bytes)) break;
      this.waiters.splice(i, 1);
      waiter.grant();
    }
  }
}
