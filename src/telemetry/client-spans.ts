/**
 * Client spans for calls to functions (platform.md §5): child of the active context (a sync call's
 * server span) or of the context captured with a queued request (an async delivery); the function
 * receives that span's `traceparent`, so it joins the same trace. Records the HTTP client metric.
 */
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Meter, type Tracer } from '@opentelemetry/api';
import type { HeaderList, OutboundHeaders, OutboundRequest } from '../proxy/upstream-client.js';
import type { TelemetryHooks } from './hooks.js';

const TRACE_HEADERS = ['traceparent', 'tracestate'];

function withoutTraceHeaders<T extends OutboundHeaders | HeaderList>(headers: T): T {
  const out = { ...headers };
  for (const name of Object.keys(out)) if (TRACE_HEADERS.includes(name.toLowerCase())) delete out[name];
  return out;
}

function target(url: string): { address: string; port: number; path: string; scheme: string } {
  try {
    const u = new URL(url);
    const scheme = u.protocol.replace(':', '');
    return { address: u.hostname, port: Number(u.port || (scheme === 'https' ? 443 : 80)), path: u.pathname, scheme };
  } catch {
    return { address: '', port: 0, path: url, scheme: 'http' };
  }
}

export function clientTracing(tracer: Tracer, meter: Meter): Omit<TelemetryHooks, 'wrapRequestListener'> {
  const duration = meter.createHistogram('http.client.request.duration', { unit: 's', description: 'Duration of HTTP client requests.' });
  return {
    async clientCall(request, run) {
      const { address, port, path, scheme } = target(request.url);
      const method = request.method.toUpperCase();
      const attributes = { 'http.request.method': method, 'server.address': address, 'server.port': port, 'url.scheme': scheme };
      const span = tracer.startSpan(method, { kind: SpanKind.CLIENT, attributes: { ...attributes, 'url.full': request.url, 'url.path': path } });
      const headers = withoutTraceHeaders(request.headers);
      propagation.inject(trace.setSpan(context.active(), span), headers);
      const started = performance.now();
      let status = 0;
      try {
        status = await context.with(trace.setSpan(context.active(), span), () => run({ ...request, headers }));
        span.setAttribute('http.response.status_code', status);
        if (status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
        return status;
      } catch (err) {
        span.setAttribute('error.type', (err as Error)?.name ?? 'Error');
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
        throw err;
      } finally {
        span.end();
        duration.record((performance.now() - started) / 1000, status ? { ...attributes, 'http.response.status_code': status } : { ...attributes, 'error.type': 'network' });
      }
    },
    captureContext(headers) {
      const active = trace.getSpanContext(context.active());
      if (!active || !trace.isSpanContextValid(active)) return headers;
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);
      const out = withoutTraceHeaders(headers);
      for (const [name, value] of Object.entries(carrier)) out[name] = [value];
      return out;
    },
    withCapturedContext(headers, fn) {
      const carrier: Record<string, string> = {};
      for (const name of TRACE_HEADERS) {
        const value = headers[name]?.[0];
        if (value !== undefined) carrier[name] = value;
      }
      return context.with(propagation.extract(ROOT_CONTEXT, carrier), fn);
    },
  };
}
