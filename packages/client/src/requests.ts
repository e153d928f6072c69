/** What handlers receive: async requests and events with base64-decoded bodies (tryNumber defaulting to 1), and streamed sync requests. */
import type { SyncRequestBody } from './body.js';
import type { SyncResponseWriter } from './response.js';

/** Request headers as SlimFaas forwards them: every value of every name. */
export type RequestHeaders = Record<string, string[]>;

/** An asynchronous request taken from the function's queue (`AsyncRequest`). */
export interface AsyncRequest {
  /** The queue element id; pass it to `sendCallback` after answering 202. */
  elementId: string;
  method: string;
  /** Path after `/async-function/<name>/`, as SlimFaas captured it: `compute/x` (no leading `/`), `""` for none. */
  path: string;
  /** Query string with its leading `?`, or `""`. */
  query: string;
  headers: RequestHeaders;
  /** Decoded body, or null when there was none. */
  body: Buffer | null;
  /** True when a failure of this attempt will not be retried. */
  isLastTry: boolean;
  /** 1-based attempt number. */
  tryNumber: number;
}

/** A published event (`PublishEvent`); there is no acknowledgement. */
export interface PublishEvent {
  eventName: string;
  method: string;
  /** Path after `/publish-event/<event>/`, no leading `/`. */
  path: string;
  query: string;
  headers: RequestHeaders;
  body: Buffer | null;
}

/** A synchronous call (`/function/<name>/…`) streamed over the WebSocket. */
export interface SyncRequest {
  /** The call's correlation id (a UUID). */
  correlationId: string;
  method: string;
  /** Path after `/function/<name>/` (canonical), e.g. `compute/x` — no leading `/`; `""` for none. */
  path: string;
  query: string;
  headers: RequestHeaders;
  /** The request body as it arrives (ends at once for bodiless requests). */
  body: SyncRequestBody;
  /** Where the response goes. */
  response: SyncResponseWriter;
  /** Aborted when SlimFaas cancels the call (`SyncCancel`, caller gone) or the connection closes. */
  signal: AbortSignal;
}

/** Returns the status to record for the attempt; `202` means "still running, I will call `sendCallback`". */
export type AsyncRequestHandler = (request: AsyncRequest) => number | Promise<number>;
/** Handles one event; errors are logged. */
export type PublishEventHandler = (event: PublishEvent) => void | Promise<void>;
/** Answers one synchronous call through `request.response`; the response is completed when it returns. */
export type SyncRequestHandler = (request: SyncRequest) => void | Promise<void>;
