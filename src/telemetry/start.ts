/**
 * Starts OpenTelemetry for a node when `OpenTelemetry:Enable` is true, and only then imports the
 * SDK (a dynamic `import()`), so a node with it off loads nothing from OpenTelemetry. Returns the
 * logger to use (bridged to the OTel logs API when on) and `stop()` (flush and shut down).
 */
import type { Logger, LogLevel } from '../logging.js';
import type { OpenTelemetrySettings } from './telemetry-settings.js';
import { setTelemetryHooks } from './hooks.js';

export interface Telemetry {
  readonly enabled: boolean;
  readonly logger: Logger;
  stop(): Promise<void>;
}

export async function startTelemetry(
  settings: OpenTelemetrySettings,
  logger: Logger,
  level: LogLevel,
  env: Record<string, string | undefined> = process.env,
): Promise<Telemetry> {
  if (!settings.enable) return { enabled: false, logger, stop: async () => undefined };
  const { startSdk } = await import('./sdk.js');
  const sdk = startSdk(settings, logger, level, env);
  setTelemetryHooks(sdk.hooks);
  return {
    enabled: true,
    logger: sdk.logger,
    async stop() {
      setTelemetryHooks(null);
      await sdk.stop();
    },
  };
}
