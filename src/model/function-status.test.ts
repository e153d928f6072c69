import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PodInfo, WorkloadInfo } from '../orchestrator/orchestrator.js';
import {
  functionStatus,
  isEndpointReady,
  isFunctionReady,
  isPodReady,
  readyPods,
  webSocketFunctionStatus,
} from './function-status.js';

const pod = (over: Partial<PodInfo>): PodInfo => ({
  name: 'p',
  ip: '10.0.0.1',
  ports: [8080],
  started: true,
  ready: true,
  failureReason: '',
  ...over,
});

const workload = (pods: PodInfo[], over: Partial<WorkloadInfo> = {}): WorkloadInfo => ({
  name: 'fibonacci',
  kind: 'Deployment',
  replicas: 2,
  annotations: {},
  pods,
  resources: null,
  ...over,
});

describe('isPodReady', () => {
  const cases: Array<[Partial<PodInfo>, boolean]> = [
    [{}, true],
    [{ ready: false }, false],
    [{ started: false }, false],
    [{ ip: '', ports: [] }, true],
  ];
  for (const [over, expected] of cases) {
    it(`${JSON.stringify(over)} => ${expected}`, () => assert.equal(isPodReady(pod(over)), expected));
  }
});

describe('readyPods', () => {
  const cases: Array<[string, Partial<PodInfo>, boolean]> = [
    ['ready with ip and port', {}, true],
    ['not ready', { ready: false }, false],
    ['not started', { started: false }, false],
    ['no ip', { ip: '' }, false],
    ['no port', { ports: [] }, false],
    ['port 0 only', { ports: [0] }, false],
    ['endpoint URL without ip/port', { ip: '', ports: [], endpointUrl: 'http://127.0.0.1:5051' }, true],
    ['endpoint URL but not ready', { ready: false, endpointUrl: 'http://127.0.0.1:5051' }, false],
  ];
  for (const [name, over, expected] of cases) {
    it(name, () => assert.equal(readyPods(workload([pod(over)])).length, expected ? 1 : 0));
  }

  it('keeps orchestrator order', () => {
    const w = workload([pod({ name: 'a' }), pod({ name: 'b', ready: false }), pod({ name: 'c' })]);
    assert.deepEqual(readyPods(w).map((p) => p.name), ['a', 'c']);
  });
});

describe('isEndpointReady / isFunctionReady', () => {
  const cases: Array<[string, PodInfo[], boolean, boolean]> = [
    ['no pods', [], false, false],
    ['pods without ports (E10)', [pod({ ports: [] })], false, false],
    ['not-ready pod with a port', [pod({ ready: false })], true, false],
    ['one port on any pod is enough', [pod({ name: 'a', ports: [] }), pod({ name: 'b', ready: false })], true, false],
    ['ready pod with port', [pod({})], true, true],
    ['endpoint URL', [pod({ ports: [], endpointUrl: 'http://127.0.0.1:1' })], true, true],
  ];
  for (const [name, pods, endpointReady, ready] of cases) {
    it(name, () => {
      assert.equal(isEndpointReady(workload(pods)), endpointReady);
      assert.equal(isFunctionReady(workload(pods)), ready);
    });
  }
});

describe('functionStatus', () => {
  it('AS-25: exact JSON, key order', () => {
    const w = workload([pod({})], { replicas: 0 });
    assert.equal(
      JSON.stringify(functionStatus(w, { defaultVisibility: 'Public' })),
      '{"NumberReady":1,"NumberRequested":0,"PodType":"Deployment","Visibility":"Public","Name":"fibonacci"}',
    );
  });

  it('fixture: counts ready pods (even without port), desired replicas, kind and visibility', () => {
    const w = workload(
      [pod({ name: 'a' }), pod({ name: 'b', ports: [] }), pod({ name: 'c', ready: false })],
      { kind: 'StatefulSet', replicas: 3, name: 'db' },
    );
    assert.equal(
      JSON.stringify(functionStatus(w, { defaultVisibility: 'Private' })),
      '{"NumberReady":2,"NumberRequested":3,"PodType":"StatefulSet","Visibility":"Private","Name":"db"}',
    );
  });

  it('WebSocket function', () => {
    assert.equal(
      JSON.stringify(webSocketFunctionStatus('ws-fn', 2, 'Public')),
      '{"NumberReady":2,"NumberRequested":2,"PodType":"WebSocket","Visibility":"Public","Name":"ws-fn"}',
    );
  });
});
