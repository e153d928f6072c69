import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { primaryNetwork, replicaBindings, replicaSpec, templateName, templateSpec } from './replica-spec.js';
import { RUNNING, functionContainer } from './fixtures/containers.js';
import type { PortBindings } from './inspected.js';

const compose = functionContainer('fibo', {
  name: 'demo-fibo-1',
  state: RUNNING,
  labels: { 'com.docker.compose.project': 'demo', 'com.docker.compose.service': 'fibo', 'com.docker.compose.container-number': '1', 'SlimFaas/ReplicasMin': '0' },
  config: {
    Image: 'fibo:1',
    Env: ['PORT=5000'],
    Cmd: ['node', 'server.js'],
    ExposedPorts: { '5000/tcp': {} },
    Healthcheck: { Test: ['CMD', 'true'], Interval: 1e9 },
  },
  host: { NetworkMode: 'demo_default', PortBindings: { '5000/tcp': [{ HostIp: '0.0.0.0', HostPort: '5000' }] }, Memory: 64 * 1024 * 1024, Init: true, Binds: ['data:/data'] },
  network: { Networks: { demo_default: { IPAddress: '172.20.0.3' } } },
});

describe('docker templates and replicas', () => {
  it('template names and primary networks', () => {
    assert.deepEqual([0, 1, 2].map((n) => templateName('fibo', n)), ['fibo-template', 'fibo-template-1', 'fibo-template-2']);
    const networks: Array<[Record<string, object>, string | undefined, string | undefined]> = [
      [{ bridge: {}, demo_default: {} }, 'bridge', 'demo_default'],
      [{ bridge: {} }, 'bridge', 'bridge'],
      [{}, 'host', 'host'],
      [{}, '', undefined],
    ];
    for (const [nets, mode, expected] of networks) assert.equal(primaryNetwork({ NetworkSettings: { Networks: nets }, HostConfig: { NetworkMode: mode } }), expected);
  });

  it('a template is a stopped clone keeping the original bindings in a label', () => {
    const spec = templateSpec(compose, 'fibo', 'fibo-template', { project: null }, 'demo_default');
    assert.equal(spec.Image, 'fibo:1');
    assert.deepEqual([spec.Env, spec.Cmd, spec.ExposedPorts, spec.Healthcheck], [['PORT=5000'], ['node', 'server.js'], { '5000/tcp': {} }, { Test: ['CMD', 'true'], Interval: 1e9 }]);
    assert.deepEqual(spec.HostConfig, { RestartPolicy: { Name: 'no' }, Binds: ['data:/data'], Memory: 64 * 1024 * 1024, Init: true, NetworkMode: 'demo_default' });
    assert.deepEqual(spec.NetworkingConfig, { EndpointsConfig: { demo_default: { Aliases: ['fibo', 'fibo-template'] } } });
    assert.equal(spec.Labels['SlimFaas/template'], 'true');
    assert.deepEqual(JSON.parse(spec.Labels['SlimFaas/PublishedPorts']!), { '5000/tcp': [{ HostIp: '0.0.0.0', HostPort: '5000' }] });
    assert.deepEqual(
      [spec.Labels['com.docker.compose.project'], spec.Labels['com.docker.compose.oneoff'], spec.Labels['com.docker.compose.service'], spec.Labels['com.docker.compose.container-number']],
      ['demo', 'True', 'sf-template-fibo', undefined],
    );
    assert.equal(templateSpec(compose, 'fibo', 'fibo-template', { project: 'mine' }, 'bridge').NetworkingConfig, undefined, 'no aliases on the default bridge');
  });

  it('replica bindings: every TCP port on 127.0.0.1 in host mode, the original ones in network mode, host ports always fresh', () => {
    const template = functionContainer('fibo', {
      labels: { 'SlimFaas/PublishedPorts': JSON.stringify({ '5000/tcp': [{ HostIp: '0.0.0.0', HostPort: '5000' }], '9000': [{ HostPort: '9000' }], '7000/tcp': [] }) },
      config: { Image: 'fibo:1', ExposedPorts: { '5000/tcp': {}, '6000/tcp': {}, '53/udp': {} } },
    });
    const cases: Array<['host' | 'network', PortBindings]> = [
      ['host', { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }], '6000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] }],
      ['network', { '5000/tcp': [{ HostIp: '0.0.0.0', HostPort: '' }], '9000/tcp': [{ HostIp: '', HostPort: '' }] }],
    ];
    for (const [mode, expected] of cases) assert.deepEqual(replicaBindings(template, mode), expected, mode);
    assert.deepEqual(replicaBindings(functionContainer('f', { labels: { 'SlimFaas/PublishedPorts': 'not json' } }), 'network'), {});
  });

  it('a replica restarts unless stopped, drops the template labels and is filed as a one-off of the project', () => {
    const template = functionContainer('fibo', {
      name: 'fibo-template',
      labels: { 'SlimFaas/template': 'true', 'SlimFaas/PublishedPorts': '{}', 'com.docker.compose.project': 'demo' },
      config: { Image: 'fibo:1', ExposedPorts: { '5000/tcp': {} } },
      host: { NetworkMode: 'demo_default' },
    });
    const spec = replicaSpec(template, 'fibo', 'fibo-1a2b3c4d', { project: null }, 'host');
    assert.equal(spec.name, 'fibo-1a2b3c4d');
    assert.equal(spec.HostConfig.RestartPolicy.Name, 'unless-stopped');
    assert.deepEqual(spec.HostConfig.PortBindings, { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
    assert.equal(spec.Labels['SlimFaas/template'], undefined);
    assert.equal(spec.Labels['SlimFaas/PublishedPorts'], undefined);
    assert.equal(spec.Labels['com.docker.compose.service'], 'sf-replica-fibo');
    assert.equal(spec.Labels.app, 'fibo');
    assert.deepEqual(spec.NetworkingConfig, { EndpointsConfig: { demo_default: { Aliases: ['fibo', 'fibo-1a2b3c4d'] } } });
  });
});
