/**
 * End-to-end, `slimfaas serve` in Docker mode on the host, through the real CLI and a real
 * dockerd (never calling a bridge address: replicas are reached on their ports published on
 * 127.0.0.1): a function scales 0→2→0, sync and async traffic reach its containers, a job runs as
 * a container, and a restarted SlimFaas keeps its state (decision 8).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bridgeGateway, createJobDefinitionContainer, openDockerSuite, startFunctionContainer, type DockerSuite } from '../../src/orchestrator/docker/fixtures/docker-support.js';
import { Collector } from '../helpers/collector.js';
import { call } from '../helpers/http.js';
import { pickPorts, REPO } from '../helpers/local-up.js';
import { waitFor } from '../helpers/wait.js';

const suite = await openDockerSuite('serve');
const skip = 'skip' in suite ? `Docker is not available: ${suite.skip}` : false;
const s = suite as DockerSuite;

class Serve {
  output = '';
  exited: Promise<number>;
  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (c) => (this.output += c));
    child.stderr!.on('data', (c) => (this.output += c));
    this.exited = new Promise((r) => child.once('exit', (code) => r(code ?? 1)));
  }
  static async start(port: number, env: NodeJS.ProcessEnv): Promise<Serve> {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'slimfaas.js'), 'serve', '--port', String(port), '--host', '127.0.0.1'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const serve = new Serve(child);
    await waitFor(() => serve.output.includes('SlimFaas listening on') || child.exitCode !== null, 60_000, 'slimfaas serve to listen');
    if (child.exitCode !== null) throw new Error(`slimfaas serve exited:\n${serve.output}`);
    return serve;
  }
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number> {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.exited;
  }
}

describe('slimfaas serve, Docker mode on the host', { skip }, () => {
  const app = `sd-fn-${randomBytes(3).toString('hex')}`;
  const job = `sd-job-${randomBytes(3).toString('hex')}`;
  const dataDirectory = mkdtempSync(join(tmpdir(), 'slimfaas-serve-docker-'));
  let collector: Collector;
  let serve: Serve;
  let port: number;
  let env: NodeJS.ProcessEnv;
  const url = () => `http://127.0.0.1:${port}`;
  const status = async () => JSON.parse((await call(`${url()}/status-function/${app}`)).body || '{}') as { NumberReady?: number; NumberRequested?: number };

  before(async () => {
    collector = await new Collector().start(await bridgeGateway(s.docker));
    await startFunctionContainer(s, {
      app,
      env: [`REPORT_URL=${collector.url}`],
      labels: { 'SlimFaas/ReplicasMin': '0', 'SlimFaas/ReplicasAtStart': '2', 'SlimFaas/TimeoutSecondBeforeSetReplicasMin': '4' },
    });
    await createJobDefinitionContainer(s, job, { 'SlimFaas/DefaultVisibility': 'Public' });
    port = (await pickPorts()).node;
    env = {
      SlimFaas__Orchestrator: 'Docker',
      SlimFaas__Namespace: s.namespace,
      SlimData__Directory: dataDirectory,
      HOSTNAME: `not-a-container-${randomBytes(3).toString('hex')}`,
      Data__DefaultVisibility: 'Public',
      Workers__ReplicasSynchronizationDelayMilliseconds: '1000',
    };
    serve = await Serve.start(port, env);
  });

  after(async () => {
    await serve?.stop();
    await collector?.close();
    await s.cleanup();
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('scales a function 0 → 2 → 0 and relays sync calls to its containers on 127.0.0.1', async () => {
    await waitFor(async () => (await status()).NumberRequested === 0, 60_000, 'the idle function scaled to zero');
    const res = await call(`${url()}/function/${app}/echo/sync`, { method: 'POST', body: 'hello' });
    assert.equal(res.status, 200);
    assert.deepEqual([JSON.parse(res.body).path, JSON.parse(res.body).body], ['/echo/sync', 'hello']);
    await waitFor(async () => (await status()).NumberReady === 2, 60_000, 'two ready replicas (ReplicasAtStart 2)');
    await waitFor(async () => (await status()).NumberRequested === 0, 60_000, 'back to zero after 4 idle seconds');
  });

  it('delivers an async call to a replica woken for it', async () => {
    const res = await call(`${url()}/async-function/${app}/echo/async`, { method: 'POST', body: 'later' });
    assert.equal(res.status, 202);
    await waitFor(() => collector.records.some((r) => (r as unknown as { path: string }).path === '/echo/async'), 60_000, 'the async delivery');
  });

  it('runs a job as a container', async () => {
    const res = await call(`${url()}/job/${job}`, { method: 'POST', body: JSON.stringify({ Args: ['exit', '0'] }), headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 202, res.body);
    const { Id } = JSON.parse(res.body);
    await waitFor(async () => (JSON.parse((await call(`${url()}/job/${job}`)).body) as Array<{ Id: string; Status: string }>).some((r) => r.Id === Id && r.Status === 'Succeeded'), 90_000, 'the job run Succeeded');
  });

  it('a restarted SlimFaas (kill -9) keeps its state: the function and its template, the schedules', async () => {
    const schedule = JSON.parse((await call(`${url()}/job-schedules/${job}`, { method: 'POST', body: '{"Schedule":"0 0 * * *"}', headers: { 'content-type': 'application/json' } })).body).Id;
    await waitFor(async () => (await status()).NumberRequested === 0, 60_000, 'the function back at zero (only its template left)');
    await serve.stop('SIGKILL');
    serve = await Serve.start(port, env);
    assert.equal((await status()).NumberRequested, 0, 'the function is still known (its template was kept)');
    assert.deepEqual((JSON.parse((await call(`${url()}/job-schedules/${job}`)).body) as Array<{ Id: string }>).map((x) => x.Id), [schedule]);
    const res = await call(`${url()}/function/${app}/echo/after-restart`);
    assert.equal(res.status, 200);
  });
});
