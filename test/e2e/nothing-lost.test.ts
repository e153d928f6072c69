/**
 * Nothing lost: 1,000 accepted async requests to a slow function survive `kill -9` of SlimFaas;
 * after a restart on the same state every accepted id is delivered at least once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LocalUp, recorderFunction } from '../helpers/local-up.js';
import { Collector } from '../helpers/collector.js';
import { call } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

const TOTAL = 1000;

describe('durability of accepted async requests', () => {
  it('delivers every accepted id at least once across kill -9 and restart', async () => {
    const collector = await new Collector().start();
    const functions = () =>
      'functions:\n' +
      recorderFunction('slow', {
        recordUrl: collector.url,
        env: { DELAY_MS: '100' },
        annotations: { 'SlimFaas/ReplicasMin': '1', 'SlimFaas/NumberParallelRequest': '5', 'SlimFaas/Configuration': '{"DefaultAsync":{"HttpTimeout":30}}' },
      });
    let up = await LocalUp.start(functions);
    const accepted: string[] = [];
    try {
      for (let batch = 0; batch < TOTAL / 50; batch++) {
        const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => call(`${up.url}/async-function/slow/item?n=${batch * 50 + i}`, { method: 'POST', body: 'x' })));
        for (const r of responses) {
          assert.equal(r.status, 202);
          accepted.push(String(r.headers['slimfaas-element-id']));
        }
      }
      assert.equal(new Set(accepted).size, TOTAL);
      const deliveredBeforeKill = new Set(collector.starts('slow').map((r) => r.headers['slimfaas-element-id'])).size;
      assert.ok(deliveredBeforeKill < TOTAL, 'the kill happens while work is still queued');
      await up.kill9();

      up = await LocalUp.start(functions, { dir: up.dir, ports: up.ports });
      await waitFor(() => {
        const delivered = new Set(collector.starts('slow').map((r) => r.headers['slimfaas-element-id']));
        return accepted.every((id) => delivered.has(id));
      }, 120_000, 'every accepted id delivered');
      assert.equal(await up.stop(), 0);
      assert.deepEqual(up.alivePids(), []);
    } finally {
      await up.dispose();
      await collector.close();
    }
  });
});
