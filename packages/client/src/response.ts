/** The response side of a synchronous call: start once, stream writes with socket backpressure, complete idempotently; write/complete auto-start with 200. */
import { SlimFaasSyncCancelledError } from './errors.js';

/** Response headers: one value or several per name. */
export type Headers = Record<string, string | string[]>;

/** What the writer needs from the connection. @internal */
export interface ResponseSink {
  start(correlationId: string, statusCode: number, headers: Record<string, string[]>): Promise<void>;
  chunk(correlationId: string, bytes: Uint8Array): Promise<void>;
  end(correlationId: string): Promise<void>;
  cancel(correlationId: string): Promise<void>;
}

function normalizeHeaders(headers: Headers): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = Array.isArray(value) ? value.map(String) : [String(value)];
  return out;
}

/**
 * Builds the HTTP response of one synchronous call. `start(status, headers)` once (a second call
 * throws), `write(bytes)` any number of times, then `complete()`. `write` and `complete` send
 * `200` with no headers first when `start` was not called; `complete` is idempotent and is called
 * for you when the handler returns. Calls are serialised in order.
 */
export class SyncResponseWriter {
  private startedFlag = false;
  private completedFlag = false;
  private cancelledError: SlimFaasSyncCancelledError | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  /** @internal */
  constructor(
    readonly correlationId: string,
    private readonly sink: ResponseSink,
  ) {}

  /** True once the status and headers were sent (or are being sent). */
  get started(): boolean {
    return this.startedFlag;
  }

  /** True once `complete()` was called. */
  get completed(): boolean {
    return this.completedFlag;
  }

  /** True when the call was cancelled by SlimFaas or the connection closed. */
  get cancelled(): boolean {
    return this.cancelledError !== null;
  }

  /** Sends the status code and headers. Throws if the response was already started or completed. */
  start(statusCode = 200, headers: Headers = {}): Promise<void> {
    try {
      this.assertOpen();
      if (this.startedFlag) throw new Error('The response was already started.');
      if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 999) throw new RangeError(`invalid status code ${statusCode}`);
    } catch (error) {
      return Promise.reject(error);
    }
    this.startedFlag = true;
    const normalized = normalizeHeaders(headers);
    return this.enqueue(() => this.sink.start(this.correlationId, statusCode, normalized));
  }

  /**
   * Sends body bytes (a string is sent as UTF-8). Resolves once they were handed to the socket, so
   * awaiting each write keeps memory bounded however large the body is.
   */
  write(bytes: Uint8Array | string): Promise<void> {
    try {
      this.assertOpen();
    } catch (error) {
      return Promise.reject(error);
    }
    if (!this.startedFlag) this.start().catch(() => undefined); // a failure reaches this write through the queue
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    if (data.byteLength === 0) return this.enqueue(async () => {});
    return this.enqueue(() => this.sink.chunk(this.correlationId, data));
  }

  /** Ends the response (`SyncResponseEnd`). Idempotent; does nothing after a cancellation. */
  complete(): Promise<void> {
    if (this.completedFlag || this.cancelledError) return this.queue.then(() => undefined, () => undefined);
    if (!this.startedFlag) this.start().catch(() => undefined);
    this.completedFlag = true;
    return this.enqueue(() => this.sink.end(this.correlationId));
  }

  /** @internal Marks the call cancelled: later `start`/`write` reject with `error`. */
  markCancelled(error: SlimFaasSyncCancelledError): void {
    if (!this.cancelledError) this.cancelledError = error;
  }

  /** @internal Aborts a started, incomplete response (`SyncCancel`), e.g. after a handler failure. */
  abort(): Promise<void> {
    if (this.completedFlag || this.cancelledError) return Promise.resolve();
    this.completedFlag = true;
    return this.enqueue(() => this.sink.cancel(this.correlationId)).catch(() => undefined);
  }

  private assertOpen(): void {
    if (this.cancelledError) throw this.cancelledError;
    if (this.completedFlag) throw new Error('The response was already completed.');
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(() => {
      if (this.cancelledError) throw this.cancelledError;
      return step();
    });
    // A failed step fails every later one.
    this.queue = next;
    return next;
  }
}
