/**
 * Where async statuses and results live on the Store seam (SQLite and Redis alike): one hash
 * `AsyncStatus:<fn>:<id>` with its TTL — `record` (JSON) and, once final, the result (`status`,
 * `headers`, `body`, `tooLarge`) written in the same step. Updates of one element are serialised
 * on this node; one store write per transition.
 */
import type { Store, WriteOptions } from '../store/store.js';
import { attemptEnded, attemptStarted, isFinal, queuedRecord, recordTtlMs, type AsyncRecord } from './async-status.js';
import type { HttpPolicy } from '../model/function-config.js';
import type { CapturedResponse } from '../proxy/upstream-client.js';

export const statusKey = (fn: string, id: string): string => `AsyncStatus:${fn}:${id}`;

interface StoredResult {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  tooLarge: boolean;
}

export class AsyncResultsStore {
  private chains = new Map<string, Promise<void>>();
  private open = new Map<string, { tryNumber: number; startMs: number }>();

  constructor(private readonly store: Store, private readonly now: () => number = Date.now) {}

  async read(fn: string, id: string): Promise<AsyncRecord | null> {
    const raw = (await this.store.hashGetAll(statusKey(fn, id))).record;
    if (!raw) return null;
    try {
      return JSON.parse(raw.toString('utf8')) as AsyncRecord;
    } catch {
      return null;
    }
  }

  async readResult(fn: string, id: string): Promise<StoredResult | null> {
    const fields = await this.store.hashGetAll(statusKey(fn, id));
    if (!fields.status) return null;
    return {
      status: Number(fields.status.toString()),
      headers: JSON.parse(fields.headers?.toString() ?? '{}') as StoredResult['headers'],
      body: fields.body ?? Buffer.alloc(0),
      tooLarge: fields.tooLarge?.toString() === '1',
    };
  }

  /** Written by the enqueue route before the 202. */
  async queued(fn: string, id: string, path: string, policy: HttpPolicy, settings: { ttlMs: number; maxBytes: number }): Promise<void> {
    const record = queuedRecord(id, fn, path, policy, settings, this.now());
    await this.write(record);
  }

  /**
   * An attempt started: kept in memory and written with its end, so an attempt costs one store
   * write (a crash loses only the start of an attempt that will be made again).
   */
  started(fn: string, id: string, tryNumber: number): void {
    if (this.open.size > 100_000) this.open.clear(); // attempts whose end this node never saw (leadership lost)
    this.open.set(statusKey(fn, id), { tryNumber, startMs: this.now() });
  }

  /** The record as it is now: an attempt this node has open shows as Running. */
  current(record: AsyncRecord): AsyncRecord {
    const open = this.open.get(statusKey(record.Function, record.Id));
    return open && !isFinal(record.Status) ? attemptStarted(record, open.tryNumber, open.startMs) : record;
  }

  /** The last attempt ended with `code`; the response (when there was one) is kept once the record is final. */
  ended(fn: string, id: string, code: number, response?: CapturedResponse, deadLettered = false): Promise<void> {
    const open = this.open.get(statusKey(fn, id));
    this.open.delete(statusKey(fn, id));
    const withStart = (r: AsyncRecord) => (open ? attemptStarted(r, open.tryNumber, open.startMs) : r);
    return this.update(fn, id, (r) => attemptEnded(withStart(r), code, this.now(), deadLettered), (record): Record<string, Buffer | string> => {
      if (!isFinal(record.Status)) return {};
      return response
        ? { status: String(response.status), headers: JSON.stringify(response.headers), body: response.body ?? Buffer.alloc(0), tooLarge: response.body ? '0' : '1' }
        : { status: String(code), headers: '{}', body: Buffer.alloc(0), tooLarge: '0' };
    });
  }

  private update(fn: string, id: string, change: (r: AsyncRecord) => AsyncRecord, result?: (r: AsyncRecord) => Record<string, Buffer | string>): Promise<void> {
    const key = statusKey(fn, id);
    const run = async () => {
      const record = await this.read(fn, id);
      if (!record) return; // results off at enqueue, or expired
      const next = change(record);
      if (next === record) return;
      // The result in the same write: a final status is never visible without its result. The
      // outcome of a delivery is replayable: lost, its element is delivered again and writes it again.
      await this.write(next, result?.(next), { replayable: true });
    };
    const previous = this.chains.get(key) ?? Promise.resolve();
    const current = previous.then(run, run);
    this.chains.set(key, current);
    void current.finally(() => {
      if (this.chains.get(key) === current) this.chains.delete(key);
    }).catch(() => undefined);
    return current;
  }

  private write(record: AsyncRecord, result: Record<string, Buffer | string> = {}, options?: WriteOptions): Promise<void> {
    return this.store.hashSet(statusKey(record.Function, record.Id), { record: JSON.stringify(record), ...result }, recordTtlMs(record), options);
  }
}
