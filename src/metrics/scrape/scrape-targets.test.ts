import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { podTarget, scrapeTargets } from './scrape-targets.js';
import type { PodInfo } from '../../orchestrator/orchestrator.js';

const pod = (annotations: Record<string, string>, extra: Partial<PodInfo> = {}): PodInfo => ({
  name: 'p',
  ip: '10.0.0.7',
  ports: [8080],
  started: true,
  ready: true,
  failureReason: '',
  annotations,
  ...extra,
});

describe('scrape targets (autoscaling.md §5.1)', () => {
  const cases: Array<[string, PodInfo, string | null, string?]> = [
    ['defaults: http, /metrics, instance = IP', pod({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9100' }), 'http://10.0.0.7:9100/metrics', '10.0.0.7'],
    ['scheme, path without a leading slash, YES', pod({ 'prometheus.io/scrape': ' YES ', 'prometheus.io/port': '9100', 'prometheus.io/path': 'stats', 'prometheus.io/scheme': 'https' }), 'https://10.0.0.7:9100/stats'],
    ['loopback instance is ip:port', pod({ 'prometheus.io/scrape': '1', 'prometheus.io/port': '5003' }, { ip: '127.0.0.1' }), 'http://127.0.0.1:5003/metrics', '127.0.0.1:5003'],
    ['the port annotation is mandatory', pod({ 'prometheus.io/scrape': 'true' }), null],
    ['a non-positive port is refused', pod({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '0' }), null],
    ['scrape false', pod({ 'prometheus.io/scrape': 'false', 'prometheus.io/port': '1' }), null],
    ['a pod that is not ready is skipped', pod({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '1' }, { ready: false }), null],
    ['a pod without an IP is skipped', pod({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '1' }, { ip: '' }), null],
  ];
  for (const [name, input, url, instance] of cases) {
    it(name, () => {
      const target = podTarget('fn', input);
      assert.equal(target?.url ?? null, url);
      if (instance) assert.equal(target?.instance, instance);
    });
  }

  it('groups by deployment, SlimFaas nodes under "slimfaas", duplicates removed', () => {
    const a = pod({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '1' });
    const targets = scrapeTargets([{ name: 'fn', pods: [a, { ...a, name: 'q' }] }], [pod({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '2' }, { ip: '10.0.0.9' })]);
    assert.deepEqual(targets.map((t) => [t.deployment, t.url]), [['fn', 'http://10.0.0.7:1/metrics'], ['slimfaas', 'http://10.0.0.9:2/metrics']]);
  });
});
