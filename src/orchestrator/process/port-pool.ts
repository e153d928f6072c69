/**
 * The `processPorts` pool (§2.4.8): hands out loopback ports that are inside the range, not reserved,
 * not held by another id, and bindable right now; reuses an id's persisted allocation when possible.
 */
import net from 'node:net';
import type { PortAllocationStore } from '../../config/manifest/state-types.js';

export type BindTest = (port: number) => Promise<boolean>;

/** True when `127.0.0.1:<port>` can be bound at this instant. */
export const canBindLoopback: BindTest = (port) =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });

export class PortPool {
  /** port → id currently holding it in this process (allocated or pinned). */
  private readonly holders = new Map<number, string>();
  private readonly reserved: Set<number>;

  constructor(
    readonly range: { from: number; to: number },
    reserved: Iterable<number>,
    private readonly store: PortAllocationStore,
    private readonly bindTest: BindTest = canBindLoopback,
  ) {
    this.reserved = new Set(reserved);
  }

  /** "No free port in <from>-<to>." */
  exhaustedMessage(): string {
    return `No free port in ${this.range.from}-${this.range.to}.`;
  }

  /** Marks a port owned outside the pool (fixed process port) so it is never handed out; it wins over stale allocations. */
  pin(id: string, port: number): void {
    this.holders.set(port, id);
  }

  /** The port `id` holds right now, if any. */
  portOf(id: string): number | undefined {
    for (const [port, holder] of this.holders) if (holder === id) return port;
    return undefined;
  }

  /**
   * Reserves a port for `id`: its previous port (held or persisted) when still in range and free,
   * else the lowest free one (ports persisted for other ids are used last). Persists the choice.
   * Returns null when the range is exhausted.
   */
  async acquire(id: string): Promise<number | null> {
    const previous = this.portOf(id) ?? this.store.get(id);
    this.drop(id);
    const persistedByOthers = new Set<number>();
    for (const [other, port] of Object.entries(this.store.all())) if (other !== id) persistedByOthers.add(port);

    const candidates: number[] = [];
    if (previous !== undefined && this.eligible(previous)) candidates.push(previous);
    for (let port = this.range.from; port <= this.range.to; port++) {
      if (port !== previous && !persistedByOthers.has(port)) candidates.push(port);
    }
    for (let port = this.range.from; port <= this.range.to; port++) {
      if (port !== previous && persistedByOthers.has(port)) candidates.push(port);
    }

    for (const port of candidates) {
      if (!this.eligible(port)) continue;
      this.holders.set(port, id);
      if (await this.bindTest(port)) {
        for (const [other, stale] of Object.entries(this.store.all())) {
          if (other !== id && stale === port) this.store.delete(other);
        }
        if (this.store.get(id) !== port) this.store.set(id, port);
        return port;
      }
      if (this.holders.get(port) === id) this.holders.delete(port);
    }
    return null;
  }

  /** Forgets `id`'s port, in memory and in the persisted allocations (scale-down, shutdown). */
  release(id: string): void {
    this.drop(id);
    if (this.store.get(id) !== undefined) this.store.delete(id);
  }

  private drop(id: string): void {
    for (const [port, holder] of [...this.holders]) if (holder === id) this.holders.delete(port);
  }

  private eligible(port: number): boolean {
    return (
      Number.isInteger(port) &&
      port >= this.range.from &&
      port <= this.range.to &&
      !this.reserved.has(port) &&
      !this.holders.has(port)
    );
  }
}
