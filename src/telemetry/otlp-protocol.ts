/**
 * Which OTLP protocol a signal uses and where it is sent when `OpenTelemetry:Endpoint` is set:
 * the signal's own `OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL`, else `OTEL_EXPORTER_OTLP_PROTOCOL`,
 * else gRPC (upstream's default); over HTTP the endpoint gets the signal path `/v1/<signal>`
 * (as the SDK does with `OTEL_EXPORTER_OTLP_ENDPOINT`) unless it already ends with it. Pure.
 */

export type OtlpSignal = 'traces' | 'metrics' | 'logs';
export type OtlpProtocol = 'grpc' | 'http/protobuf' | 'http/json';

const PROTOCOLS: readonly OtlpProtocol[] = ['grpc', 'http/protobuf', 'http/json'];

export function otlpProtocol(signal: OtlpSignal, env: Record<string, string | undefined>): OtlpProtocol {
  const raw = (env[`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_PROTOCOL`] || env.OTEL_EXPORTER_OTLP_PROTOCOL || '').trim().toLowerCase();
  return PROTOCOLS.find((p) => p === raw) ?? 'grpc';
}

export function signalUrl(endpoint: string, signal: OtlpSignal, protocol: OtlpProtocol): string {
  if (protocol === 'grpc') return endpoint;
  const base = endpoint.replace(/\/+$/, '');
  return base.endsWith(`/v1/${signal}`) ? base : `${base}/v1/${signal}`;
}
