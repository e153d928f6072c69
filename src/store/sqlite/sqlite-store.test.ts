// SqliteStore: the shared Store contract on a temp file, plus durability across close and kill -9.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runStoreContract, type ContractClock } from '../store.case.js';
import { SqliteStore } from './sqlite-store.js';

function tempDbPath(): { path: string; removeDir: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'slimfaas-store-'));
  return { path: join(dir, 'slimfaas.db'), removeDir: () => rmSync(dir, { recursive: true, force: true }) };
}

runStoreContract('sqlite', async (clock: ContractClock) => {
  const { path, removeDir } = tempDbPath();
  let store = SqliteStore.open({ path, now: clock.now });
  return {
    store,
    reopen: async () => {
      await store.close();
      store = SqliteStore.open({ path, now: clock.now });
      return store;
    },
    cleanup: async () => {
      await store.close();
      removeDir();
    },
  };
});

const policy = { httpTimeoutSeconds: 30, timeoutRetriesSeconds: [1], httpStatusRetries: [500] };


/**
 * Runs `fixtures/<fixture>` and SIGKILLs it once `killAfter` of its stdout lines were picked
 * (`pick` gives the id a line acknowledges, or null); resolves with the picked ids.
 */
async function runUntilKilled(fixture: string, args: string[], pick: (line: string) => string | null, killAfter: number): Promise<string[]> {
  const file = fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const picked: string[] = [];
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      const id = pick(line);
      if (id !== null) picked.push(id);
    }
    if (picked.length >= killAfter && child.exitCode === null && !child.killed) child.kill('SIGKILL');
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
  assert.equal(signal, 'SIGKILL', `${fixture} exited with code ${code} before being killed`);
  return picked;
}

describe('SqliteStore durability', () => {
  it('keeps data across close and reopen, and sweeps expired entries', async () => {
    const { path, removeDir } = tempDbPath();
    let t = 1_000;
    try {
      const first = SqliteStore.open({ path, now: () => t });
      await first.set('k', 'v');
      await first.set('short', 'v', 10);
      await first.hashSet('h', { f: '1' }, 10);
      await first.queuePush('Queue:f', 'a', Buffer.from('payload'), policy);
      await first.close();
      await assert.rejects(first.get('k'), { code: 'unavailable' });

      t += 11;
      const second = SqliteStore.open({ path, now: () => t });
      assert.equal((await second.get('k'))?.toString(), 'v');
      assert.equal(await second.sweepExpired(), 2);
      assert.equal(await second.sweepExpired(), 0);
      const [a] = await second.queuePop('Queue:f', 'tx', 1);
      assert.equal(a?.value.toString(), 'payload');
      await second.close();
    } finally {
      removeDir();
    }
  });

  for (const group of [1, 16]) {
  it(`every push acknowledged before SIGKILL is present after reopening (${group} concurrent per commit)`, async () => {
    const { path, removeDir } = tempDbPath();
    try {
      const total = group === 1 ? 200 : 3_200;
      const printed = await runUntilKilled('push-until-killed.ts', [path, String(total), String(group)], (line) => line, 50);
      assert.ok(printed.length >= 50 && printed.length < total, `printed ${printed.length} ids`);

      const store = SqliteStore.open({ path });
      const stored = new Set((await store.queuePop('Queue:killed', 'check', 10_000)).map((e) => e.id));
      await store.close();
      const missing = printed.filter((id) => !stored.has(id));
      assert.deepEqual(missing, []);
    } finally {
      removeDir();
    }
  });
  }
});

describe('SqliteStore delivery transitions', () => {
  it('every completion acknowledged before SIGKILL is kept, and every other element is still queued', async () => {
    const { path, removeDir } = tempDbPath();
    try {
      const total = 400;
      const done = await runUntilKilled('deliver-until-killed.ts', [path, String(total)], (line) => (line.startsWith('done ') ? line.slice(5) : null), 60);
      assert.ok(done.length >= 60 && done.length < total, `completed ${done.length}`);

      const store = SqliteStore.open({ path });
      await store.recoverInterruptedAttempts();
      const left = new Set((await store.queuePop('Queue:delivered', 'check', 10_000)).map((e) => e.id));
      await store.close();
      assert.deepEqual(done.filter((id) => left.has(id)), [], 'a completed element came back');
      const all = Array.from({ length: total }, (_, i) => `id-${i}`);
      const neither = all.filter((id) => !left.has(id) && !done.includes(id));
      assert.ok(neither.length <= 4, `only the batch completing at the kill may be neither queued nor printed: ${neither.join(', ')}`);
    } finally {
      removeDir();
    }
  });
});

