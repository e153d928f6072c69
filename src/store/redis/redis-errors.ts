/**
 * The one place where Redis and ioredis failures become StoreErrors: anything that means "the
 * shared store cannot answer now" is `unavailable` (the gateway answers 503), a script still
 * running is `busy`, an oversized value is `too-large`, a leader-only transition refused by its
 * fencing check is `fenced`; other Redis replies (bugs) pass through.
 */
import { StoreError } from '../store.js';

/** Reply prefixes of a server that cannot serve now (loading, replica, failover, disk, memory, auth). */
const UNAVAILABLE_REPLIES = [
  'LOADING',
  'READONLY',
  'MASTERDOWN',
  'MISCONF',
  'NOREPLICAS',
  'CLUSTERDOWN',
  'TRYAGAIN',
  'OOM',
  'NOAUTH',
  'WRONGPASS',
  'NOPERM',
  'ERR max number of clients reached',
  'ERR Errors writing to the AOF file',
];
const BUSY_REPLIES = ['BUSY'];
const TOO_LARGE_REPLIES = ['ERR Protocol error: invalid bulk length', 'ERR string exceeds maximum allowed size'];

function isReplyError(error: Error): boolean {
  return error.name === 'ReplyError';
}

export function toStoreError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  if (!(error instanceof Error)) return new StoreError(`redis: ${String(error)}`, 'unavailable');
  const message = error.message;
  if (isReplyError(error)) {
    if (message.includes('SLIMFAAS_FENCED')) return new StoreError('this node no longer holds the leader lease', 'fenced');
    if (BUSY_REPLIES.some((p) => message.startsWith(p))) return new StoreError(`redis is busy: ${message}`, 'busy');
    if (TOO_LARGE_REPLIES.some((p) => message.startsWith(p))) return new StoreError(`value too large: ${message}`, 'too-large');
    if (UNAVAILABLE_REPLIES.some((p) => message.startsWith(p))) return new StoreError(`redis unavailable: ${message}`, 'unavailable');
    return error;
  }
  // Everything else comes from the client side: connection refused or closed, command timed out,
  // offline (no queueing while disconnected), retries exhausted, aborted on close.
  return new StoreError(`redis unavailable: ${message}`, 'unavailable');
}

export function unavailable(message: string): StoreError {
  return new StoreError(message, 'unavailable');
}
