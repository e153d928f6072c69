/**
 * The ioredis client of a RedisStore, configured to fail fast: no offline queue (a command issued
 * while disconnected fails at once), in-flight commands rejected when the connection drops (never
 * resent), a per-command timeout, and endless reconnection with a capped back-off.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { StoreError } from '../store.js';
import { parseRedisUrl, redact } from './redis-url.js';

export interface ConnectionSettings {
  url: string;
  /** Extra ioredis options (tls, sentinels, …); they override the fail-fast defaults. */
  redis?: RedisOptions;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
}

/** Reconnect back-off: 50 ms doubling up to 1 s, forever. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(50 * 2 ** Math.max(0, attempt - 1), 1_000);
}

export function createRedisClient(settings: ConnectionSettings): Redis {
  const failFast: RedisOptions = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    enableReadyCheck: true,
    commandTimeout: settings.commandTimeoutMs,
    connectTimeout: settings.connectTimeoutMs,
    retryStrategy: reconnectDelayMs,
    connectionName: 'slimfaas',
  };
  const options: RedisOptions = { ...failFast, ...settings.redis };
  const parsed = parseRedisUrl(settings.url);
  const client = parsed.kind === 'url' ? new Redis(parsed.url, options) : new Redis({ ...parsed.options, ...options });
  // Errors surface through commands; without a listener ioredis would print each one.
  client.on('error', () => undefined);
  return client;
}

/** Opens the connection and resolves once it is ready, or rejects `unavailable` after the timeout. */
export async function waitUntilReady(client: Redis, timeoutMs: number, url: string): Promise<void> {
  if (client.status === 'ready') return;
  if (client.status === 'wait') client.connect().catch(() => undefined);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(new StoreError(`redis ${redact(url)} not ready within ${timeoutMs} ms`, 'unavailable'));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    client.once('ready', onReady);
  });
}
