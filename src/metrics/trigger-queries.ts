/**
 * Trigger queries parsed once by query text for the life of the process (autoscaling.md §3.2),
 * their metric names registered for scraping, and a bad query logged once — it then simply has
 * no data (its trigger is invalid, so capacity is held).
 */
import { parsePromql, type ParsedPromql } from '../promql/index.js';
import type { Logger } from '../logging.js';
import type { FunctionEntry } from '../functions/function-registry.js';
import type { RequestedNames } from './scrape/requested-names.js';

export class TriggerQueries {
  private readonly cache = new Map<string, ParsedPromql | null>();

  constructor(
    private readonly names: RequestedNames,
    private readonly logger: Logger,
  ) {}

  /** The parsed query, or null when it does not parse (logged on first sight). */
  parsed(query: string): ParsedPromql | null {
    const cached = this.cache.get(query);
    if (cached !== undefined) return cached;
    let parsed: ParsedPromql | null = null;
    try {
      parsed = parsePromql(query);
      this.names.add(parsed);
    } catch (err) {
      this.logger.error(`trigger query ${JSON.stringify(query)} is ignored: ${(err as Error).message}`);
    }
    this.cache.set(query, parsed);
    return parsed;
  }

  /** Registers the metric names of every trigger of these functions (§5.3 (a)). */
  register(entries: readonly FunctionEntry[]): void {
    for (const entry of entries) for (const trigger of entry.config.scale?.Triggers ?? []) this.parsed(trigger.Query);
  }
}
