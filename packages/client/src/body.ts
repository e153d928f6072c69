/** The streamed body of a synchronous request: a byte Readable whose full buffer pauses the whole connection until the handler reads (bounded memory). */
import { Readable } from 'node:stream';

/**
 * The request body of a synchronous call, a Node `Readable` of `Buffer` chunks (also an async
 * iterable: `for await (const chunk of req.body)`). Reading is the backpressure: while more than
 * `bodyHighWaterMark` bytes wait unread, the client stops reading its WebSocket (which also holds
 * back other requests multiplexed on the same connection), so read or `discard()` the body.
 * A cancelled call destroys the stream with a `SlimFaasSyncCancelledError`.
 */
export class SyncRequestBody extends Readable {
  /** Called with `true` when the buffer is full, `false` when the reader wants more. */
  private readonly pressure: (blocked: boolean) => void;
  private discarding = false;

  /** @internal */
  constructor(highWaterMark: number, pressure: (blocked: boolean) => void) {
    super({ highWaterMark });
    this.pressure = pressure;
    // A cancelled call destroys the body with an error; a handler that does not read it must not crash the process.
    this.on('error', () => undefined);
  }

  override _read(): void {
    this.pressure(false);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.pressure(false);
    callback(error);
  }

  /** Reads the whole body into one Buffer (only for bodies known to be small). */
  async readAll(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** Drops the rest of the body without buffering it. */
  discard(): void {
    this.discarding = true;
    this.pressure(false);
    this.resume();
  }

  /** @internal A chunk from a `SyncRequestChunk` frame. */
  feed(chunk: Buffer): void {
    if (this.destroyed || this.readableEnded || this.discarding) return;
    // The frame is a view into the received message; copy so the message can be released.
    if (!this.push(Buffer.from(chunk))) this.pressure(true);
  }

  /** @internal `SyncRequestEnd`. */
  finish(): void {
    if (!this.destroyed) this.push(null);
  }
}
