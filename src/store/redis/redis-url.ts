/**
 * Connection URLs to ioredis options. `redis://[[user]:password@]host[:port][/db]` and
 * `rediss://…` (TLS) are ioredis's own; Sentinel is
 * `redis+sentinel://[[user]:password@]host[:port][,host[:port]…]/<master name>[/<db>][?sentinelPassword=…]`
 * (`rediss+sentinel://` for TLS to the master and the sentinels). Credentials are the master's.
 */
import type { RedisOptions } from 'ioredis';

const SENTINEL = /^(rediss?)\+sentinel:\/\/(?:([^@/]*)@)?([^/?]+)\/([^/?]+)(?:\/(\d+))?\/?(?:\?(.*))?$/i;
const DEFAULT_SENTINEL_PORT = 26379;

export type ParsedRedisUrl = { kind: 'url'; url: string } | { kind: 'sentinel'; options: RedisOptions };

export function parseRedisUrl(url: string): ParsedRedisUrl {
  if (/^rediss?:\/\//i.test(url)) return { kind: 'url', url };
  const match = SENTINEL.exec(url);
  if (!match) throw new Error(`unsupported Redis URL (redis://, rediss://, redis+sentinel://, rediss+sentinel://): ${redact(url)}`);
  const [, scheme, auth, hosts, name, db, query] = match;
  const options: RedisOptions = {
    sentinels: hosts!.split(',').map(parseHost),
    name: decodeURIComponent(name!),
  };
  if (auth !== undefined) {
    const colon = auth.indexOf(':');
    const user = colon < 0 ? '' : auth.slice(0, colon);
    const password = colon < 0 ? auth : auth.slice(colon + 1);
    if (user) options.username = decodeURIComponent(user);
    if (password) options.password = decodeURIComponent(password);
  }
  if (db !== undefined) options.db = Number(db);
  const params = new URLSearchParams(query ?? '');
  const sentinelPassword = params.get('sentinelPassword');
  if (sentinelPassword !== null) options.sentinelPassword = sentinelPassword;
  const sentinelUsername = params.get('sentinelUsername');
  if (sentinelUsername !== null) options.sentinelUsername = sentinelUsername;
  if (scheme!.toLowerCase() === 'rediss') {
    options.tls = {};
    options.sentinelTLS = {};
    options.enableTLSForSentinelMode = true;
  }
  return { kind: 'sentinel', options };
}

function parseHost(text: string): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : DEFAULT_SENTINEL_PORT };
  const colon = text.lastIndexOf(':');
  if (colon < 0) return { host: text, port: DEFAULT_SENTINEL_PORT };
  return { host: text.slice(0, colon), port: Number(text.slice(colon + 1)) };
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, (_, auth: string) => `//${auth.includes(':') ? `${auth.split(':')[0]}:***` : '***'}@`);
}
