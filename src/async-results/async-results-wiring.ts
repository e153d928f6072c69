/**
 * Async results assembled for the composition root in one call: the status store (also put on
 * the gateway context for the enqueue and callback routes), dead letters with their metrics, the
 * dispatcher hook, the routes and which spooled bodies must stay (queued or dead-lettered).
 */
import client from 'prom-client';
import type { GatewayContext } from '../gateway/context.js';
import type { ExtraRoute } from '../gateway/http-server.js';
import { AsyncResultsStore } from './async-results-store.js';
import type { AsyncResultsHook } from './async-results-hook.js';
import { asyncResultsRoutes } from './async-results-routes.js';
import { DEFAULT_RESULT_MAX_BYTES, resultSettings, tracksStatus } from './async-status.js';
import { CallbackSender } from './callback-sender.js';
import { CALLBACK_HEADER } from './caller-callback.js';
import { DeadLetters, deadLetterSettings } from './dead-letters.js';
import { deadLetterRoutes } from './dead-letter-routes.js';
import { removeSpooledBody, type CapturedRequest } from '../queue/captured-request.js';
import { queueKey } from '../queue/queue-keys.js';

export interface AsyncResults {
  routes: ExtraRoute[];
  hook: AsyncResultsHook;
  /** Stops callbacks waiting for a retry. */
  stop(): void;
  /** The subset of `ids` whose spooled body must stay: still queued, or dead letters. */
  liveBodies(fn: string, ids: string[]): Promise<Set<string>>;
}

export function createAsyncResults(ctx: GatewayContext, metricsRegistry: client.Registry, functionNames: () => string[], callbackAllowedHosts: readonly string[]): AsyncResults {
  const results = new AsyncResultsStore(ctx.store);
  ctx.asyncResults = results;
  ctx.asyncCallbackAllowedHosts = callbackAllowedHosts;
  const callbacks = new CallbackSender(ctx.client, ctx.logger);
  const registers = [metricsRegistry];
  const dropped = new client.Counter({ name: 'slimfaas_function_dead_letter_dropped_total', help: 'Dead letters dropped to respect the per-function cap', labelNames: ['function'], registers });
  const deadLetters = new DeadLetters(ctx.store, (value) => removeSpooledBody(ctx.spool, value, ctx.options.nodeName), (fn, count) => dropped.inc({ function: fn }, count));
  new client.Gauge({
    name: 'slimfaas_function_dead_letter_items',
    help: 'Dead letters kept per function',
    labelNames: ['function'],
    registers,
    async collect() {
      this.reset();
      for (const fn of functionNames()) this.set({ function: fn }, await deadLetters.count(fn));
    },
  });
  const hook: AsyncResultsHook = {
    captureLimit: (entry, request) => resultSettings(entry.config.configuration.DefaultAsync)?.maxBytes ?? (callbackUrl(request) ? DEFAULT_RESULT_MAX_BYTES : null),
    tracksStatus: (entry) => tracksStatus(entry.config.configuration.DefaultAsync),
    started: (fn, id, tryNumber) => results.started(fn, id, tryNumber),
    ended: (fn, id, code, response, deadLettered) => results.ended(fn, id, code, response, deadLettered),
    async deadLetter(entry, element, code) {
      const settings = deadLetterSettings(entry.config.configuration.DefaultAsync);
      if (!settings) return false;
      await deadLetters.add(entry.name, element, code, settings);
      return true;
    },
    finished(entry, element, request, code, durationMs, response) {
      const url = callbackUrl(request);
      if (url) void callbacks.send({ url, id: element.id, fn: entry.name, status: code, durationMs, response });
    },
  };
  return {
    routes: [...asyncResultsRoutes(ctx, results), ...deadLetterRoutes(ctx, deadLetters)],
    hook,
    stop: () => callbacks.stop(),
    async liveBodies(fn, ids) {
      const queued = await ctx.store.queueContains(queueKey(fn), ids);
      const rest = ids.filter((id) => !queued.has(id));
      for (const id of rest.length > 0 ? await deadLetters.contains(fn, rest) : []) queued.add(id);
      return queued;
    },
  };
}

/** The request's `X-Callback-Url` (checked at enqueue), or null. */
function callbackUrl(request: CapturedRequest | null): string | null {
  try {
    return request?.headers[CALLBACK_HEADER]?.[0]?.trim() || null;
  } catch {
    return null;
  }
}
