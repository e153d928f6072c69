import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultWsConfiguration, parseRegister, registrationError, sameConfiguration, virtualFunctionConfig, type WsConfiguration } from './ws-registration.js';

const INVALID = 'Invalid register payload: functionName is required.';
const K8S = (n: string) => `Function '${n}' is already declared as a Kubernetes deployment. WebSocket clients cannot use the same name as an existing Kubernetes function.`;
const MISMATCH = (n: string) => `Function '${n}' already has registered clients with a different configuration. All WebSocket clients with the same function name must share the same configuration.`;

const conf = (over: Partial<WsConfiguration> = {}): WsConfiguration => ({ ...defaultWsConfiguration(), ...over });

describe('registration rules (functions.md §11.2)', () => {
  const cases: Array<[string, unknown, string[], WsConfiguration | undefined, string | null]> = [
    ['missing payload', null, [], undefined, INVALID],
    ['blank name', { functionName: '  ' }, [], undefined, INVALID],
    ['name not a string', { functionName: 3 }, [], undefined, INVALID],
    ['malformed configuration', { functionName: 'f', configuration: { numberParallelRequest: 'ten' } }, [], undefined, INVALID],
    ['orchestrated name, other case', { functionName: 'Fibonacci', configuration: {} }, ['fibonacci'], undefined, K8S('Fibonacci')],
    ['first client', { functionName: 'f' }, ['fibonacci'], undefined, null],
    ['same configuration', { functionName: 'f', configuration: { numberParallelRequest: 10 } }, [], conf(), null],
    ['different parallelism', { functionName: 'f', configuration: { numberParallelRequest: 3 } }, [], conf(), MISMATCH('f')],
    ['different configuration string', { functionName: 'f', configuration: { configuration: '{}' } }, [], conf(), MISMATCH('f')],
  ];
  for (const [name, payload, orchestrated, existing, expected] of cases) {
    it(name, () => assert.equal(registrationError(parseRegister(payload), orchestrated, existing), expected));
  }

  it('applies the defaults of §11.2', () => {
    assert.deepEqual(parseRegister({ functionName: 'f' }), { functionName: 'f', configuration: defaultWsConfiguration() });
    assert.deepEqual(defaultWsConfiguration(), {
      dependsOn: [], subscribeEvents: [], defaultVisibility: 'Public', pathsStartWithVisibility: [], configuration: '',
      replicasStartAsSoonAsOneFunctionRetrieveARequest: false, numberParallelRequest: 10, numberParallelRequestPerPod: 10, defaultTrust: 'Trusted',
    });
  });
});

describe('configuration comparison', () => {
  const cases: Array<[string, Partial<WsConfiguration>, Partial<WsConfiguration>, boolean]> = [
    ['events in another order', { subscribeEvents: [{ name: 'a', visibility: null }, { name: 'b', visibility: 'Private' }] }, { subscribeEvents: [{ name: 'b', visibility: 'Private' }, { name: 'a', visibility: null }] }, true],
    ['event visibility differs', { subscribeEvents: [{ name: 'a', visibility: null }] }, { subscribeEvents: [{ name: 'a', visibility: 'Public' }] }, false],
    ['dependsOn in another order', { dependsOn: ['x', 'y'] }, { dependsOn: ['y', 'x'] }, true],
    ['paths in another order', { pathsStartWithVisibility: [{ path: '/a', visibility: 'Private' }, { path: '/b', visibility: 'Public' }] }, { pathsStartWithVisibility: [{ path: '/b', visibility: 'Public' }, { path: '/a', visibility: 'Private' }] }, true],
    ['path visibility differs', { pathsStartWithVisibility: [{ path: '/a', visibility: 'Private' }] }, { pathsStartWithVisibility: [{ path: '/a', visibility: 'Public' }] }, false],
    ['trust differs', { defaultTrust: 'Untrusted' }, {}, false],
    ['visibility case differs', { defaultVisibility: 'private' }, { defaultVisibility: 'Private' }, false],
    ['flag differs', { replicasStartAsSoonAsOneFunctionRetrieveARequest: true }, {}, false],
    ['per-pod differs', { numberParallelRequestPerPod: 1 }, {}, false],
  ];
  for (const [name, a, b, equal] of cases) {
    it(name, () => assert.equal(sameConfiguration(conf(a), conf(b)), equal));
  }
});

describe('virtual function view (functions.md §11.3)', () => {
  it('inherits and normalises visibilities, counts connections, keeps default policies', () => {
    const c = virtualFunctionConfig(conf({
      defaultVisibility: 'private',
      subscribeEvents: [{ name: 'a', visibility: null }, { name: 'b', visibility: 'Public' }, { name: 'c', visibility: 'Secret' }],
      pathsStartWithVisibility: [{ path: '/admin', visibility: 'PRIVATE' }, { path: '/x', visibility: 'nope' }],
      defaultTrust: 'untrusted',
      configuration: '{"DefaultAsync":{"HttpTimeout":1}}',
    }), 3);
    assert.equal(c.defaultVisibility, 'Private');
    assert.deepEqual(c.subscribeEvents, [{ value: 'a', visibility: 'Private' }, { value: 'b', visibility: 'Public' }, { value: 'c', visibility: 'Public' }]);
    assert.deepEqual(c.pathsStartWithVisibility, [{ value: '/admin', visibility: 'Private' }, { value: '/x', visibility: 'Public' }]);
    assert.equal(c.defaultTrust, 'Untrusted');
    assert.equal(c.replicasAtStart, 3);
    assert.equal(c.replicasMin, 0);
    assert.equal(c.configuration.DefaultAsync.HttpTimeout, 120);
    assert.equal(c.scale, null);
  });
});
