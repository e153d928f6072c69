/** Cold-start protection: per-node, per-function cap on sync calls waiting for a function to wake. */

/** `Retry-After` (seconds) of a call refused because too many already wait: one scaler period. */
export const COLD_START_RETRY_AFTER_SECONDS = 1;

/** Response header carrying how long (integer ms) a sync call waited for a ready replica. */
export const COLD_START_HEADER = 'SlimFaas-Cold-Start-Ms';

/** Whether one more call may wait when `waiting` already do and the cap is `cap`. */
export function admits(waiting: number, cap: number): boolean {
  return waiting < cap;
}

/** JSON body of the 429 answered to a call past the cap. */
export function rejectionBody(name: string, cap: number): { error: string; function: string; maxPendingWhileWaking: number; retryAfterSeconds: number } {
  return {
    error: `Function ${name} is starting and ${cap} call(s) already wait for it on this node; retry later.`,
    function: name,
    maxPendingWhileWaking: cap,
    retryAfterSeconds: COLD_START_RETRY_AFTER_SECONDS,
  };
}

/** In-memory counters of the calls waiting for each function on this node. */
export class ColdStartAdmission {
  private readonly waiting = new Map<string, number>();

  /** Counts the call in and returns true, or returns false (nothing counted) when the cap is reached. */
  tryEnter(name: string, cap: number): boolean {
    const count = this.waiting.get(name) ?? 0;
    if (!admits(count, cap)) return false;
    this.waiting.set(name, count + 1);
    return true;
  }

  /** Counts out a call admitted by `tryEnter` (its wait ended, whatever the reason). */
  leave(name: string): void {
    const count = this.waiting.get(name) ?? 0;
    if (count <= 1) this.waiting.delete(name);
    else this.waiting.set(name, count - 1);
  }

  /** Calls currently waiting for `name`. */
  count(name: string): number {
    return this.waiting.get(name) ?? 0;
  }
}
