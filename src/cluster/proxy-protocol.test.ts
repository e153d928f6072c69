import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROXY_V2_SIGNATURE,
  SLIMFAAS_HMAC_TLV,
  encodeLocalProxyHeader,
  encodeProxyHeader,
  parseProxyHeader,
  verifyProxyHeader,
  type ProxyParse,
} from './proxy-protocol.js';

const SECRET = 'ab'.repeat(32);
const HTTP = Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
const v4 = encodeProxyHeader({ address: '127.0.0.5', port: 40000 }, { address: '127.0.0.1', port: 30020 }, SECRET);
const v6 = encodeProxyHeader({ address: '2001:db8::5', port: 1 }, { address: '::1', port: 65535 }, SECRET);

/** `header` with byte `at` replaced by `value`. */
const patched = (header: Buffer, at: number, value: number): Buffer => {
  const copy = Buffer.from(header);
  copy[at] = value;
  return copy;
};
/** A raw header: signature, version/command, family, then `body` with its length. */
const raw = (versionCommand: number, family: number, body: Buffer): Buffer => {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(body.length);
  return Buffer.concat([PROXY_V2_SIGNATURE, Buffer.from([versionCommand, family]), length, body]);
};
const tlv = (type: number, value: Buffer): Buffer => Buffer.concat([Buffer.from([type, value.length >> 8, value.length & 0xff]), value]);
const v4Addresses = Buffer.from([127, 0, 0, 5, 127, 0, 0, 1, 0x9c, 0x40, 0x75, 0x44]);

test('parse: absent, incomplete and invalid inputs', () => {
  const cases: Array<[string, Buffer, ProxyParse['kind'], RegExp?]> = [
    ['an HTTP request', HTTP, 'absent'],
    ['one differing first byte', Buffer.from('P'), 'absent'],
    ['a bad signature (byte 7 differs)', Buffer.concat([patched(PROXY_V2_SIGNATURE, 7, 0x50), HTTP]), 'absent'],
    ['PROXY v1 text', Buffer.from('PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n'), 'absent'],
    ['nothing yet', Buffer.alloc(0), 'incomplete'],
    ['half the signature', PROXY_V2_SIGNATURE.subarray(0, 6), 'incomplete'],
    ['signature and 2 bytes', v4.subarray(0, 14), 'incomplete'],
    ['truncated addresses', v4.subarray(0, 20), 'incomplete'],
    ['truncated TLV', v4.subarray(0, v4.length - 1), 'incomplete'],
    ['version 1 binary', patched(v4, 12, 0x11), 'invalid', /version/],
    ['unknown command', patched(v4, 12, 0x22), 'invalid', /command/],
    ['UDP over IPv4', patched(v4, 13, 0x12), 'invalid', /family/],
    ['unix stream', patched(v4, 13, 0x31), 'invalid', /family/],
    ['PROXY without addresses', raw(0x21, 0x00, Buffer.alloc(0)), 'invalid', /without addresses/],
    ['address block shorter than IPv4', raw(0x21, 0x11, Buffer.alloc(8)), 'invalid', /truncated/],
    ['TLV overrunning the header', raw(0x21, 0x11, Buffer.concat([v4Addresses, Buffer.from([0xe0, 0x00, 0x20, 1, 2])])), 'invalid', /overruns/],
    ['TLV header cut short', raw(0x21, 0x11, Buffer.concat([v4Addresses, Buffer.from([0xe0, 0x00])])), 'invalid', /TLV truncated/],
    ['a header too long', raw(0x21, 0x11, Buffer.concat([v4Addresses, tlv(0xe1, Buffer.alloc(2000))])), 'invalid', /too long/],
  ];
  for (const [what, input, kind, reason] of cases) {
    const parsed = parseProxyHeader(input);
    assert.equal(parsed.kind, kind, what);
    if (reason && parsed.kind === 'invalid') assert.match(parsed.reason, reason, what);
  }
});

