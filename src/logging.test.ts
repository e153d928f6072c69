import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimitedLog } from './logging.js';

describe('RateLimitedLog', () => {
  it('writes the first event, folds the next ones into a count on the following line', () => {
    let now = 0;
    const lines: string[] = [];
    const log = new RateLimitedLog((m) => lines.push(m), 10_000, () => now);
    log.log('client aborted');
    now = 1000;
    log.log('client aborted');
    log.log('client aborted');
    assert.deepEqual(lines, ['client aborted']);
    now = 10_001;
    log.log('client aborted');
    assert.deepEqual(lines, ['client aborted', 'client aborted (2 more since the last report)']);
  });
});
