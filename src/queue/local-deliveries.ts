/**
 * The dispatcher's own view of its deliveries, per function: how many are in flight, on which
 * reserved pods, and how many elements are known to be still available. While every running
 * attempt is one of this node's deliveries and its lease (fence) is unchanged, only its own pops
 * take available elements, so the count left by the last snapshot, minus what it popped since, is
 * a lower bound: a pass can pop without a new snapshot, with these loads. A pop returning fewer
 * than asked, a 202-mode attempt (running after its delivery ends) or another fence ends it.
 */
export class LocalDeliveries {
  private readonly inFlight = new Map<string, number>();
  private readonly loads = new Map<string, Map<string, number>>();
  private readonly known = new Map<string, { available: number; fence: string | null }>();

  count(fn: string): number {
    return this.inFlight.get(fn) ?? 0;
  }

  /** In-flight deliveries per reserved pod key. */
  loadsOf(fn: string): Map<string, number> {
    return this.loads.get(fn) ?? new Map();
  }

  begin(fn: string, podKey: string): void {
    this.inFlight.set(fn, this.count(fn) + 1);
    const loads = this.loads.get(fn) ?? new Map<string, number>();
    loads.set(podKey, (loads.get(podKey) ?? 0) + 1);
    this.loads.set(fn, loads);
  }

  /** A delivery ended; `stillRunning`: its attempt stays open (202 mode), unseen by these loads. */
  end(fn: string, podKey: string, stillRunning: boolean): void {
    this.inFlight.set(fn, Math.max(0, this.count(fn) - 1));
    const loads = this.loads.get(fn);
    const left = (loads?.get(podKey) ?? 1) - 1;
    if (left > 0) loads!.set(podKey, left);
    else loads?.delete(podKey);
    if (stillRunning) this.known.delete(fn);
  }

  /** Elements known available without a snapshot (0: take one). */
  knownAvailable(fn: string, fence: string | null): number {
    const known = this.known.get(fn);
    return known && known.fence === fence ? known.available : 0;
  }

  /**
   * After a pop of `taken` out of `asked`, from `available` (snapshot or known): what stays known.
   * `exclusive`: every running attempt was this node's own delivery when `available` was read.
   */
  popped(fn: string, fence: string | null, available: number, asked: number, taken: number, exclusive: boolean): void {
    if (exclusive && taken === asked && available > taken) this.known.set(fn, { available: available - taken, fence });
    else this.known.delete(fn);
  }
}
