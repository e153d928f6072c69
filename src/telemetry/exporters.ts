/**
 * OTLP exporters for traces, metrics and logs (platform.md §5): gRPC by default, or the protocol
 * of `OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL` / `OTEL_EXPORTER_OTLP_PROTOCOL` (`grpc`,
 * `http/protobuf`, `http/json`). `OpenTelemetry:Endpoint` wins when set; otherwise each exporter
 * reads `OTEL_EXPORTER_OTLP_ENDPOINT` itself (else its localhost default). Loaded only when on.
 */
import { OTLPTraceExporter as GrpcTraces } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonTraces } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraces } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPMetricExporter as GrpcMetrics } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as JsonMetrics } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetrics } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPLogExporter as GrpcLogs } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as JsonLogs } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogs } from '@opentelemetry/exporter-logs-otlp-proto';
import type { tracing, metrics, logs } from '@opentelemetry/sdk-node';
import { otlpProtocol, signalUrl, type OtlpSignal } from './otlp-protocol.js';

type Env = Record<string, string | undefined>;

function options(signal: OtlpSignal, endpoint: string, env: Env): { url?: string } {
  return endpoint === '' ? {} : { url: signalUrl(endpoint, signal, otlpProtocol(signal, env)) };
}

export function traceExporter(endpoint: string, env: Env): tracing.SpanExporter {
  const o = options('traces', endpoint, env);
  switch (otlpProtocol('traces', env)) {
    case 'http/json': return new JsonTraces(o);
    case 'http/protobuf': return new ProtoTraces(o);
    default: return new GrpcTraces(o);
  }
}

export function metricExporter(endpoint: string, env: Env): metrics.PushMetricExporter {
  const o = options('metrics', endpoint, env);
  switch (otlpProtocol('metrics', env)) {
    case 'http/json': return new JsonMetrics(o);
    case 'http/protobuf': return new ProtoMetrics(o);
    default: return new GrpcMetrics(o);
  }
}

export function logExporter(endpoint: string, env: Env): logs.LogRecordExporter {
  const o = options('logs', endpoint, env);
  switch (otlpProtocol('logs', env)) {
    case 'http/json': return new JsonLogs(o);
    case 'http/protobuf': return new ProtoLogs(o);
    default: return new GrpcLogs(o);
  }
}