describe('SqliteStore group commit', () => {
  const policy = { httpTimeoutSeconds: 30, timeoutRetriesSeconds: [], httpStatusRetries: [] };

  it('commits pushes issued together in one transaction, each resolving after the commit', async () => {
    const { path, removeDir } = tempDbPath();
    const store = SqliteStore.open({ path });
    try {
      const before = store.pushCommits;
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.queuePush('Queue:group', `g-${i}`, Buffer.from(`v${i}`), policy)),
      );
      assert.deepEqual(results, Array(50).fill(true));
      assert.equal(store.pushCommits - before, 1);
      // A second connection sees every element: they were committed before the promises resolved.
      const Database = (await import('better-sqlite3')).default;
      const other = new Database(path, { readonly: true });
      const count = other.prepare(`SELECT count(*) FROM queue_element WHERE queue_key = 'Queue:group'`).pluck().get();
      other.close();
      assert.equal(count, 50);
      assert.deepEqual(await Promise.all([store.queuePush('Queue:group', 'g-0', Buffer.from('x'), policy)]), [false]);
    } finally {
      await store.close();
      removeDir();
    }
  });

  it('fsyncs every batch holding a durable write, and commits a batch of replayable writes only without fsync', async () => {
    const { path, removeDir } = tempDbPath();
    const store = SqliteStore.open({ path });
    try {
      const counts = () => [store.pushCommits, store.fsyncedCommits];
      const [commits0, fsynced0] = counts();
      await Promise.all([store.queuePush('Queue:sync', 'a', Buffer.from('a'), policy), store.queuePush('Queue:sync', 'b', Buffer.from('b'), policy)]);
      assert.deepEqual(counts(), [commits0 + 1, fsynced0 + 1], 'pushes: one fsynced commit');
      const [a, b] = await store.queuePop('Queue:sync', 't1', 2);
      await Promise.all([store.queueCallback('Queue:sync', [{ id: a!.id, httpCode: 200 }]), store.hashSet('AsyncStatus:sync:a', { record: 'done' }, 60_000, { replayable: true })]);
      assert.deepEqual(counts(), [commits0 + 3, fsynced0 + 1], 'a pop, then a completion with its status: committed, not fsynced');
      // A durable write in the batch: the replayable ones issued with it are fsynced with it.
      await Promise.all([store.queueCallback('Queue:sync', [{ id: b!.id, httpCode: 200 }]), store.hashSet('Other:sync', { f: 'v' })]);
      assert.deepEqual(counts(), [commits0 + 4, fsynced0 + 2]);
      // Committed all the same: another connection sees them.
      const Database = (await import('better-sqlite3')).default;
      const other = new Database(path, { readonly: true });
      const left = other.prepare(`SELECT count(*) FROM queue_element WHERE queue_key = 'Queue:sync'`).pluck().get();
      const status = other.prepare(`SELECT value FROM hash_field WHERE key = 'AsyncStatus:sync:a'`).pluck().get() as Buffer;
      other.close();
      assert.equal(left, 0);
      assert.equal(status.toString(), 'done');
      // Durable writes after a relaxed batch are fsynced again (the connection is back to FULL).
      await store.set('k', 'v');
      assert.equal((store as unknown as { db: { pragma(s: string, o: object): unknown } }).db.pragma('synchronous', { simple: true }), 2);
    } finally {
      await store.close();
      removeDir();
    }
  });

  it('a failing transaction rejects every push of its batch and stores none of them', async () => {
    const { path, removeDir } = tempDbPath();
    const store = SqliteStore.open({ path });
    try {
      const Database = (await import('better-sqlite3')).default;
      const other = new Database(path);
      other.exec(`CREATE TRIGGER fail_bad BEFORE INSERT ON queue_element WHEN NEW.id = 'bad'
        BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
      other.close();
      const settled = await Promise.allSettled(
        ['a', 'bad', 'c'].map((id) => store.queuePush('Queue:fail', id, Buffer.from(id), policy)),
      );
      assert.deepEqual(settled.map((s) => s.status), ['rejected', 'rejected', 'rejected']);
      assert.deepEqual(await store.queuePop('Queue:fail', 't', 10), []);
      assert.equal(await store.queuePush('Queue:fail', 'd', Buffer.from('d'), policy), true);
      assert.deepEqual((await store.queuePop('Queue:fail', 't2', 10)).map((e) => e.id), ['d']);
    } finally {
      await store.close();
      removeDir();
    }
  });
});

describe('SqliteStore crash recovery', () => {
  it('makes elements whose attempt was open at a crash available again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slimfaas-recover-'));
    try {
      const path = join(dir, 'store.sqlite');
      let store = SqliteStore.open({ path });
      const policy = { httpTimeoutSeconds: 120, timeoutRetriesSeconds: [], httpStatusRetries: [] };
      await store.queuePush('Queue:f', 'a', Buffer.from('1'), policy);
      await store.queuePush('Queue:f', 'b', Buffer.from('2'), policy);
      await store.queuePop('Queue:f', 'tx1', 2);
      await store.queueCallback('Queue:f', [{ id: 'b', httpCode: 500 }]);
      await store.close();
      store = SqliteStore.open({ path });
      assert.equal((await store.queueSnapshot('Queue:f')).running, 1);
      await store.recoverInterruptedAttempts();
      const snapshot = await store.queueSnapshot('Queue:f');
      assert.deepEqual([snapshot.available, snapshot.running], [1, 0]);
      const [again] = await store.queuePop('Queue:f', 'tx2', 5);
      assert.equal(again.id, 'a');
      assert.equal(again.attempts.length, 1);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
