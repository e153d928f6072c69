/**
 * The OpenTelemetry SDK of a node (platform.md §5), imported only when `OpenTelemetry:Enable` is
 * true: a NodeSDK with the service name (setting, else `OTEL_SERVICE_NAME`), OTLP exporters for
 * traces, metrics and logs (plus console exporters on request), the server/client span hooks, the
 * node:http instrumentation for other outgoing calls (Kubernetes API…), a meter named like the
 * service and the logger bridge. `stop()` flushes and shuts everything down.
 */
import { NodeSDK, tracing, metrics as sdkMetrics, logs as sdkLogs } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { createRequire } from 'node:module';
import { metrics, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import type { Logger, LogLevel } from '../logging.js';
import type { OpenTelemetrySettings } from './telemetry-settings.js';
import { excludedPathMatcher } from './telemetry-settings.js';
import type { TelemetryHooks } from './hooks.js';
import { logExporter, metricExporter, traceExporter } from './exporters.js';
import { serverTracing } from './server-spans.js';
import { clientTracing } from './client-spans.js';
import { bridgeLogger } from './log-bridge.js';

type Env = Record<string, string | undefined>;

export interface RunningSdk {
  hooks: TelemetryHooks;
  logger: Logger;
  stop(): Promise<void>;
}

function exportInterval(env: Env): number {
  const value = Number(env.OTEL_METRIC_EXPORT_INTERVAL);
  return Number.isFinite(value) && value > 0 ? value : 60_000;
}

export function startSdk(settings: OpenTelemetrySettings, logger: Logger, level: LogLevel, env: Env): RunningSdk {
  const { endpoint, enableConsoleExporter: toConsole } = settings;
  const interval = exportInterval(env);
  const sdk = new NodeSDK({
    ...(settings.serviceName ? { serviceName: settings.serviceName } : {}),
    // Incoming requests are traced by server-spans.ts; this adds client spans for node:http calls (the Kubernetes API…).
    instrumentations: [new HttpInstrumentation({ disableIncomingRequestInstrumentation: true })],
    spanProcessors: [
      new tracing.BatchSpanProcessor(traceExporter(endpoint, env)),
      ...(toConsole ? [new tracing.SimpleSpanProcessor(new tracing.ConsoleSpanExporter())] : []),
    ],
    metricReaders: [
      new sdkMetrics.PeriodicExportingMetricReader({ exporter: metricExporter(endpoint, env), exportIntervalMillis: interval, exportTimeoutMillis: Math.min(30_000, interval) }),
      ...(toConsole ? [new sdkMetrics.PeriodicExportingMetricReader({ exporter: new sdkMetrics.ConsoleMetricExporter(), exportIntervalMillis: interval, exportTimeoutMillis: Math.min(30_000, interval) })] : []),
    ],
    logRecordProcessors: [
      new sdkLogs.BatchLogRecordProcessor({ exporter: logExporter(endpoint, env) }),
      ...(toConsole ? [new sdkLogs.SimpleLogRecordProcessor({ exporter: new sdkLogs.ConsoleLogRecordExporter() })] : []),
    ],
  });
  sdk.start();
  // node:http was loaded before the SDK: requiring it again lets the instrumentation patch its exports in place.
  const require = createRequire(import.meta.url);
  require('node:http');
  require('node:https');
  const name = settings.serviceName || env.OTEL_SERVICE_NAME?.trim() || 'SlimFaas';
  const tracer = trace.getTracer(name);
  const meter = metrics.getMeter(name);
  const hooks: TelemetryHooks = {
    wrapRequestListener: serverTracing(tracer, meter, excludedPathMatcher(settings.excludedUrls)),
    ...clientTracing(tracer, meter),
  };
  return {
    hooks,
    logger: bridgeLogger(logger, level, logs.getLogger(name)),
    async stop() {
      await sdk.shutdown().catch((err: Error) => logger.warn(`OpenTelemetry shutdown: ${err.message}`));
    },
  };
}
