/**
 * undici's `Agent` and a `request` over one shared Agent, without loading the rest of undici
 * (fetch, WebSocket, EventSource, caches, mocks: about 8 MiB of idle RSS). The dispatcher and API
 * modules are required directly and the API methods attached to `Dispatcher` exactly as undici's
 * own index does, so behaviour is undici's.
 */
import { createRequire } from 'node:module';
import type * as Undici from 'undici';

const require = createRequire(import.meta.url);
const DispatcherClass = require('undici/lib/dispatcher/dispatcher.js') as { prototype: Record<string, unknown> };
if (typeof DispatcherClass.prototype.request !== 'function') Object.assign(DispatcherClass.prototype, require('undici/lib/api/index.js'));

export const Agent = require('undici/lib/dispatcher/agent.js') as typeof Undici.Agent;
export type Agent = Undici.Agent;

let shared: Undici.Agent | undefined;

/** `request(url, options)` like undici's, over one keep-alive Agent of this process. */
export function request(url: string, options: Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path' | 'method'> & { method?: Undici.Dispatcher.HttpMethod } = {}): Promise<Undici.Dispatcher.ResponseData> {
  const target = new URL(url);
  shared ??= new Agent();
  return shared.request({ ...options, origin: target.origin, path: `${target.pathname}${target.search}`, method: options.method ?? 'GET' });
}
