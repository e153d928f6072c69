/**
 * End-to-end: a 500 MB async body is streamed to disk as it arrives (never whole in memory),
 * answered 202 once durable, delivered intact (SHA-256 computed by the function), and its spooled
 * file removed once delivered; the SQLite store keeps no high-water mark. Peak RSS is reported.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LocalUp, REPO } from '../helpers/local-up.js';
import { statusKiB } from '../helpers/proc-status.js';
import { Collector } from '../helpers/collector.js';
import { waitFor } from '../helpers/wait.js';

const DIGEST = join(REPO, 'test', 'fixtures', 'digest-function.mjs');
const TOTAL = 500_000_000;
const MiB = 1024 * 1024;

/** Streams TOTAL pseudo-random bytes as the body; resolves with the status and the body's SHA-256. */
function postLarge(url: string): Promise<{ status: number; sha: string }> {
  const block = randomBytes(MiB);
  const hash = createHash('sha256');
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-length': String(TOTAL), 'content-type': 'application/octet-stream' }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, sha: hash.digest('hex') }));
    });
    req.on('error', reject);
    let sent = 0;
    let counter = 0;
    const pump = () => {
      while (sent < TOTAL) {
        const size = Math.min(MiB, TOTAL - sent);
        const chunk = Buffer.from(block.subarray(0, size));
        chunk.writeUInt32BE(counter++, 0);
        hash.update(chunk);
        sent += size;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

function dirBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0);
}

describe('large async bodies', () => {
  it('a 500 MB async body: 202, delivered intact, spool emptied, RSS bounded', async () => {
    const collector = await new Collector().start();
    const up = await LocalUp.start(() =>
      [
        'functions:',
        '  digest:',
        `    command: ["${process.execPath}", "${DIGEST}"]`,
        '    annotations:',
        '      SlimFaas/Function: "true"',
        '      SlimFaas/ReplicasMin: "1"',
        '    environment:',
        `      RECORD_URL: ${JSON.stringify(collector.url)}`,
        '      FUNCTION_NAME: digest',
        '    health: { path: /health, periodSeconds: 1 }',
        '',
      ].join('\n'),
    );
    try {
      await up.waitReady('digest');
      const pid = up.child.pid!;
      const idleKiB = statusKiB(pid, 'VmRSS');
      const { status, sha } = await postLarge(`${up.url}/async-function/digest/big`);
      assert.equal(status, 202);
      const [record] = await collector.waitForStarts(1, 'digest', 180_000);
      assert.equal(record!.bodyLength, TOTAL);
      assert.equal(record!.body, sha, 'the function received the very bytes sent');
      assert.equal(record!.path, '/big');
      const peakKiB = statusKiB(pid, 'VmHWM');
      const growthMiB = (peakKiB - idleKiB) / 1024;
      console.log(`# slimfaas local up RSS: idle ${(idleKiB / 1024).toFixed(1)} MiB, peak ${(peakKiB / 1024).toFixed(1)} MiB (+${growthMiB.toFixed(1)} MiB) for a ${TOTAL / 1e6} MB async body`);
      assert.ok(growthMiB < 100, `peak RSS grew by ${growthMiB.toFixed(1)} MiB (a body held in memory would add ~500 MiB)`);

      const dataDir = join(up.stateDir, 'data', 'slimfaas-0');
      await waitFor(() => dirBytes(join(dataDir, 'async-bodies')) === 0, 30_000, 'the spooled body to be removed');
      const storeBytes = ['store.sqlite', 'store.sqlite-wal'].map((f) => join(dataDir, f)).filter(existsSync).reduce((s, f) => s + statSync(f).size, 0);
      assert.ok(storeBytes < 16 * MiB, `the SQLite files hold ${storeBytes} bytes, not the body`);
      assert.equal(await up.stop(), 0);
    } finally {
      await up.dispose();
      await collector.close();
    }
  });
});
