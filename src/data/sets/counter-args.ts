/**
 * The arguments of the counter routes (data.md §3.4), checked in upstream's order before anything
 * is mutated: missing `by`, invalid id, then a `ttl` that is not positive; a non-numeric `by` or
 * `ttl` is a 400 too. `decrby` of the smallest 64-bit integer cannot be negated: 409.
 */
import { INVALID_ID, isValidId } from '../ids.js';
import { parseDecimalText, parseInt64, parseTtl, type DataQuery } from '../query.js';

export const COUNTER_OPS = ['incr', 'incrby', 'incrbyfloat', 'decr', 'decrby'] as const;
export type CounterOp = (typeof COUNTER_OPS)[number];

export type CounterPlan =
  | { kind: 'integer'; delta: bigint; ttlMs: number | undefined }
  | { kind: 'decimal'; delta: string; ttlMs: number | undefined };

export type CounterArgs = { ok: true; plan: CounterPlan } | { ok: false; status: 400 | 409; message: string };

const INT64_MIN = -(2n ** 63n);

export function isCounterOp(text: string): text is CounterOp {
  return (COUNTER_OPS as readonly string[]).includes(text);
}

export function counterArgs(op: CounterOp, id: string, query: DataQuery, nowMs: number): CounterArgs {
  const fail = (status: 400 | 409, message: string): CounterArgs => ({ ok: false, status, message });
  const needsBy = op === 'incrby' || op === 'decrby' || op === 'incrbyfloat';
  const byText = query.get('by');
  if (needsBy && byText === undefined) return fail(400, 'Missing by.');
  let integer: bigint | null = op === 'incr' ? 1n : op === 'decr' ? -1n : null;
  let decimal: string | null = null;
  if (op === 'incrby' || op === 'decrby') {
    const by = parseInt64(byText!);
    if (by === null) return fail(400, 'Invalid by.');
    integer = by;
  } else if (op === 'incrbyfloat') {
    decimal = parseDecimalText(byText!);
    if (decimal === null) return fail(400, 'Invalid by.');
  }
  if (!isValidId(id)) return fail(400, INVALID_ID);
  const ttl = parseTtl(query.get('ttl'), nowMs);
  if (!ttl.ok || (ttl.ttlMs !== undefined && ttl.ttlMs <= 0)) return fail(400, 'Invalid ttl.');
  if (decimal !== null) return { ok: true, plan: { kind: 'decimal', delta: decimal, ttlMs: ttl.ttlMs } };
  if (op === 'decrby') {
    if (integer === INT64_MIN) return fail(409, 'Integer decrement overflow.');
    integer = -integer!;
  }
  return { ok: true, plan: { kind: 'integer', delta: integer!, ttlMs: ttl.ttlMs } };
}
