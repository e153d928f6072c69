import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject, Pod } from '../model/types.js';
import { ContainerConfigError, commandLine, containerEnv, expand } from './container-env.js';

const configMap: KubeObject = { metadata: { name: 'cfg' }, data: { MODE: 'fast', LEVEL: '3' } };
const secret: KubeObject = { metadata: { name: 'sec' }, data: { TOKEN: Buffer.from('s3cret').toString('base64') } };
const sources = {
  configMap: (_ns: string, name: string) => (name === 'cfg' ? configMap : undefined),
  secret: (_ns: string, name: string) => (name === 'sec' ? secret : undefined),
};

function pod(container: Pod['spec']['containers'][number]): Pod {
  return { metadata: { name: 'web-0', namespace: 'ns', labels: { app: 'web' } }, spec: { containers: [container] } };
}

describe('container environment', () => {
  it('literal env, simulator variables, field refs, ConfigMap and Secret keys, envFrom, $(VAR)', () => {
    const p = pod({
      name: 'c',
      envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }],
      env: [
        { name: 'GREETING', value: 'hello' },
        { name: 'URL', value: 'http://$(POD_IP):8080/$(GREETING)' },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'MODE' } } },
        { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'sec', key: 'TOKEN' } } },
      ],
    });
    const env = containerEnv(p, p.spec.containers[0]!, '127.0.0.9', { PATH: '/bin' }, sources);
    assert.deepEqual(env, {
      PATH: '/bin',
      HOSTNAME: 'web-0',
      POD_IP: '127.0.0.9',
      POD_NAME: 'web-0',
      POD_NAMESPACE: 'ns',
      CFG_MODE: 'fast',
      CFG_LEVEL: '3',
      GREETING: 'hello',
      URL: 'http://127.0.0.9:8080/hello',
      APP: 'web',
      NS: 'ns',
      IP: '127.0.0.9',
      MODE: 'fast',
      TOKEN: 's3cret',
    });
  });

  const errors: [string, Pod['spec']['containers'][number]][] = [
    ['missing ConfigMap', { name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }] }],
    ['missing key', { name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'sec', key: 'nope' } } }] }],
    ['missing envFrom source', { name: 'c', envFrom: [{ secretRef: { name: 'nope' } }] }],
  ];
  for (const [name, container] of errors) {
    it(`${name} is a configuration error`, () => assert.throws(() => containerEnv(pod(container), container, '127.0.0.2', {}, sources), ContainerConfigError));
  }

  it('optional references may be missing', () => {
    const container = { name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k', optional: true } } }] };
    assert.equal(containerEnv(pod(container), container, '127.0.0.2', {}, sources).X, undefined);
  });

  it('command line: command + args, image entrypoint when no command, $(VAR) and $$', () => {
    const env = { PORT: '8080' };
    assert.deepEqual(commandLine({ name: 'c', command: ['node', 'app.js'], args: ['--port', '$(PORT)'] }, {}, env), ['node', 'app.js', '--port', '8080']);
    assert.deepEqual(commandLine({ name: 'c', image: 'job:1', args: ['run'] }, { 'job:1': ['node', 'job.js'] }, env), ['node', 'job.js', 'run']);
    assert.deepEqual(commandLine({ name: 'c', image: 'other', args: ['x'] }, {}, env), ['x']);
    assert.equal(expand('$$(PORT) $(UNKNOWN)', env), '$(PORT) $(UNKNOWN)');
  });
});
