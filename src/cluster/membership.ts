/**
 * Cluster membership through the Store: each node announces itself under `members:<name>` with a
 * TTL (10 s), renewed every 3 s, and reads the others the same way. It gives the nodes' addresses
 * (trusted callers, self-scraping, node-to-node routes) when the orchestrator does not list them
 * (several `slimfaas serve` on hosts, native local nodes). A node that dies disappears by TTL.
 */
import type { Store } from '../store/store.js';
import type { Logger } from '../logging.js';
import type { PodInfo } from '../orchestrator/orchestrator.js';

const PREFIX = 'members:';
const TTL_MS = 10_000;
const EVERY_MS = 3000;

export interface Member {
  name: string;
  ip: string;
  /** Its public HTTP port first. */
  ports: number[];
  /** Base URL other nodes reach it at (`http://ip:port`). */
  url: string;
}

export class Membership {
  private known: Member[];
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<(members: readonly Member[]) => void>();

  constructor(
    private readonly store: Store,
    private me: Member,
    private readonly logger: Logger,
  ) {
    this.known = [me];
  }

  get self(): Member {
    return this.me;
  }

  /** Announces this node (at `self`, when its address is only known once it listens) and follows the others. */
  async start(self: Member = this.me): Promise<void> {
    this.me = self;
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), EVERY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.store.delete(PREFIX + this.self.name).catch(() => undefined);
  }

  /** Every live node, this one included. */
  members(): readonly Member[] {
    return this.known;
  }

  peers(): Member[] {
    return this.known.filter((m) => m.name !== this.self.name);
  }

  find(name: string): Member | undefined {
    return this.known.find((m) => m.name === name);
  }

  onChange(listener: (members: readonly Member[]) => void): void {
    this.listeners.add(listener);
  }

  /** The members as SlimFaas nodes of the topology (trusted, scraped). */
  asPods(): PodInfo[] {
    return this.known.map((m) => ({ name: m.name, ip: m.ip, ports: m.ports, started: true, ready: true, failureReason: '', annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(m.ports[0] ?? ''), 'prometheus.io/path': '/metrics' } }));
  }

  /** Reads the members now (a lookup that missed may be about a node announced since the last round). */
  async refresh(): Promise<void> {
    try {
      await this.store.set(PREFIX + this.self.name, JSON.stringify(this.self), TTL_MS);
      const entries = await this.store.scanKeys(PREFIX);
      const members: Member[] = [];
      for (const { key } of entries) {
        const raw = await this.store.get(key);
        if (!raw) continue;
        try {
          members.push(JSON.parse(raw.toString('utf8')) as Member);
        } catch {
          // Not a member record.
        }
      }
      if (!members.some((m) => m.name === this.self.name)) members.push(this.self);
      members.sort((a, b) => a.name.localeCompare(b.name));
      const changed = JSON.stringify(members) !== JSON.stringify(this.known);
      this.known = members;
      if (changed) for (const listener of this.listeners) listener(members);
    } catch (err) {
      this.logger.debug(`membership: ${(err as Error).message}`);
    }
  }
}
