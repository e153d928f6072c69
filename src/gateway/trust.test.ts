import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cidrContains, isInternalCaller, normaliseCandidate, parseCidr, parseCidrList } from './trust.js';

describe('normaliseCandidate', () => {
  const cases: Array<[string, string]> = [
    ['10.0.0.1', '10.0.0.1'],
    ['  10.0.0.1  ', '10.0.0.1'],
    ['"10.0.0.1"', '10.0.0.1'],
    ["'10.0.0.1'", '10.0.0.1'],
    ['::ffff:10.0.0.1', '10.0.0.1'],
    ['::FFFF:10.0.0.1', '10.0.0.1'],
    ['10.0.0.1:5000', '10.0.0.1'],
    ['::ffff:10.0.0.1:5000', '10.0.0.1'],
    ['::1', '::1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['localhost:80', 'localhost'],
    ['', ''],
  ];
  for (const [raw, expected] of cases) {
    it(`${JSON.stringify(raw)} => ${JSON.stringify(expected)}`, () => assert.equal(normaliseCandidate(raw), expected));
  }
});

describe('parseCidr / parseCidrList / cidrContains', () => {
  const contains: Array<[string, string, boolean]> = [
    ['10.0.0.0/8', '10.1.2.3', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['10.0.0.5/24', '10.0.0.200', true],
    ['10.0.0.0/24', '10.0.1.1', false],
    ['192.168.1.1', '192.168.1.1', true],
    ['192.168.1.1', '192.168.1.2', false],
    ['10.0.0.1/32', '10.0.0.12', false],
    ['0.0.0.0/0', '203.0.113.7', true],
    ['10.0.0.0/8', '::ffff:10.0.0.1', true],
    ['10.0.0.0/8', '::1', false],
    ['fd00::/8', 'fd12:3456::1', true],
    ['fd00::/8', 'fe80::1', false],
    ['2001:db8::/32', '2001:DB8:0:0:0:0:0:1', true],
    ['2001:db8::/48', '2001:db8:0:1::1', true],
    ['2001:db8::/48', '2001:db8:1::1', false],
    ['::1', '::1', true],
    ['::/0', '2001:db8::1', true],
    ['::/0', '10.0.0.1', false],
    ['::ffff:0:0/96', '::ffff:10.0.0.1', true],
    ['10.0.0.0/8', 'not-an-ip', false],
  ];
  for (const [cidr, ip, expected] of contains) {
    it(`${cidr} contains ${ip}: ${expected}`, () => assert.equal(cidrContains(parseCidr(cidr), ip), expected));
  }

  it('parses a comma list with blanks', () => {
    const list = parseCidrList(' 10.0.0.0/8 , ,fd00::/8,192.168.0.1 ');
    assert.deepEqual(list.map((c) => [c.family, c.prefix, c.text]), [
      [4, 8, '10.0.0.0/8'],
      [6, 8, 'fd00::/8'],
      [4, 32, '192.168.0.1'],
    ]);
    assert.deepEqual(parseCidrList(''), []);
  });

  const invalid = ['10.0.0.0/33', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/8/8', 'fd00::/129', '10.0.0', 'example.com/8', '10.0.0.0/a', '300.0.0.1/8', 'fe80::1%eth0/64'];
  for (const text of invalid) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(() => parseCidrList(`10.0.0.0/8,${text}`), (e: Error) => e.message.includes(text));
    });
  }
});

describe('isInternalCaller', () => {
  const trustedIps = new Set(['10.0.0.11', '10.0.0.1', 'fd00::11']);
  const proxies = parseCidrList('192.168.0.0/16');
  const cases: Array<[string, string | undefined, string | string[] | undefined, boolean]> = [
    ['exact peer match', '10.0.0.11', undefined, true],
    ['IPv4-mapped peer', '::ffff:10.0.0.11', undefined, true],
    ['peer with :port', '10.0.0.11:40000', undefined, true],
    ['IPv6 peer', 'fd00::11', undefined, true],
    ['10.0.0.12 does NOT match 10.0.0.1', '10.0.0.12', undefined, false],
    ['10.0.0.111 does not match 10.0.0.11', '10.0.0.111', undefined, false],
    ['external peer', '203.0.113.7', undefined, false],
    ['no peer', undefined, undefined, false],
    ['XFF ignored from an untrusted peer', '203.0.113.7', '10.0.0.11', false],
    ['XFF ignored from an untrusted peer (array)', '203.0.113.7', ['10.0.0.11'], false],
    ['XFF honoured from a trusted proxy', '192.168.1.5', '10.0.0.11', true],
    ['XFF honoured from a mapped trusted proxy', '::ffff:192.168.1.5', '::ffff:10.0.0.11', true],
    ['XFF external client behind a trusted proxy', '192.168.1.5', '203.0.113.7', false],
    ['XFF no substring match', '192.168.1.5', '10.0.0.12', false],
    ['XFF entry with port and quotes', '192.168.1.5', ' "10.0.0.11:1234" ', true],
    ['XFF through a chain of trusted proxies', '192.168.1.5', '10.0.0.11, 192.168.2.2', true],
    ['XFF split over several headers', '192.168.1.5', ['10.0.0.11', '192.168.2.2'], true],
    ['XFF spoofed entry before the real client is not believed', '192.168.1.5', '10.0.0.11, 203.0.113.7', false],
    ['XFF empty', '192.168.1.5', '', false],
    ['XFF garbage', '192.168.1.5', 'unknown', false],
    ['trusted proxy itself is not internal', '192.168.1.5', undefined, false],
  ];
  for (const [name, peerAddress, forwardedFor, expected] of cases) {
    it(name, () => assert.equal(isInternalCaller({ peerAddress, forwardedFor, trustedIps, trustedProxies: proxies }), expected));
  }

  it('without configured proxies XFF is never read', () => {
    assert.equal(isInternalCaller({ peerAddress: '192.168.1.5', forwardedFor: '10.0.0.11', trustedIps, trustedProxies: [] }), false);
  });

  it('a peer that is both a trusted IP and inside a proxy range is internal', () => {
    const ips = new Set(['192.168.1.5']);
    assert.equal(isInternalCaller({ peerAddress: '192.168.1.5', forwardedFor: '203.0.113.7', trustedIps: ips, trustedProxies: proxies }), true);
  });

  it('an empty peer never matches an empty trusted entry', () => {
    assert.equal(isInternalCaller({ peerAddress: '', forwardedFor: undefined, trustedIps: new Set(['']), trustedProxies: [] }), false);
  });
});
