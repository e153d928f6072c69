/**
 * PROXY protocol v2 (TCP over IPv4/IPv6) as the native-local entrypoint speaks it to node
 * processes: `encodeProxyHeader` writes the client's addresses plus an application TLV (0xE0)
 * holding an HMAC-SHA256 of them keyed by the cluster secret; `parseProxyHeader` is pure and
 * total (any byte string gives absent, incomplete, invalid or a header) and `verifyProxyHeader`
 * accepts a header only when exactly one such TLV matches, compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

export const PROXY_V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
/** The application TLV carrying the HMAC (PP2_TYPE_MIN_CUSTOM). */
export const SLIMFAAS_HMAC_TLV = 0xe0;
/** Longest header accepted (fixed part + addresses + TLVs); ours is 16 + 36 + 35 at most. */
export const MAX_PROXY_HEADER_BYTES = 1024;
const FIXED_BYTES = 16;
const HMAC_BYTES = 32;
/** Domain separation: the cluster secret keys other MACs too. */
const HMAC_CONTEXT = Buffer.from('SlimFaas PROXY v2\0', 'latin1');

export interface Endpoint {
  address: string;
  port: number;
}

export interface ProxyHeader {
  command: 'LOCAL' | 'PROXY';
  family: 'UNSPEC' | 'IPv4' | 'IPv6';
  /** Absent for LOCAL / UNSPEC. */
  source?: Endpoint;
  destination?: Endpoint;
  tlvs: Array<{ type: number; value: Buffer }>;
  /** Bytes the HMAC covers: version/command, family/transport and the address block. */
  signed: Buffer;
}

export type ProxyParse =
  | { kind: 'absent' }
  | { kind: 'incomplete' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'header'; header: ProxyHeader; length: number };

/** Decides as early as possible: one byte that differs from the signature means "not PROXY v2". */
export function parseProxyHeader(data: Buffer): ProxyParse {
  const prefix = Math.min(data.length, PROXY_V2_SIGNATURE.length);
  if (!data.subarray(0, prefix).equals(PROXY_V2_SIGNATURE.subarray(0, prefix))) return { kind: 'absent' };
  if (data.length < FIXED_BYTES) return { kind: 'incomplete' };
  const versionCommand = data[12]!;
  if (versionCommand >> 4 !== 2) return { kind: 'invalid', reason: `unsupported version ${versionCommand >> 4}` };
  const commandBits = versionCommand & 0x0f;
  if (commandBits > 1) return { kind: 'invalid', reason: `unknown command ${commandBits}` };
  const command = commandBits === 0 ? 'LOCAL' : 'PROXY';
  const familyTransport = data[13]!;
  const length = data.readUInt16BE(14);
  if (FIXED_BYTES + length > MAX_PROXY_HEADER_BYTES) return { kind: 'invalid', reason: `header of ${FIXED_BYTES + length} bytes is too long` };
  if (data.length < FIXED_BYTES + length) return { kind: 'incomplete' };
  const body = data.subarray(FIXED_BYTES, FIXED_BYTES + length);

  let family: ProxyHeader['family'];
  let addressBytes: number;
  if (familyTransport === 0x11) [family, addressBytes] = ['IPv4', 12];
  else if (familyTransport === 0x21) [family, addressBytes] = ['IPv6', 36];
  else if (familyTransport === 0x00) [family, addressBytes] = ['UNSPEC', 0];
  else return { kind: 'invalid', reason: `unsupported family/transport 0x${familyTransport.toString(16).padStart(2, '0')}` };
  if (command === 'PROXY' && family === 'UNSPEC') return { kind: 'invalid', reason: 'PROXY command without addresses' };
  if (body.length < addressBytes) return { kind: 'invalid', reason: 'address block truncated' };

  const header: ProxyHeader = {
    command,
    family,
    tlvs: [],
    signed: Buffer.concat([data.subarray(12, 14), body.subarray(0, addressBytes)]),
  };
  if (family === 'IPv4') {
    header.source = { address: ipv4Text(body.subarray(0, 4)), port: body.readUInt16BE(8) };
    header.destination = { address: ipv4Text(body.subarray(4, 8)), port: body.readUInt16BE(10) };
  } else if (family === 'IPv6') {
    header.source = { address: ipv6Text(body.subarray(0, 16)), port: body.readUInt16BE(32) };
    header.destination = { address: ipv6Text(body.subarray(16, 32)), port: body.readUInt16BE(34) };
  }
  for (let at = addressBytes; at < body.length; ) {
    if (body.length - at < 3) return { kind: 'invalid', reason: 'TLV truncated' };
    const type = body[at]!;
    const size = body.readUInt16BE(at + 1);
    if (at + 3 + size > body.length) return { kind: 'invalid', reason: `TLV 0x${type.toString(16)} overruns the header` };
    header.tlvs.push({ type, value: body.subarray(at + 3, at + 3 + size) });
    at += 3 + size;
  }
  return { kind: 'header', header, length: FIXED_BYTES + length };
}

