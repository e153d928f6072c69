import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Logger as OtelLogger, LogRecord } from '@opentelemetry/api-logs';
import { createLogger } from '../logging.js';
import { bridgeLogger } from './log-bridge.js';

describe('the logger bridge to the OpenTelemetry logs API', () => {
  it('writes every line as before and emits the ones at or above the level as log records', () => {
    const lines: string[] = [];
    const records: LogRecord[] = [];
    const otel: OtelLogger = { emit: (record) => void records.push(record), enabled: () => true } as OtelLogger;
    const logger = bridgeLogger(createLogger('Information', (line) => lines.push(line)), 'Information', otel);
    logger.debug('hidden');
    logger.info('started');
    logger.warn('careful');
    logger.error('broken');
    assert.deepEqual(lines.map((l) => l.replace(/^\S+ /, '')), ['info: started', 'warn: careful', 'fail: broken']);
    assert.deepEqual(records.map((r) => [r.severityText, r.severityNumber, r.body]), [['Information', 9, 'started'], ['Warning', 13, 'careful'], ['Error', 17, 'broken']]);
  });
});
