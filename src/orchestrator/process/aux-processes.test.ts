import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalFunction, LocalProcess } from '../../config/manifest/types.js';
import { ProcessOrchestrator, pidsOfChildren } from './process-orchestrator.js';
import {
  MemoryPorts,
  functionOf,
  getJson,
  isAlive,
  manifestOf,
  processOf,
  randomRange,
  serverScript,
  tempLogsDir,
  waitFor,
} from './fixtures/test-support.js';

after(() => {
  assert.deepEqual(pidsOfChildren(), []);
});

async function withProcesses(
  processes: LocalProcess[],
  functions: LocalFunction[],
  run: (ctx: {
    orch: ProcessOrchestrator;
    ports: MemoryPorts;
    range: { from: number; to: number };
    log: (name: string) => string;
    lines: string[];
    pids: Set<number>;
  }) => Promise<void>,
  options: { range?: { from: number; to: number }; reservedPorts?: number[] } = {},
): Promise<void> {
  const range = options.range ?? randomRange(10);
  const ports = new MemoryPorts();
  const logs = tempLogsDir();
  const lines: string[] = [];
  const pids = new Set<number>();
  const orch = new ProcessOrchestrator({
    manifest: manifestOf(range, functions, processes),
    logsDir: logs.dir,
    ports,
    reservedPorts: options.reservedPorts ?? [],
    output: (line) => lines.push(line),
    killGraceMs: 1000,
  });
  const record = (): void => {
    for (const p of orch.snapshot().processes) if (p.pid !== null) pids.add(p.pid);
    for (const fn of orch.snapshot().functions) for (const r of fn.replicas) if (r.pid !== null) pids.add(r.pid);
  };
  orch.onChange(record);
  const log = (name: string): string => {
    try {
      return readFileSync(join(logs.dir, `process-${name}.log`), 'utf8');
    } catch {
      return '';
    }
  };
  try {
    await orch.start();
    record();
    await run({ orch, ports, range, log, lines, pids });
  } finally {
    await orch.stop();
    logs.dispose();
  }
  for (const pid of pids) assert.equal(isAlive(pid), false, `pid ${pid} is still alive after stop()`);
  assert.deepEqual(pidsOfChildren(), []);
}

const count = (text: string, needle: string): number => text.split(needle).length - 1;

test('restart policies: always, onFailure and never, with terminal messages', async () => {
  const exitingSoon = (code: number) => ({ FIXTURE_EXIT_AFTER_MS: '100', FIXTURE_EXIT_CODE: String(code) });
  const processes = [
    processOf('always-zero', { restartPolicy: 'always', environment: exitingSoon(0) }),
    processOf('onfailure-zero', { restartPolicy: 'onFailure', environment: exitingSoon(0) }),
    processOf('onfailure-three', { restartPolicy: 'onFailure', environment: exitingSoon(3) }),
    processOf('never-three', { restartPolicy: 'never', environment: exitingSoon(3) }),
    processOf('never-missing', { restartPolicy: 'never', command: ['/definitely/not/a/binary'] }),
    processOf('steady', { restartPolicy: 'never' }),
  ];
  await withProcesses(processes, [], async ({ orch, log, lines }) => {
    await waitFor('always-zero restarted', () => count(log('always-zero'), 'started pid=') >= 2);
    await waitFor('onfailure-three restarted', () => count(log('onfailure-three'), 'started pid=') >= 2);
    await waitFor('onfailure-zero terminal', () => log('onfailure-zero').includes('will not restart after exit code 0'));
    await waitFor('never-three terminal', () => log('never-three').includes('will not restart after exit code 3'));
    await waitFor('never-missing terminal', () => log('never-missing').includes('will not retry after start failure'));
    assert.match(log('always-zero'), /exited code=0\n.*restarting in 1 s\n/);
    assert.equal(count(log('onfailure-zero'), 'started pid='), 1);
    assert.equal(count(log('never-three'), 'started pid='), 1);
    assert.ok(lines.includes('[process/never-three] will not restart after exit code 3'));

    const topology = await orch.listTopology();
    assert.equal(topology.processes['steady'], true);
    assert.equal(topology.processes['never-three'], false);
    assert.equal(topology.processes['never-missing'], false);
    assert.equal(orch.isProcessRunning('steady'), true);
    assert.equal(orch.isProcessRunning('never-three'), false);
    assert.equal(orch.isProcessRunning('unknown'), false);
    assert.deepEqual(topology.functions, []);
    const never = orch.snapshot().processes.find((p) => p.name === 'never-three');
    assert.equal(never?.terminal, true);
  });
});

test('auto and fixed ports: {port} substituted, PORT set, kept out of the function pool, released at stop', async () => {
  const range = randomRange(10);
  const fixedPort = range.from;
  const processes = [
    processOf('web', {
      port: 'auto',
      command: [process.execPath, serverScript, '--port={port}'],
      environment: { FIXTURE_CUSTOM: 'url=http://127.0.0.1:{port}' },
    }),
    processOf('api', { port: fixedPort, command: [process.execPath, serverScript] }),
    processOf('plain', {}),
  ];
  const fn = functionOf('delta', { annotations: { 'SlimFaas/Function': 'true', 'SlimFaas/ReplicasMin': '1' } });
  let stopped: ProcessOrchestrator | undefined;
  let store: MemoryPorts | undefined;
  await withProcesses(
    processes,
    [fn],
    async ({ orch, ports, lines }) => {
      stopped = orch;
      store = ports;
      const web = await waitFor('web to be running with a port', () => {
        const p = orch.snapshot().processes.find((x) => x.name === 'web');
        return p?.running && p.port !== null ? p : undefined;
      });
      // range.from is the fixed port, range.from + 1 is reserved.
      assert.equal(web.port, range.from + 2);
      assert.equal(ports.get('process:web'), web.port);
      const webEnv = await waitFor('web to answer', () => getJson(`http://127.0.0.1:${web.port}/env`));
      assert.deepEqual(webEnv['argv'], [`--port=${web.port}`]);
      assert.equal(webEnv['PORT'], String(web.port));
      assert.equal(webEnv['FIXTURE_CUSTOM'], `url=http://127.0.0.1:${web.port}`);

      const apiEnv = await waitFor('api to answer on its fixed port', () => getJson(`http://127.0.0.1:${fixedPort}/env`));
      assert.equal(apiEnv['PORT'], String(fixedPort));
      assert.equal(ports.get('process:api'), undefined);

      const plainLine = await waitFor('plain to print', () => lines.find((l) => l.startsWith('[process/plain] sleeper')));
      // No port configured: PORT is not set (only inherited, if the test runner has one).
      assert.ok(plainLine.endsWith(` port=${process.env['PORT'] ?? ''} args=`), plainLine);

      const pod = await waitFor('delta replica to be ready', async () => {
        const p = (await orch.listTopology()).functions[0]?.pods[0];
        return p?.ready ? p : undefined;
      });
      assert.deepEqual(pod.ports, [range.from + 3]);
      assert.deepEqual((await orch.listTopology()).processes, { web: true, api: true, plain: true });
    },
    { range, reservedPorts: [range.from + 1] },
  );
  assert.deepEqual(store?.all(), {});
  assert.deepEqual((await stopped?.listTopology())?.processes, { web: false, api: false, plain: false });
});
