import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Orchestrator, PodInfo, Topology } from '../orchestrator.js';
import type { JobRunSpec } from '../jobs.js';
import type { RecentLogsQuery } from '../logs.js';
import { logsPath, parseLogsParams } from './control-logs.js';
import { ControlApi, matchRoute } from './control-api.js';
import { CONTROL_TOKEN_HEADER, TOPOLOGY_VERSION_HEADER, newControlToken, tokenMatches } from './control-protocol.js';
import { SupervisorOrchestrator } from './supervisor-orchestrator.js';

/** A scripted orchestrator: one function `fn`, one job definition `job`, change signals on demand. */
function stubOrchestrator() {
  const listeners = new Set<() => void>();
  const state = { replicas: 0, runs: new Map<string, JobRunSpec>(), logQueries: [] as Array<[string, RecentLogsQuery]> };
  const orchestrator: Orchestrator = {
    async listTopology(): Promise<Topology> {
      return { functions: [{ name: 'fn', kind: 'Deployment', replicas: state.replicas, annotations: { 'SlimFaas/Function': 'true' }, pods: [], resources: null }], slimfaasNodes: [], processes: { db: true } };
    },
    async setReplicas(name, replicas) {
      if (name !== 'fn') throw Object.assign(new Error(`Function '${name}' was not found.`), { code: 'NOT_FOUND' });
      state.replicas = replicas;
      for (const l of listeners) l();
    },
    async listJobDefinitions() {
      return [];
    },
    async createJob(run) {
      if (run.definition !== 'job') throw Object.assign(new Error(`Job '${run.definition}' was not found.`), { code: 'NOT_FOUND' });
      state.runs.set(run.name, run);
    },
    async listJobs() {
      return [...state.runs.values()].map((r) => ({ name: r.name, status: 'Running' as const, elementId: r.elementId, inQueueTicks: '', startTicks: '', ips: [], dependsOn: [] }));
    },
    async deleteJob(name) {
      return state.runs.delete(name);
    },
    async recentLogs(name, query) {
      state.logQueries.push([name, query]);
      return name === 'fn' ? [{ replica: 'fn-0', timeMs: 5, stream: 'stderr', line: 'hi' }] : [];
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { orchestrator, state, changed: () => listeners.forEach((l) => l()) };
}

const node = (i: number, ready: boolean): PodInfo => ({ name: `slimfaas-${i}`, ip: '127.0.0.1', ports: [3262 + i, 30021 + i], started: true, ready, failureReason: '', annotations: {} });
const run = (definition: string): JobRunSpec => ({
  name: `${definition}-slimfaas-job-abcdefgh`, definition, elementId: 'e1', image: 'local:job', args: null, environment: [],
  resources: { Requests: {}, Limits: {} }, dependsOn: null, backoffLimit: 0, ttlSecondsAfterFinished: 60, restartPolicy: 'Never', inQueueTicks: '1', startTicks: '1',
});

const token = newControlToken();
const stub = stubOrchestrator();
const roster = { nodes: [node(0, true), node(1, false)], listeners: new Set<() => void>() };
let api: ControlApi;

before(async () => {
  api = new ControlApi({
    orchestrator: stub.orchestrator,
    namespace: 'demo',
    token,
    nodes: { list: () => roster.nodes, onChange: (l) => (roster.listeners.add(l), () => roster.listeners.delete(l)) },
  });
  await api.listen();
});

after(() => api.close());

const call = (method: string, path: string, options: { token?: string | null; body?: string } = {}) =>
  fetch(`${api.url}${path}`, {
    method,
    headers: options.token === null ? {} : { [CONTROL_TOKEN_HEADER]: options.token ?? token },
    ...(options.body !== undefined ? { body: options.body } : {}),
  });

test('tokenMatches: only the exact token', () => {
  const cases: Array<[string | string[] | undefined, boolean]> = [[token, true], [undefined, false], ['', false], [token.slice(1), false], [token + '0', false], [token.toUpperCase(), false], [[token], false]];
  for (const [given, expected] of cases) assert.equal(tokenMatches(given, token), expected, String(given));
  assert.equal(tokenMatches('', ''), false, 'an empty expected token never matches');
});

test('matchRoute: routes, names and methods', () => {
  const cases: Array<[string, string, unknown]> = [
    ['GET', '/v1/topology', { kind: 'topology' }],
    ['GET', '/v1/changes', { kind: 'changes' }],
    ['PUT', '/v1/functions/fibonacci/scale', { kind: 'scale', name: 'fibonacci' }],
    ['GET', '/v1/functions/fibonacci/logs', { kind: 'logs', name: 'fibonacci' }],
    ['POST', '/v1/functions/fibonacci/logs', 'method-not-allowed'],
    ['GET', '/v1/functions/fibonacci/scale', 'method-not-allowed'],
    ['GET', '/v1/jobs/configuration', { kind: 'job-configurations' }],
    ['GET', '/v1/jobs', { kind: 'list-jobs' }],
    ['POST', '/v1/jobs', { kind: 'create-job' }],
    ['DELETE', '/v1/jobs/run-1', { kind: 'delete-job', name: 'run-1' }],
    ['DELETE', '/v1/jobs/configuration', { kind: 'delete-job', name: 'configuration' }],
    ['PATCH', '/v1/jobs', 'method-not-allowed'],
    ['GET', '/v1/nothing', null],
    ['GET', '/v2/topology', null],
  ];
  for (const [method, path, expected] of cases) assert.deepEqual(matchRoute(method, path.split('/').filter(Boolean)), expected, `${method} ${path}`);
});

test('every route needs the token: missing or wrong → 401', async () => {
  for (const [method, path] of [['GET', '/v1/topology'], ['PUT', '/v1/functions/fn/scale'], ['GET', '/v1/jobs'], ['POST', '/v1/jobs'], ['DELETE', '/v1/jobs/x'], ['GET', '/v1/changes'], ['GET', '/nothing']]) {
    for (const given of [null, 'wrong', token.slice(0, 63)]) {
      const res = await call(method!, path!, { token: given, ...(method === 'PUT' || method === 'POST' ? { body: '{}' } : {}) });
      assert.equal(res.status, 401, `${method} ${path} with ${given}`);
      assert.match(await res.text(), /X-SlimFaas-Token/);
    }
  }
});

test('routes answer with the documented statuses', async () => {
  const cases: Array<[string, string, string | undefined, number, RegExp?]> = [
    ['GET', '/v1/topology?namespace=demo', undefined, 200, /"slimfaasNodes":\[\{"name":"slimfaas-0"/],
    ['GET', '/v1/topology?namespace=other', undefined, 404, /Namespace 'other'/],
    ['PUT', '/v1/functions/fn/scale', '{"replicas":2}', 204],
    ['PUT', '/v1/functions/nope/scale', '{"replicas":1}', 404, /not found/],
    ['PUT', '/v1/functions/fn/scale', '{"replicas":-1}', 400, /replicas/],
    ['PUT', '/v1/functions/fn/scale', 'not json', 400, /JSON/],
    ['GET', '/v1/functions/fn/scale', undefined, 405],
    ['GET', '/v1/jobs/configuration', undefined, 200, /^\[\]$/],
    ['POST', '/v1/jobs', JSON.stringify(run('job')), 202],
    ['POST', '/v1/jobs', JSON.stringify(run('job')), 202],
    ['POST', '/v1/jobs', JSON.stringify(run('unknown')), 400, /Job 'unknown' was not found/],
    ['POST', '/v1/jobs', JSON.stringify({ ...run('job'), backoffLimit: 'x' }), 400, /backoffLimit/],
    ['GET', '/v1/jobs', undefined, 200, /job-slimfaas-job-abcdefgh/],
    ['DELETE', '/v1/jobs/job-slimfaas-job-abcdefgh', undefined, 204],
    ['DELETE', '/v1/jobs/job-slimfaas-job-abcdefgh', undefined, 404],
    ['GET', '/v1/unknown', undefined, 404],
    ['GET', '/v1/jobs/%zz', undefined, 400, /Malformed/],
  ];
  for (const [method, path, body, status, pattern] of cases) {
    const res = await call(method, path, body !== undefined ? { body } : {});
    const text = await res.text();
    assert.equal(res.status, status, `${method} ${path}: ${text}`);
    if (pattern) assert.match(text, pattern, `${method} ${path}`);
  }
  assert.equal(stub.state.replicas, 2);
});

test('topology versions strictly increase, GET and stream alike', async () => {
  const versions: number[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await call('GET', '/v1/topology');
    await res.text();
    versions.push(Number(res.headers.get(TOPOLOGY_VERSION_HEADER)));
  }
  assert.ok(versions[0]! < versions[1]! && versions[1]! < versions[2]!, versions.join(' < '));
});

test('the change stream sends the topology at once, then on orchestrator and node changes', async () => {
  const res = await call('GET', '/v1/changes');
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  const reader = res.body!.getReader();
  let text = '';
  const events = () => [...text.matchAll(/id: (\d+)\nevent: topology\ndata: (.*)\n\n/g)].map((m) => ({ id: Number(m[1]), topology: JSON.parse(m[2]!) as Topology }));
  const until = async (count: number) => {
    while (events().length < count) text += new TextDecoder().decode((await reader.read()).value);
  };
  await until(1);
  roster.nodes = [node(0, true), node(1, true)];
  for (const l of roster.listeners) l();
  await until(2);
  stub.changed();
  await until(3);
  const seen = events();
  assert.deepEqual(seen[1]!.topology.slimfaasNodes.map((n) => n.ready), [true, true]);
  assert.ok(seen[0]!.id < seen[1]!.id && seen[1]!.id < seen[2]!.id);
  await reader.cancel();
});

test('SupervisorOrchestrator: a start against a wrong token or namespace fails with the reason', async () => {
  const cases: Array<[string, string, RegExp]> = [
    ['wrong', 'demo', /X-SlimFaas-Token/],
    [token, 'other', /Namespace 'other'/],
  ];
  for (const [given, namespace, reason] of cases) {
    const client = new SupervisorOrchestrator({ url: api.url, token: given, namespace, startTimeoutMs: 2000 });
    await assert.rejects(client.start(), reason);
    await client.stop();
  }
});

test('SupervisorOrchestrator: an unreachable supervisor fails start once its deadline passed', async () => {
  const client = new SupervisorOrchestrator({ url: 'http://127.0.0.1:1', token, namespace: 'demo', startTimeoutMs: 300 });
  await assert.rejects(client.start(), /unreachable/);
  await client.stop();
});

test('logs: the path round-trips the query; the route answers the lines; bad queries 400; the client reads them', async () => {
  const queries: RecentLogsQuery[] = [{ tail: 0 }, { tail: 100, replica: 'fn-1' }, { tail: 7, sinceMs: 1767182400123 }, { tail: 1, replica: 'a/b', sinceMs: -5 }];
  for (const query of queries) {
    const url = new URL(logsPath('f n', query), 'http://control');
    assert.equal(url.pathname, '/v1/functions/f%20n/logs');
    assert.deepEqual(parseLogsParams(url.searchParams), { ok: true, value: query });
  }
  for (const bad of ['tail=x', 'tail=-1', 'sinceMs=soon', 'sinceMs=1.5']) assert.equal(parseLogsParams(new URLSearchParams(bad)).ok, false, bad);

  const res = await call('GET', '/v1/functions/fn/logs?tail=3&replica=fn-0&sinceMs=4');
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), [{ replica: 'fn-0', timeMs: 5, stream: 'stderr', line: 'hi' }]);
  assert.equal((await call('GET', '/v1/functions/fn/logs?tail=x')).status, 400);
  assert.equal((await call('GET', '/v1/functions/fn/logs', { token: 'wrong' })).status, 401);

  const client = new SupervisorOrchestrator({ url: api.url, token, namespace: 'demo', startTimeoutMs: 2000 });
  stub.state.logQueries.length = 0;
  assert.deepEqual(await client.recentLogs('fn', { tail: 2, replica: 'fn-0', sinceMs: 1 }), [{ replica: 'fn-0', timeMs: 5, stream: 'stderr', line: 'hi' }]);
  assert.deepEqual(await client.recentLogs('other', { tail: 2 }), []);
  assert.deepEqual(stub.state.logQueries, [['fn', { tail: 2, replica: 'fn-0', sinceMs: 1 }], ['other', { tail: 2 }]]);
  await client.stop();
});
