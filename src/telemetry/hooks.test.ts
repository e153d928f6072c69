import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import { continueTrace, telemetry, withServerSpans } from './hooks.js';
import { startTelemetry } from './start.js';
import { loadSettings } from '../config/settings.js';
import { silentLogger } from '../logging.js';

describe('telemetry hooks with OpenTelemetry off', () => {
  it('start is a no-op, the listener is used as it is and deliveries run directly', async () => {
    const started = await startTelemetry(loadSettings({}, 'host').openTelemetry, silentLogger, 'Warning', {});
    assert.equal(started.enabled, false);
    assert.equal(started.logger, silentLogger);
    assert.equal(telemetry, null);
    const listener: RequestListener = () => undefined;
    assert.equal(withServerSpans(listener), listener);
    assert.equal(continueTrace({ traceparent: ['00-x'] }, () => 42), 42);
    await started.stop();
  });
});
