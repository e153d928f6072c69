/**
 * Server spans (platform.md §5): one per incoming request whose path is not excluded, child of the
 * caller's `traceparent`, named `<METHOD> <actual path>` with `http.route` = the actual path and the
 * route template in `http.route.template`; the handler runs in its context so calls to functions
 * and queued requests continue the trace. Also records the HTTP server metrics (template routes).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Meter, type Tracer } from '@opentelemetry/api';
import { routeTemplate } from './route-template.js';

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

export function serverTracing(tracer: Tracer, meter: Meter, isExcluded: (path: string) => boolean): (listener: RequestListener) => RequestListener {
  const duration = meter.createHistogram('http.server.request.duration', { unit: 's', description: 'Duration of HTTP server requests.' });
  const active = meter.createUpDownCounter('http.server.active_requests', { unit: '{request}', description: 'Number of active HTTP server requests.' });
  return (listener) => (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const path = pathOf(url);
    const template = routeTemplate(path);
    const scheme = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
    const started = performance.now();
    const activeAttributes = { 'http.request.method': method, 'url.scheme': scheme };
    active.add(1, activeAttributes);
    if (isExcluded(path)) {
      res.once('close', () => {
        active.add(-1, activeAttributes);
        duration.record((performance.now() - started) / 1000, { ...activeAttributes, 'http.route': template ?? path, 'http.response.status_code': res.statusCode });
      });
      listener(req, res);
      return;
    }
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const q = url.indexOf('?');
    const span = tracer.startSpan(`${method} ${path}`, {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': method,
        'url.path': path,
        ...(q >= 0 ? { 'url.query': url.slice(q + 1) } : {}),
        'url.scheme': scheme,
        'http.route': path,
        ...(template ? { 'http.route.template': template } : {}),
        'network.protocol.version': req.httpVersion,
        'server.port': req.socket.localPort ?? 0,
        'client.address': req.socket.remoteAddress ?? '',
        ...(req.headers['user-agent'] ? { 'user_agent.original': req.headers['user-agent'] } : {}),
      },
    }, parent);
    res.once('close', () => {
      const status = res.statusCode;
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      if (!res.writableFinished) span.setAttribute('error.type', 'aborted');
      span.end();
      active.add(-1, activeAttributes);
      duration.record((performance.now() - started) / 1000, { ...activeAttributes, 'http.route': template ?? path, 'http.response.status_code': status });
    });
    context.with(trace.setSpan(parent, span), () => listener(req, res));
  };
}