test('parse + verify: valid headers give their addresses and the length to strip', () => {
  const cases: Array<[string, Buffer, string, string, number, number, string]> = [
    ['IPv4', v4, '127.0.0.5', '127.0.0.1', 40000, 30020, 'IPv4'],
    ['IPv6', v6, '2001:db8::5', '::1', 1, 65535, 'IPv6'],
    ['IPv6 with an IPv4-mapped source', encodeProxyHeader({ address: '::ffff:127.0.0.5', port: 2 }, { address: '::1', port: 3 }, SECRET), '::ffff:127.0.0.5', '::1', 2, 3, 'IPv6'],
    ['mixed families (IPv4 mapped)', encodeProxyHeader({ address: '127.0.0.5', port: 4 }, { address: 'fe80::1:2', port: 5 }, SECRET), '::ffff:127.0.0.5', 'fe80::1:2', 4, 5, 'IPv6'],
    ['IPv6 without zero run', encodeProxyHeader({ address: '1:2:3:4:5:6:7:8', port: 6 }, { address: '1::', port: 7 }, SECRET), '1:2:3:4:5:6:7:8', '1::', 6, 7, 'IPv6'],
  ];
  for (const [what, header, source, destination, sourcePort, destinationPort, family] of cases) {
    const parsed = parseProxyHeader(Buffer.concat([header, HTTP]));
    assert.equal(parsed.kind, 'header', what);
    if (parsed.kind !== 'header') continue;
    assert.equal(parsed.length, header.length, what);
    assert.equal(parsed.header.command, 'PROXY');
    assert.equal(parsed.header.family, family, what);
    assert.deepEqual(parsed.header.source, { address: source, port: sourcePort }, what);
    assert.deepEqual(parsed.header.destination, { address: destination, port: destinationPort }, what);
    assert.equal(verifyProxyHeader(parsed.header, SECRET), true, what);
  }
});

test('verify: refuses a wrong secret, tampered addresses and missing, duplicated or malformed TLVs', () => {
  const mac = parseProxyHeader(v4).kind === 'header' ? (parseProxyHeader(v4) as Extract<ProxyParse, { kind: 'header' }>).header.tlvs[0]!.value : Buffer.alloc(0);
  const cases: Array<[string, Buffer, string]> = [
    ['another secret', v4, 'cd'.repeat(32)],
    ['a tampered source address', patched(v4, 19, 6), SECRET],
    ['a tampered source port', patched(v4, 25, 1), SECRET],
    ['a tampered command byte (LOCAL)', patched(v4, 12, 0x20), SECRET],
    ['no TLV at all', raw(0x21, 0x11, v4Addresses), SECRET],
    ['only a foreign TLV', raw(0x21, 0x11, Buffer.concat([v4Addresses, tlv(0xe1, mac)])), SECRET],
    ['the TLV twice', raw(0x21, 0x11, Buffer.concat([v4Addresses, tlv(SLIMFAAS_HMAC_TLV, mac), tlv(SLIMFAAS_HMAC_TLV, mac)])), SECRET],
    ['a short TLV', raw(0x21, 0x11, Buffer.concat([v4Addresses, tlv(SLIMFAAS_HMAC_TLV, mac.subarray(0, 16))])), SECRET],
    ['an unsigned LOCAL header', raw(0x20, 0x00, Buffer.alloc(0)), SECRET],
  ];
  for (const [what, header, secret] of cases) {
    const parsed = parseProxyHeader(header);
    assert.equal(parsed.kind, 'header', what);
    if (parsed.kind === 'header') assert.equal(verifyProxyHeader(parsed.header, secret), false, what);
  }
});

test('verify: other TLVs beside ours are ignored', () => {
  const parsed = parseProxyHeader(v4) as Extract<ProxyParse, { kind: 'header' }>;
  const withAlpn = raw(0x21, 0x11, Buffer.concat([v4Addresses, tlv(0x01, Buffer.from('h2')), tlv(SLIMFAAS_HMAC_TLV, parsed.header.tlvs[0]!.value)]));
  const again = parseProxyHeader(withAlpn);
  assert.equal(again.kind, 'header');
  if (again.kind === 'header') assert.equal(verifyProxyHeader(again.header, SECRET), true);
});

test('LOCAL command: signed, it carries no address; the receiver keeps its own peer', () => {
  const parsed = parseProxyHeader(Buffer.concat([encodeLocalProxyHeader(SECRET), HTTP]));
  assert.equal(parsed.kind, 'header');
  if (parsed.kind !== 'header') return;
  assert.equal(parsed.header.command, 'LOCAL');
  assert.equal(parsed.header.family, 'UNSPEC');
  assert.equal(parsed.header.source, undefined);
  assert.equal(verifyProxyHeader(parsed.header, SECRET), true);
  assert.equal(verifyProxyHeader(parsed.header, 'other'), false);
});

test('encode: refuses what is not an IP address', () => {
  assert.throws(() => encodeProxyHeader({ address: 'localhost', port: 1 }, { address: '127.0.0.1', port: 2 }, SECRET), /not an IP address/);
});
