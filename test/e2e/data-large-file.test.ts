/**
 * End-to-end: a 1 GiB data file is streamed both ways, never held in memory: uploaded (the
 * SHA-256 the node computed, its ETag, equals the client's), downloaded intact (SHA-256 again),
 * and read by ranges (206 with the right bytes and Content-Range; 416 past the end). The node's
 * peak RSS during the transfers is reported and bounded.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { EXTERNAL } from '../helpers/http.js';
import { statusKiB } from '../helpers/proc-status.js';
import { dataCall, startDataOnly } from './data-client.js';

const MiB = 1024 * 1024;
const BLOCKS = 1024;
const TOTAL = BLOCKS * MiB;

/** Block i of the file: a random 1 MiB block stamped with i in its first 4 bytes. */
function blockOf(base: Buffer, i: number): Buffer {
  const block = Buffer.from(base);
  block.writeUInt32BE(i, 0);
  return block;
}

/** The bytes [start, end] of the file, rebuilt from its blocks. */
function expectedRange(base: Buffer, start: number, end: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = Math.floor(start / MiB); i <= Math.floor(end / MiB); i++) {
    const from = Math.max(start, i * MiB) - i * MiB;
    const to = Math.min(end, i * MiB + MiB - 1) - i * MiB;
    parts.push(blockOf(base, i).subarray(from, to + 1));
  }
  return Buffer.concat(parts);
}

function upload(url: string, base: Buffer): Promise<{ status: number; body: string; sha: string }> {
  const hash = createHash('sha256');
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-length': String(TOTAL), 'content-type': 'application/x-test' }, localAddress: EXTERNAL, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sha: hash.digest('hex') }));
    });
    req.on('error', reject);
    let i = 0;
    const pump = () => {
      while (i < BLOCKS) {
        const block = blockOf(base, i++);
        hash.update(block);
        if (!req.write(block)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

/** Streams a download into SHA-256; resolves with its status, headers, length and digest. */
function download(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; length: number; sha: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { localAddress: EXTERNAL, agent: false }, (res) => {
      const hash = createHash('sha256');
      let length = 0;
      res.on('data', (c: Buffer) => {
        length += c.length;
        hash.update(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, length, sha: hash.digest('hex') }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('a 1 GiB data file', () => {
  it('uploads and downloads with SHA-256 verified on both sides, ranges served, RSS bounded', async () => {
    const up = await startDataOnly({ Kestrel__Limits__MaxRequestBodySize: String(2 * TOTAL) });
    try {
      const pid = up.child.pid!;
      const base = randomBytes(MiB);
      const idleKiB = statusKiB(pid, 'VmRSS');

      let started = performance.now();
      const sent = await upload(`${up.url}/data/files?id=big.bin`, base);
      const uploadS = (performance.now() - started) / 1000;
      assert.deepEqual([sent.status, sent.body], [200, 'big.bin']);

      started = performance.now();
      const got = await download(`${up.url}/data/files/big.bin`);
      const downloadS = (performance.now() - started) / 1000;
      assert.equal(got.status, 200);
      assert.equal(got.headers['content-length'], String(TOTAL));
      assert.equal(got.headers.etag, `"${sent.sha}"`, 'the SHA-256 the node computed while receiving');
      assert.equal(got.length, TOTAL);
      assert.equal(got.sha, sent.sha, 'the downloaded bytes are the uploaded ones');

      const ranges: Array<[string, number, number]> = [
        ['bytes=536870912-537919487', 512 * MiB, 513 * MiB - 1],
        ['bytes=1048570-1048585', MiB - 6, MiB + 9],
        ['bytes=-100', TOTAL - 100, TOTAL - 1],
        [`bytes=${TOTAL - 10}-${TOTAL + 1000}`, TOTAL - 10, TOTAL - 1],
      ];
      for (const [range, start, end] of ranges) {
        const res = await dataCall(up.url, '/data/files/big.bin', { headers: { range } });
        assert.equal(res.status, 206, range);
        assert.equal(res.headers['content-range'], `bytes ${start}-${end}/${TOTAL}`);
        assert.ok(res.body.equals(expectedRange(base, start, end)), `the bytes of ${range}`);
      }
      const past = await dataCall(up.url, '/data/files/big.bin', { headers: { range: `bytes=${TOTAL}-` } });
      assert.deepEqual([past.status, past.headers['content-range'], past.body.length], [416, `bytes */${TOTAL}`, 0]);

      const peakKiB = statusKiB(pid, 'VmHWM');
      const growthMiB = (peakKiB - idleKiB) / 1024;
      console.log(`# 1 GiB data file: upload ${uploadS.toFixed(1)} s (${(1024 / uploadS).toFixed(0)} MiB/s), download ${downloadS.toFixed(1)} s (${(1024 / downloadS).toFixed(0)} MiB/s)`);
      console.log(`# slimfaas local up RSS: idle ${(idleKiB / 1024).toFixed(1)} MiB, peak ${(peakKiB / 1024).toFixed(1)} MiB (+${growthMiB.toFixed(1)} MiB)`);
      assert.ok(growthMiB < 150, `peak RSS grew by ${growthMiB.toFixed(1)} MiB (a file held in memory would add ~1 GiB)`);
      assert.equal(await up.stop(), 0);
    } finally {
      await up.dispose();
    }
  });
});
