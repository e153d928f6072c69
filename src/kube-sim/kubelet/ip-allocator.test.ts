import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { IpAllocator, claimIpBlock } from './ip-allocator.js';

describe('pod IPs', () => {
  it('hands out .2 upwards, never twice, reusing only after the block wraps', () => {
    const ips = new IpAllocator(4);
    assert.equal(ips.allocate(), '127.0.4.2');
    assert.equal(ips.allocate(), '127.0.4.3');
    ips.release('127.0.4.2');
    assert.equal(ips.allocate(), '127.0.4.4');
    const all = new Set<string>();
    for (let ip = ips.allocate(); ip; ip = ips.allocate()) all.add(ip);
    assert.equal(all.size, 253 - 2);
    assert.ok(all.has('127.0.4.2'));
    assert.equal(ips.allocate(), undefined);
  });

  it('claims a free block per simulator, skips live claims, takes over stale ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-ip-test-'));
    try {
      const first = claimIpBlock(10, dir);
      const second = claimIpBlock(10, dir);
      assert.deepEqual([first.block, second.block], [10, 11]);
      writeFileSync(join(dir, '127.0.12.lock'), '999999999');
      assert.equal(claimIpBlock(12, dir).block, 12);
      first.release();
      assert.equal(claimIpBlock(10, dir).block, 10);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
