import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findByResource } from '../api/resource-types.js';
import { openWatch, startTestServer, type TestServer } from '../fixtures/test-server.js';

const CONFIGMAPS = findByResource('', 'v1', 'configmaps')!;
const base = '/api/v1/namespaces/default/configmaps';

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('watch', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ history: 5, bookmarkIntervalMs: 20 });
  });
  after(() => server.close());

  it('without resourceVersion starts with the current objects as ADDED, then streams changes', async () => {
    server.api.create(CONFIGMAPS, 'default', { metadata: { name: 'first' } });
    const watch = openWatch(`${server.url}${base}?watch=true`);
    await until(() => watch.events.length === 1, 'initial ADDED');
    server.api.patch(CONFIGMAPS, 'default', 'first', 'merge', { data: { a: '1' } });
    server.api.delete(CONFIGMAPS, 'default', 'first');
    await until(() => watch.events.length === 3, 'MODIFIED and DELETED');
    assert.deepEqual(watch.events.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
    const versions = watch.events.map((e) => Number(e.object.metadata!.resourceVersion));
    assert.ok(versions[0]! < versions[1]! && versions[1]! < versions[2]!, `increasing resourceVersions ${versions}`);
    watch.close();
  });

  it('from a resourceVersion replays exactly the later events', async () => {
    const created = server.api.create(CONFIGMAPS, 'default', { metadata: { name: 'replay' } });
    server.api.patch(CONFIGMAPS, 'default', 'replay', 'merge', { data: { b: '2' } });
    const watch = openWatch(`${server.url}${base}?watch=1&resourceVersion=${created.metadata.resourceVersion}&fieldSelector=metadata.name%3Dreplay`);
    await until(() => watch.events.length === 1, 'replayed MODIFIED');
    assert.equal(watch.events[0]!.type, 'MODIFIED');
    watch.close();
  });

  it('a resourceVersion older than the history gets one ERROR event with 410 Expired, then the stream ends', async () => {
    for (let i = 0; i < 8; i++) server.api.create(CONFIGMAPS, 'default', { metadata: { name: `filler-${i}` } });
    const watch = openWatch(`${server.url}${base}?watch=true&resourceVersion=1`);
    assert.equal(await watch.status, 200);
    await watch.ended;
    assert.equal(watch.events.length, 1);
    assert.equal(watch.events[0]!.type, 'ERROR');
    assert.equal(watch.events[0]!.object.code, 410);
    assert.equal(watch.events[0]!.object.reason, 'Expired');
  });

  it('label selectors turn relabelling into ADDED / DELETED', async () => {
    server.api.create(CONFIGMAPS, 'default', { metadata: { name: 'moving', labels: { team: 'a' } } });
    const watch = openWatch(`${server.url}${base}?watch=true&resourceVersion=${server.api.store.currentRevision()}&labelSelector=team%3Db`);
    server.api.patch(CONFIGMAPS, 'default', 'moving', 'merge', { metadata: { labels: { team: 'b' } } });
    server.api.patch(CONFIGMAPS, 'default', 'moving', 'merge', { data: { x: 'y' } });
    server.api.patch(CONFIGMAPS, 'default', 'moving', 'merge', { metadata: { labels: { team: 'a' } } });
    await until(() => watch.events.length === 3, 'three events');
    assert.deepEqual(watch.events.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
    watch.close();
  });

  it('sends BOOKMARK events when allowed, and the initial-events-end bookmark with sendInitialEvents', async () => {
    const watch = openWatch(`${server.url}${base}?watch=true&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan`);
    await until(() => watch.events.filter((e) => e.type === 'BOOKMARK').length >= 2, 'bookmarks');
    const first = watch.events.find((e) => e.type === 'BOOKMARK')!;
    assert.equal(first.object.kind, 'ConfigMap');
    assert.equal(first.object.metadata!.annotations!['k8s.io/initial-events-end'], 'true');
    watch.close();
  });

  it('timeoutSeconds ends the stream', async () => {
    const watch = openWatch(`${server.url}${base}?watch=true&timeoutSeconds=0`);
    await watch.ended;
  });

  it('Table watch events carry one row each', async () => {
    const watch = openWatch(`${server.url}${base}?watch=true&resourceVersion=${server.api.store.currentRevision()}`, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    server.api.create(CONFIGMAPS, 'default', { metadata: { name: 'tabled' }, data: { a: '1', b: '2' } });
    await until(() => watch.events.length === 1, 'table event');
    const table = watch.events[0]!.object as unknown as { kind: string; rows: { cells: unknown[] }[] };
    assert.equal(table.kind, 'Table');
    assert.deepEqual(table.rows[0]!.cells.slice(0, 2), ['tabled', 2]);
    watch.close();
  });
});
