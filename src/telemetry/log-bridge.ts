/**
 * Bridges the node's logger (src/logging.ts) to the OpenTelemetry logs API: every message the
 * logger writes at or above its level is also emitted as a log record (in the active trace
 * context), so application logs are exported through OTLP.
 */
import { SeverityNumber, type Logger as OtelLogger } from '@opentelemetry/api-logs';
import type { Logger, LogLevel } from '../logging.js';

const ORDER: LogLevel[] = ['Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical', 'None'];

export function bridgeLogger(inner: Logger, level: LogLevel, otel: OtelLogger): Logger {
  const min = ORDER.indexOf(level);
  const at = (lvl: LogLevel, severityNumber: SeverityNumber, write: (m: string) => void) => (message: string) => {
    write(message);
    if (ORDER.indexOf(lvl) >= min) otel.emit({ severityNumber, severityText: lvl, body: message });
  };
  return {
    debug: at('Debug', SeverityNumber.DEBUG, (m) => inner.debug(m)),
    info: at('Information', SeverityNumber.INFO, (m) => inner.info(m)),
    warn: at('Warning', SeverityNumber.WARN, (m) => inner.warn(m)),
    error: at('Error', SeverityNumber.ERROR, (m) => inner.error(m)),
  };
}
