import { Registry, Gauge, Counter, collectDefaultMetrics } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labels = ['topic', 'group', 'function'] as const;
  return {
    registry,
    pending: new Gauge({ name: 'slimfaaskafka_pending_messages', help: 'Pending messages (high watermark minus committed offset) per binding', labelNames: labels, registers: [registry] }),
    lastActivity: new Gauge({ name: 'slimfaaskafka_last_activity_timestamp_seconds', help: 'Unix time of the last committed-offset progress per binding', labelNames: labels, registers: [registry] }),
    wakeups: new Counter({ name: 'slimfaaskafka_wakeups_total', help: 'Wake-ups sent to SlimFaas', labelNames: [...labels, 'reason'], registers: [registry] }),
    errors: new Counter({ name: 'slimfaaskafka_binding_errors_total', help: 'Evaluation errors per binding', labelNames: labels, registers: [registry] }),
    http: new Counter({ name: 'slimfaaskafka_http_requests_total', help: 'HTTP requests served', labelNames: ['route', 'status'], registers: [registry] }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
