/**
 * Decides whether a request comes from an internal caller (functions.md §5.2, README decision 5):
 * exact IP match only, and `X-Forwarded-For` is believed only when the direct peer is a trusted
 * proxy (CIDR list).
 */

import { isIP } from 'node:net';

/** A parsed CIDR block; `bytes` is the network address (4 or 16 bytes). */
export interface Cidr {
  readonly family: 4 | 6;
  readonly bytes: readonly number[];
  readonly prefix: number;
  /** Text as written, trimmed. */
  readonly text: string;
}

export interface InternalCallerInput {
  /** TCP peer address of the connection (`req.socket.remoteAddress`). */
  peerAddress: string | undefined;
  /** Raw `X-Forwarded-For` header value(s). */
  forwardedFor: string | string[] | undefined;
  /** IPs of trusted pods, jobs and SlimFaas nodes, as reported by the orchestrator. */
  trustedIps: ReadonlySet<string>;
  /** `SlimFaas:TrustedProxies`. */
  trustedProxies: readonly Cidr[];
}

/** IPv4 or IPv6 text → bytes (zone id ignored), or null when not an IP address. */
function ipBytes(text: string): number[] | null {
  const ip = text.includes('%') ? text.slice(0, text.indexOf('%')) : text;
  const family = isIP(ip);
  if (family === 4) return ip.split('.').map(Number);
  if (family !== 6) return null;
  let groups = ip;
  const tail: number[] = [];
  const lastColon = groups.lastIndexOf(':');
  if (groups.includes('.', lastColon)) {
    tail.push(...groups.slice(lastColon + 1).split('.').map(Number));
    groups = `${groups.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = groups.split('::') as [string, string | undefined];
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const headGroups = parse(head);
  const restGroups = parse(rest);
  const words =
    rest === undefined
      ? headGroups
      : [...headGroups, ...new Array<number>(8 - headGroups.length - restGroups.length).fill(0), ...restGroups];
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** Parses `a.b.c.d/n` or `x::y/n`; a bare address means a single host (/32 or /128). Throws when invalid. */
export function parseCidr(text: string): Cidr {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const address = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const bytes = address.includes('%') ? null : ipBytes(address);
  if (!bytes) throw new Error(`invalid CIDR "${text}": not an IP address`);
  const family = bytes.length === 4 ? 4 : 6;
  const max = family === 4 ? 32 : 128;
  const prefixText = slash < 0 ? String(max) : trimmed.slice(slash + 1);
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) throw new Error(`invalid CIDR "${text}": prefix must be 0-${max}`);
  return Object.freeze({ family, bytes: Object.freeze(maskBytes(bytes, prefix)), prefix, text: trimmed });
}

function maskBytes(bytes: number[], prefix: number): number[] {
  return bytes.map((b, i) => {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    return b & ((0xff << (8 - bits)) & 0xff);
  });
}

/** Comma-separated CIDR list (blank entries ignored); throws on the first invalid entry. */
export function parseCidrList(text: string): Cidr[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map(parseCidr);
}

/** True when `ip` (any textual form, incl. `::ffff:a.b.c.d` for IPv4 blocks) lies inside `cidr`. */
export function cidrContains(cidr: Cidr, ip: string): boolean {
  let bytes = ipBytes(ip.trim());
  if (!bytes) return false;
  if (cidr.family === 4 && bytes.length === 16) {
    const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
    if (!mapped) return false;
    bytes = bytes.slice(12);
  }
  if (bytes.length !== cidr.bytes.length) return false;
  const masked = maskBytes(bytes, cidr.prefix);
  return masked.every((b, i) => b === cidr.bytes[i]);
}

/**
 * Normalises one candidate address (§5.2): surrounding whitespace/quotes removed, `[v6]:port`
 * unwrapped, an IPv4-mapped `::ffff:` prefix removed, a trailing `:port` removed when the value
 * contains exactly one `:`, and IPv6 written in lower case.
 */
export function normaliseCandidate(raw: string): string {
  let s = raw.trim().replace(/^["']+|["']+$/g, '').trim();
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    if (end > 0) s = s.slice(1, end);
  }
  if (s.toLowerCase().startsWith('::ffff:')) s = s.slice('::ffff:'.length);
  const colon = s.indexOf(':');
  if (colon >= 0 && colon === s.lastIndexOf(':')) s = s.slice(0, colon);
  return isIP(s) === 6 ? s.toLowerCase() : s;
}

function forwardedEntries(forwardedFor: string | string[] | undefined): string[] {
  if (forwardedFor === undefined) return [];
  const values = Array.isArray(forwardedFor) ? forwardedFor : [forwardedFor];
  return values.flatMap((v) => v.split(',')).map(normaliseCandidate).filter((v) => v !== '');
}

/**
 * Internal when the peer address exactly equals a trusted IP, or — only when the peer is inside a
 * trusted proxy CIDR — when the client named by `X-Forwarded-For` does. The header is read from
 * right to left (nearest hop first): entries that are themselves trusted proxies are skipped, and
 * the first other entry decides, so a client cannot smuggle a trusted IP in front of the
 * addresses its proxies append.
 */
export function isInternalCaller(input: InternalCallerInput): boolean {
  const { trustedIps, trustedProxies } = input;
  const isTrusted = (ip: string) => ip !== '' && trustedIps.has(ip);
  const isProxy = (ip: string) => trustedProxies.some((cidr) => cidrContains(cidr, ip));

  const peer = normaliseCandidate(input.peerAddress ?? '');
  if (isTrusted(peer)) return true;
  if (peer === '' || trustedProxies.length === 0 || !isProxy(peer)) return false;

  const entries = forwardedEntries(input.forwardedFor);
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (isTrusted(entry)) return true;
    if (!isProxy(entry)) return false;
  }
  return false;
}
