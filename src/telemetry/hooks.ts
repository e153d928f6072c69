/**
 * The process's telemetry hooks: `null` unless OpenTelemetry was started (src/telemetry/start.ts),
 * so with it off the request path pays one null check and nothing from OpenTelemetry is loaded.
 * This module imports only types.
 */
import type { RequestListener } from 'node:http';
import type { HeaderList, OutboundRequest } from '../proxy/upstream-client.js';

export interface TelemetryHooks {
  /** The gateway's request listener with a server span around each request not excluded. */
  wrapRequestListener(listener: RequestListener): RequestListener;
  /**
   * Runs one call to a function in a client span, child of the active trace context; the request
   * passed to `run` carries that span's `traceparent` (replacing any forwarded one).
   */
  clientCall(request: OutboundRequest, run: (request: OutboundRequest) => Promise<number>): Promise<number>;
  /** Headers of a request queued now, carrying the active trace context (when there is one). */
  captureContext(headers: HeaderList): HeaderList;
  /** Runs `fn` in the trace context carried by captured headers (an async delivery). */
  withCapturedContext<T>(headers: HeaderList, fn: () => T): T;
}

/** Live binding: importers read the current value. */
export let telemetry: TelemetryHooks | null = null;

export function setTelemetryHooks(hooks: TelemetryHooks | null): void {
  telemetry = hooks;
}

/** The listener itself when OpenTelemetry is off (decided once, when the server is created). */
export function withServerSpans<T extends RequestListener>(listener: T): RequestListener {
  return telemetry ? telemetry.wrapRequestListener(listener) : listener;
}

/** Runs `fn` in the trace context captured with a queued request (just `fn()` when off). */
export function continueTrace<T>(headers: HeaderList, fn: () => T): T {
  return telemetry ? telemetry.withCapturedContext(headers, fn) : fn();
}
