import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveLocation, socketPathFrom, type HostMode, type Location } from './engine-location.js';
import { containerOf } from './fixtures/containers.js';
import { isOwnContainer } from './own-container.js';

describe('docker engine location', () => {
  it('socket from DOCKER_HOST', () => {
    const cases: Array<[string | undefined, string]> = [
      [undefined, '/var/run/docker.sock'],
      ['unix:///run/user/1000/docker.sock', '/run/user/1000/docker.sock'],
      ['unix://', '/var/run/docker.sock'],
      ['tcp://127.0.0.1:2375', '/var/run/docker.sock'],
      ['  unix:///tmp/d.sock ', '/tmp/d.sock'],
    ];
    for (const [host, expected] of cases) assert.equal(socketPathFrom({ DOCKER_HOST: host }), expected, String(host));
  });

  it('mode, network and project', () => {
    const self = containerOf({
      name: 'slimfaas-1',
      labels: { 'com.docker.compose.project': 'demo' },
      network: { Networks: { bridge: { IPAddress: '172.17.0.2' }, demo_default: { IPAddress: '172.20.0.2' } } },
    });
    const cases: Array<[HostMode, typeof self | null, string | undefined, Location]> = [
      ['auto', null, undefined, { addressing: { kind: 'host' }, network: undefined, project: null }],
      ['auto', self, undefined, { addressing: { kind: 'network', network: 'demo_default' }, network: 'demo_default', project: 'demo' }],
      ['host', self, 'jobs', { addressing: { kind: 'host' }, network: 'jobs', project: 'demo' }],
      ['network', null, undefined, { addressing: { kind: 'network', network: null }, network: undefined, project: null }],
      ['network', self, 'other', { addressing: { kind: 'network', network: 'other' }, network: 'other', project: 'demo' }],
    ];
    for (const [mode, container, option, expected] of cases) assert.deepEqual(resolveLocation(mode, container, option), expected, `${mode} ${container ? 'in' : 'out'} ${option}`);
  });
});

describe('own container', () => {
  it('by name or host name, never one on the host network', () => {
    const cases: Array<[string, string, string, string, boolean]> = [
      ['slimfaas-1', 'abc123', 'demo_default', 'slimfaas-1', true],
      ['demo-slimfaas-1', 'slimfaas', 'demo_default', 'slimfaas', true],
      ['other', 'abc123', 'bridge', 'abc', false],
      ['tool', 'myhost', 'host', 'myhost', false],
    ];
    for (const [name, hostnameOf, mode, looked, expected] of cases) {
      const c = containerOf({ name, config: { Image: 'i', Hostname: hostnameOf }, host: { NetworkMode: mode } });
      assert.equal(isOwnContainer(c, looked), expected, `${name}/${hostnameOf}/${mode} for ${looked}`);
    }
  });
});