/** True when the header carries exactly one SlimFaas TLV and it is the HMAC of its addresses under `secret`. */
export function verifyProxyHeader(header: ProxyHeader, secret: string): boolean {
  const macs = header.tlvs.filter((tlv) => tlv.type === SLIMFAAS_HMAC_TLV);
  if (macs.length !== 1 || macs[0]!.value.length !== HMAC_BYTES) return false;
  return timingSafeEqual(macs[0]!.value, macOf(header.signed, secret));
}

/** A PROXY (TCP) header for a connection from `source` to `destination`, signed with `secret`. */
export function encodeProxyHeader(source: Endpoint, destination: Endpoint, secret: string): Buffer {
  const v4 = isIPv4(source.address) && isIPv4(destination.address);
  if (!v4 && !(isIPv6OrV4(source.address) && isIPv6OrV4(destination.address))) {
    throw new Error(`not an IP address pair: ${source.address} → ${destination.address}`);
  }
  const addresses = v4
    ? Buffer.concat([ipv4Bytes(source.address), ipv4Bytes(destination.address), portBytes(source.port), portBytes(destination.port)])
    : Buffer.concat([ipv6Bytes(source.address), ipv6Bytes(destination.address), portBytes(source.port), portBytes(destination.port)]);
  return signedHeader(Buffer.from([0x21, v4 ? 0x11 : 0x21]), addresses, secret);
}

/** A LOCAL header (no addresses: the receiver keeps the connection's own peer), signed with `secret`. */
export function encodeLocalProxyHeader(secret: string): Buffer {
  return signedHeader(Buffer.from([0x20, 0x00]), Buffer.alloc(0), secret);
}

function signedHeader(versionFamily: Buffer, addresses: Buffer, secret: string): Buffer {
  const mac = macOf(Buffer.concat([versionFamily, addresses]), secret);
  const tlv = Buffer.concat([Buffer.from([SLIMFAAS_HMAC_TLV]), portBytes(mac.length), mac]);
  return Buffer.concat([PROXY_V2_SIGNATURE, versionFamily, portBytes(addresses.length + tlv.length), addresses, tlv]);
}

function macOf(signed: Buffer, secret: string): Buffer {
  return createHmac('sha256', secret).update(HMAC_CONTEXT).update(signed).digest();
}

function portBytes(value: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(value);
  return out;
}

function ipv4Text(bytes: Buffer): string {
  return [...bytes].join('.');
}

function ipv4Bytes(text: string): Buffer {
  return Buffer.from(text.split('.').map(Number));
}

function isIPv6OrV4(text: string): boolean {
  return isIPv4(text) || isIPv6(text);
}

/** RFC 5952 text, with IPv4-mapped addresses as `::ffff:a.b.c.d` (as Node reports peers). */
function ipv6Text(bytes: Buffer): string {
  const words = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2));
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) return `::ffff:${ipv4Text(bytes.subarray(12))}`;
  let best = { at: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > best.length && j - i > 1) best = { at: i, length: j - i };
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

/** IPv6 (or IPv4, as IPv4-mapped) text → 16 bytes; a dotted tail becomes its two hex groups first. */
function ipv6Bytes(text: string): Buffer {
  if (isIPv4(text)) return Buffer.concat([Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]), ipv4Bytes(text)]);
  let hex = text.includes('%') ? text.slice(0, text.indexOf('%')) : text;
  const lastColon = hex.lastIndexOf(':');
  if (hex.includes('.', lastColon)) {
    const [a, b, c, d] = hex.slice(lastColon + 1).split('.').map(Number) as [number, number, number, number];
    hex = `${hex.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = hex.split('::') as [string, string | undefined];
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const headWords = parse(head);
  const restWords = parse(rest);
  const words = rest === undefined ? headWords : [...headWords, ...new Array<number>(8 - headWords.length - restWords.length).fill(0), ...restWords];
  const out = Buffer.alloc(16);
  words.forEach((w, i) => out.writeUInt16BE(w, i * 2));
  return out;
}
