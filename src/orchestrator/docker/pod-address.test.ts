import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { podAddress, podAnnotations, type Addressing } from './pod-address.js';
import { containerOf } from './fixtures/containers.js';
import type { PortBindings } from './inspected.js';

const HOST: Addressing = { kind: 'host' };
const NET: Addressing = { kind: 'network', network: 'demo' };

describe('docker pod address', () => {
  it('host mode: 127.0.0.1 and loopback-reachable published TCP ports, by container port descending', () => {
    const cases: Array<[string, PortBindings, string, number[]]> = [
      ['nothing published', { '8080/tcp': null }, '', []],
      ['loopback', { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '32768' }] }, '127.0.0.1', [32768]],
      ['any interface', { '8080/tcp': [{ HostIp: '0.0.0.0', HostPort: '30000' }, { HostIp: '::', HostPort: '30000' }] }, '127.0.0.1', [30000]],
      ['other interface only', { '8080/tcp': [{ HostIp: '192.0.2.7', HostPort: '30001' }] }, '', []],
      ['udp ignored', { '53/udp': [{ HostIp: '127.0.0.1', HostPort: '30002' }] }, '', []],
      [
        'highest container port first',
        { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '40000' }], '9090/tcp': [{ HostIp: '127.0.0.1', HostPort: '40001' }] },
        '127.0.0.1',
        [40001, 40000],
      ],
    ];
    for (const [what, ports, ip, expected] of cases) {
      const address = podAddress(containerOf({ network: { Ports: ports, Networks: { bridge: { IPAddress: '172.17.0.5' } } } }), HOST);
      assert.deepEqual([address.ip, address.ports], [ip, expected], what);
    }
  });

  it('network mode: address on the network, else the first, else the legacy one; exposed and published container ports descending', () => {
    const cases: Array<[string, Record<string, { IPAddress?: string }>, string, string]> = [
      ['own network', { bridge: { IPAddress: '172.17.0.5' }, demo: { IPAddress: '172.20.0.5' } }, '', '172.20.0.5'],
      ['first network', { other: { IPAddress: '172.21.0.5' } }, '', '172.21.0.5'],
      ['legacy', {}, '172.17.0.9', '172.17.0.9'],
      ['none', {}, '', ''],
    ];
    for (const [what, networks, legacy, ip] of cases) {
      const c = containerOf({ network: { Networks: networks, IPAddress: legacy, Ports: { '5000/tcp': null } }, config: { Image: 'i', ExposedPorts: { '8080/tcp': {}, '5000/tcp': {} } } });
      const address = podAddress(c, NET);
      assert.deepEqual([address.ip, address.ports], [ip, [8080, 5000]], what);
    }
  });

  it('annotations naming a container port are rewritten in host mode only', () => {
    const c = containerOf({ network: { Ports: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '32768' }] } } });
    const host = podAddress(c, HOST);
    const cases: Array<[Addressing, Record<string, string>, Record<string, string>]> = [
      [HOST, { 'prometheus.io/port': '8080', a: 'b' }, { 'prometheus.io/port': '32768', a: 'b' }],
      [HOST, { 'prometheus.io/port': '9090' }, {}],
      [HOST, { 'prometheus.io/port': 'http' }, {}],
      [HOST, { a: 'b' }, { a: 'b' }],
      [NET, { 'prometheus.io/port': '9090' }, { 'prometheus.io/port': '9090' }],
    ];
    for (const [addressing, labels, expected] of cases) assert.deepEqual(podAnnotations(labels, host, addressing), expected, JSON.stringify(labels));
  });
});
