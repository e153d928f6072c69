/**
 * The seam between the function registry and functions that are not orchestrated workloads
 * (WebSocket functions, functions.md §11): a source listing them as registry entries, and the
 * transport a route uses instead of HTTP to reach one. Types only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HeaderList } from '../proxy/upstream-client.js';
import type { FunctionEntry } from './function-registry.js';

/** One published event as a virtual function receives it (§8 step 5, §11.6). */
export interface VirtualEvent {
  eventName: string;
  method: string;
  path: string;
  query: string;
  headers: HeaderList;
  body: Buffer;
}

export interface VirtualTransport {
  readonly kind: 'websocket';
  /** A synchronous call (§11.5); answers `res` itself, never throws. */
  sync(req: IncomingMessage, res: ServerResponse, path: string, query: string): Promise<void>;
  /** Sends the event to every live connection; no acknowledgement, send errors ignored. */
  publish(event: VirtualEvent): void;
}

export interface VirtualFunctionSource {
  /** Current virtual functions, each entry with `virtual` set. */
  list(): FunctionEntry[];
}
