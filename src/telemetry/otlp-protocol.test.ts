import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { otlpProtocol, signalUrl, type OtlpProtocol, type OtlpSignal } from './otlp-protocol.js';

describe('OTLP protocol and endpoint per signal', () => {
  const protocols: Array<[Record<string, string>, OtlpSignal, OtlpProtocol]> = [
    [{}, 'traces', 'grpc'],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, 'traces', 'http/json'],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: ' HTTP/Protobuf ' }, 'logs', 'http/protobuf'],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'grpc' }, 'metrics', 'grpc'],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'grpc' }, 'traces', 'http/json'],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'thrift' }, 'traces', 'grpc'],
  ];
  for (const [env, signal, expected] of protocols) {
    it(`${JSON.stringify(env)} ${signal} → ${expected}`, () => assert.equal(otlpProtocol(signal, env), expected));
  }

  const urls: Array<[string, OtlpSignal, OtlpProtocol, string]> = [
    ['http://collector:4317', 'traces', 'grpc', 'http://collector:4317'],
    ['http://collector:4318', 'traces', 'http/json', 'http://collector:4318/v1/traces'],
    ['http://collector:4318/', 'logs', 'http/protobuf', 'http://collector:4318/v1/logs'],
    ['http://collector:4318/otlp', 'metrics', 'http/json', 'http://collector:4318/otlp/v1/metrics'],
    ['http://collector:4318/v1/traces', 'traces', 'http/json', 'http://collector:4318/v1/traces'],
  ];
  for (const [endpoint, signal, protocol, expected] of urls) {
    it(`${endpoint} ${signal} over ${protocol} → ${expected}`, () => assert.equal(signalUrl(endpoint, signal, protocol), expected));
  }
});
