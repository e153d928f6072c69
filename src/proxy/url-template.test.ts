import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildTargetUrl, expandTemplate, isPodTemplate, joinTargetUrl, type TargetUrlInput } from './url-template.js';

const pod = { ip: '9.9.9.9', ports: [7777, 8888], name: 'fibonacci-1' };

describe('buildTargetUrl', () => {
  const cases: Array<[string, TargetUrlInput, string]> = [
    // functions.md §10
    [
      '§10 service mode',
      { template: 'http://my-service/{function_name}/{namespace}', functionName: 'hello-world', namespace: 'default', path: '/path', query: '?param=1' },
      'http://my-service/hello-world/default/path?param=1',
    ],
    [
      '§10 pod mode with {pod_port_0}',
      { template: 'http://{pod_ip}:{pod_port}/some/{pod_port_0}', pod, functionName: 'f', namespace: 'default', path: '/path', query: '?dbg=ok' },
      'http://9.9.9.9:7777/some/7777/path?dbg=ok',
    ],
    [
      '§10 endpoint URL replaces the template',
      {
        template: 'http://{pod_ip}:{pod_port}',
        pod: { ip: '127.0.0.1', ports: [5051], name: 'p', endpointUrl: 'http://127.0.0.1:5051/debug-base' },
        functionName: 'f',
        namespace: 'default',
        path: 'queued/path',
        query: '?value=1',
      },
      'http://127.0.0.1:5051/debug-base/queued/path?value=1',
    ],
    // functions.md §6.3
    [
      '§6.3 base with trailing slash, no query',
      { template: 'http://fibonacci:8080/', functionName: 'fibonacci', namespace: 'default', path: 'health', query: '' },
      'http://fibonacci:8080/health',
    ],
    [
      '§6.3 base with a path',
      { template: 'http://{pod_ip}:8080/api', pod: { ip: '1.2.3.4', ports: [8080], name: 'p' }, functionName: 'f', namespace: 'default', path: '/test', query: '?x=1' },
      'http://1.2.3.4:8080/api/test?x=1',
    ],
    [
      'E39: trailing slash of the caller path is lost',
      { template: 'http://{pod_ip}:{pod_port}', pod, functionName: 'f', namespace: 'default', path: 'a/', query: '' },
      'http://9.9.9.9:7777/a',
    ],
    [
      'AS-01 default template',
      { template: 'http://{pod_ip}:{pod_port}', pod: { ip: '10.0.0.11', ports: [8080], name: 'fibonacci-1' }, functionName: 'fibonacci', namespace: 'default', path: 'compute/a', query: '?x=1' },
      'http://10.0.0.11:8080/compute/a?x=1',
    ],
    [
      'AS-21 pod-URL template',
      { template: 'http://{pod_name}.{function_name}:8080/', pod: { ip: '10.0.0.11', ports: [8080], name: 'fibonacci-1' }, functionName: 'fibonacci', namespace: 'default', path: 'hello', query: '' },
      'http://fibonacci-1.fibonacci:8080/hello',
    ],
    [
      'empty path gives the base with one slash',
      { template: 'http://{pod_ip}:{pod_port}', pod, functionName: 'f', namespace: 'default', path: '', query: '' },
      'http://9.9.9.9:7777/',
    ],
    [
      'empty path with query',
      { template: 'http://{pod_ip}:{pod_port}', pod, functionName: 'f', namespace: 'default', path: '', query: '?a=b' },
      'http://9.9.9.9:7777/?a=b',
    ],
    [
      'query kept verbatim (encoded characters untouched)',
      { template: 'http://svc', functionName: 'f', namespace: 'n', path: 'p', query: '?a=%20b&c=d+e' },
      'http://svc/p?a=%20b&c=d+e',
    ],
    [
      'all placeholders, {service_name} defaults to slimfaas',
      { template: 'http://{pod_name}.{service_name}.{namespace}.svc:{pod_port_1}/{function_name}', pod, functionName: 'fib', namespace: 'ns', path: 'x', query: '' },
      'http://fibonacci-1.slimfaas.ns.svc:8888/fib/x',
    ],
    [
      'explicit {service_name}',
      { template: 'http://{service_name}:1', functionName: 'f', namespace: 'n', serviceName: 'my-svc', path: 'x', query: '' },
      'http://my-svc:1/x',
    ],
    [
      '{pod_port_N} beyond the declared ports is left as written',
      { template: 'http://{pod_ip}:{pod_port_5}', pod, functionName: 'f', namespace: 'n', path: '', query: '' },
      'http://9.9.9.9:{pod_port_5}/',
    ],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.equal(buildTargetUrl(input), expected));
  }

  it('a pod placeholder without a pod throws', () => {
    assert.throws(() => expandTemplate({ template: 'http://{pod_ip}:{pod_port}', functionName: 'f', namespace: 'n' }), /needs a pod/);
    assert.throws(() => expandTemplate({ template: 'http://{pod_name}.x', functionName: 'f', namespace: 'n' }), /needs a pod/);
  });
});

describe('isPodTemplate', () => {
  const cases: Array<[string, boolean]> = [
    ['http://{pod_ip}:{pod_port}', true],
    ['http://{function_name}.{namespace}.svc.cluster.local:8080', false],
    ['http://{pod_name}.{function_name}:8080/', false],
  ];
  for (const [template, expected] of cases) {
    it(`${template} => ${expected}`, () => assert.equal(isPodTemplate(template), expected));
  }
});

describe('joinTargetUrl', () => {
  const cases: Array<[string, string, string, string]> = [
    ['http://a//', '//p//', '', 'http://a/p'],
    ['http://a', 'p/q', '?x=1', 'http://a/p/q?x=1'],
    ['http://a', 'p/', '?x=1', 'http://a/p/?x=1'],
    ['http://a', 'p', 'x=1', 'http://a/p?x=1'],
  ];
  for (const [base, path, query, expected] of cases) {
    it(`${base} + ${path} + ${query}`, () => assert.equal(joinTargetUrl(base, path, query), expected));
  }
});
