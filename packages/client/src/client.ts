/**
 * SlimFaasClient: registers a process as a WebSocket virtual function, reconnects after any
 * disconnect except a refused registration (fatal), pings, and runs every incoming request
 * concurrently with the §13 rules (auto callbacks, 500 fallbacks, streamed sync bodies both ways
 * with bounded memory).
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { FLAG_END_OF_STREAM, MessageType, decodeEnvelope, decodeFrame, encodeEnvelope, encodeFrame, type Envelope } from './protocol.js';
import { resolveOptions, toRegisterPayload, type ResolvedOptions, type SlimFaasClientConfig, type SlimFaasClientOptions } from './config.js';
import { SlimFaasNotConnectedError, SlimFaasRegistrationError, SlimFaasSyncCancelledError } from './errors.js';
import { SyncRequestBody } from './body.js';
import { SyncResponseWriter, type ResponseSink } from './response.js';
import type { AsyncRequest, AsyncRequestHandler, PublishEvent, PublishEventHandler, RequestHeaders, SyncRequest, SyncRequestHandler } from './requests.js';

interface PendingSync {
  body: SyncRequestBody;
  writer: SyncResponseWriter;
  abort: AbortController;
}

/** One open, registered WebSocket. */
class Session {
  readonly pending = new Map<string, PendingSync>();
  private readonly blocked = new Set<string>();
  closed = false;

  constructor(
    readonly ws: WebSocket,
    readonly connectionId: string,
  ) {}

  /** A body buffer is full (`true`) or drained (`false`): the socket reads only while none is full. */
  pressure(id: string, full: boolean): void {
    if (full) {
      this.blocked.add(id);
      if (this.blocked.size === 1 && !this.closed) this.ws.pause();
    } else if (this.blocked.delete(id) && this.blocked.size === 0 && !this.closed) {
      this.ws.resume();
    }
  }

  send(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed || this.ws.readyState !== WebSocket.OPEN) {
        reject(new SlimFaasNotConnectedError());
        return;
      }
      this.ws.send(data, (error) => (error ? reject(error) : resolve()));
    });
  }
}

/** Events: `registered` (connectionId), `disconnected` (reason string). */
export interface SlimFaasClientEvents {
  registered: [connectionId: string];
  disconnected: [reason: string];
}

/**
 * A WebSocket virtual function. Every connected client is one replica ("pod") of `functionName`.
 *
 * ```ts
 * const client = new SlimFaasClient('ws://127.0.0.1:30020/ws', { functionName: 'echo' });
 * client.onSyncRequest(async (req) => {
 *   await req.response.start(200, { 'content-type': 'application/octet-stream' });
 *   for await (const chunk of req.body) await req.response.write(chunk);
 * });
 * await client.runForever();
 * ```
 */
export class SlimFaasClient extends EventEmitter<SlimFaasClientEvents> {
  readonly url: string;
  readonly config: Readonly<SlimFaasClientConfig>;
  private readonly options: ResolvedOptions;
  private asyncHandler: AsyncRequestHandler | null = null;
  private eventHandler: PublishEventHandler | null = null;
  private syncHandler: SyncRequestHandler | null = null;
  private session: Session | null = null;
  private socket: WebSocket | null = null;
  private running = false;
  private stopping = false;
  private wakeDelay: (() => void) | null = null;

  /**
   * @param url the SlimFaas WebSocket endpoint, e.g. `ws://slimfaas:5003/ws`
   * @param config what to register as (`functionName` is required)
   * @param options reconnect delay, ping interval, buffers, logger
   */
  constructor(url: string, config: SlimFaasClientConfig, options: SlimFaasClientOptions = {}) {
    super();
    if (!config || typeof config.functionName !== 'string' || config.functionName.trim() === '') throw new TypeError('config.functionName is required');
    this.url = url;
    this.config = { ...config };
    this.options = resolveOptions(options);
  }

  /** The id SlimFaas gave the current connection (32 hex characters), or null while not registered. */
  get connectionId(): string | null {
    return this.session?.connectionId ?? null;
  }

  /** True while a connection is open and registered. */
  get isConnected(): boolean {
    return this.session !== null && !this.session.closed;
  }

  /** Sets the handler of asynchronous requests (without one, each gets callback 500). */
  onAsyncRequest(handler: AsyncRequestHandler | null): this {
    this.asyncHandler = handler;
    return this;
  }

  /** Sets the handler of published events (without one, events are ignored). */
  onPublishEvent(handler: PublishEventHandler | null): this {
    this.eventHandler = handler;
    return this;
  }

  /** Sets the handler of synchronous calls (without one, each gets an empty 500 response). */
  onSyncRequest(handler: SyncRequestHandler | null): this {
    this.syncHandler = handler;
    return this;
  }

  /**
   * Connects, registers and serves until `close()`; reconnects `reconnectDelayMs` after any
   * disconnect or failed attempt. Resolves after `close()`; rejects with
   * `SlimFaasRegistrationError` when SlimFaas refuses the registration (not retried).
   */
  async runForever(): Promise<void> {
    if (this.running) throw new Error('runForever() is already running');
    this.running = true;
    this.stopping = false;
    try {
      while (!this.stopping) {
        try {
          await this.connectOnce();
        } catch (error) {
          if (error instanceof SlimFaasRegistrationError) {
            this.log('error', `registration of '${this.config.functionName}' refused (fatal): ${error.reason}`);
            throw error;
          }
          if (this.stopping) break;
          this.log('warn', `connection to ${this.url} failed: ${(error as Error).message}; retrying in ${this.options.reconnectDelayMs} ms`);
        }
        if (this.stopping) break;
        await this.delay(this.options.reconnectDelayMs);
      }
    } finally {
      this.running = false;
    }
  }

  /** Closes the connection and stops `runForever()` (which then resolves). Open sync calls are cancelled. */
  async close(): Promise<void> {
    this.stopping = true;
    this.wakeDelay?.();
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
    else socket.close(1000, 'client closing');
    const timer = setTimeout(() => socket.terminate(), 5000);
    await closed;
    clearTimeout(timer);
  }

  /** Records the final status of an async request whose handler answered 202 (`AsyncCallback`). */
  async sendCallback(elementId: string, statusCode = 200): Promise<void> {
    return this.current().send(encodeEnvelope(MessageType.AsyncCallback, { elementId, statusCode }, elementId));
  }

  /** Low level: `SyncResponseStart` for `correlationId`. Prefer `req.response`. */
  async sendSyncResponseStart(correlationId: string, statusCode: number, headers: RequestHeaders = {}): Promise<void> {
    return this.sinkFor(this.current()).start(correlationId, statusCode, headers);
  }

  /** Low level: `SyncResponseChunk` frames (split at `maxChunkSize`), resolved once handed to the socket. */
  async sendSyncResponseChunk(correlationId: string, bytes: Uint8Array): Promise<void> {
    return this.sinkFor(this.current()).chunk(correlationId, bytes);
  }

  /** Low level: `SyncResponseEnd`. */
  async sendSyncResponseEnd(correlationId: string): Promise<void> {
    return this.sinkFor(this.current()).end(correlationId);
  }

  /** Low level: `SyncCancel` (aborts the call on the SlimFaas side). */
  async sendSyncCancel(correlationId: string): Promise<void> {
    return this.sinkFor(this.current()).cancel(correlationId);
  }

  private current(): Session {
    const session = this.session;
    if (!session || session.closed) throw new SlimFaasNotConnectedError();
    return session;
  }

  // ── connection ──────────────────────────────────────────────────────────

  /** One connection: resolves when it closes after a successful registration; rejects otherwise. */
  private async connectOnce(): Promise<void> {
    const ws = new WebSocket(this.url, { perMessageDeflate: false, maxPayload: this.options.maxMessageBytes });
    ws.binaryType = 'nodebuffer';
    this.socket = ws;
    const closed = new Promise<string>((resolve) => ws.once('close', (code, reason) => resolve(`closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`)));
    ws.on('error', (error) => this.log('debug', `socket error: ${error.message}`));
    try {
      // The session's message listener is attached in the same tick as the RegisterResponse, so a
      // request the server sends right after it is not missed.
      const session = await this.register(ws, closed, (connectionId) => {
        const opened = new Session(ws, connectionId);
        ws.on('message', (data, isBinary) => this.onMessage(opened, data as Buffer, isBinary));
        this.session = opened;
        return opened;
      });
      this.log('info', `registered '${this.config.functionName}' connectionId=${session.connectionId}`);
      const ping = this.options.pingIntervalMs > 0 ? setInterval(() => session.send(encodeEnvelope(MessageType.Ping, null)).catch(() => undefined), this.options.pingIntervalMs) : null;
      ping?.unref();
      this.emit('registered', session.connectionId);
      const reason = await closed;
      if (ping) clearInterval(ping);
      this.endSession(session, reason);
    } finally {
      if (this.socket === ws) this.socket = null;
      if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
    }
  }

  /** Opens, sends `Register`, and waits for the `RegisterResponse` (other messages are ignored). */
  private register(ws: WebSocket, closed: Promise<string>, open: (connectionId: string) => Session): Promise<Session> {
    return new Promise<Session>((resolve, reject) => {
      const correlationId = randomUUID();
      const timer = setTimeout(() => fail(new Error(`no RegisterResponse within ${this.options.registerTimeoutMs} ms`)), this.options.registerTimeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        ws.off('open', onOpen);
        ws.off('message', onMessage);
      };
      const fail = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onOpen = () => {
        ws.send(encodeEnvelope(MessageType.Register, toRegisterPayload(this.config), correlationId), (error) => error && fail(error));
      };
      const onMessage = (data: WebSocket.RawData, isBinary: boolean) => {
        if (isBinary) return;
        const envelope = decodeEnvelope(data.toString());
        if (!envelope || envelope.type !== MessageType.RegisterResponse) return;
        const payload = (envelope.payload ?? {}) as { success?: unknown; error?: unknown; connectionId?: unknown };
        cleanup();
        if (payload.success !== true) {
          ws.close(1000, 'registration refused');
          reject(new SlimFaasRegistrationError(typeof payload.error === 'string' && payload.error ? payload.error : 'unknown registration error'));
          return;
        }
        resolve(open(typeof payload.connectionId === 'string' ? payload.connectionId : ''));
      };
      ws.on('open', onOpen);
      ws.on('message', onMessage);
      ws.once('unexpected-response', (_req, res) => fail(new Error(`the server answered HTTP ${res.statusCode} instead of upgrading`)));
      closed.then((reason) => fail(new Error(`connection ${reason} before registration`)));
      ws.once('error', (error) => fail(error));
    });
  }

  private endSession(session: Session, reason: string): void {
    session.closed = true;
    if (this.session === session) this.session = null;
    for (const [id, pending] of session.pending) this.cancelSync(pending, new SlimFaasSyncCancelledError(id, `connection ${reason}`));
    session.pending.clear();
    this.log(this.stopping ? 'info' : 'warn', `disconnected from ${this.url}: ${reason}`);
    this.emit('disconnected', reason);
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeDelay = () => {
        this.wakeDelay = null;
        done();
      };
    });
  }

  // ── incoming messages ───────────────────────────────────────────────────

  private onMessage(session: Session, data: Buffer, isBinary: boolean): void {
    if (isBinary) {
      this.onFrame(session, data);
      return;
    }
    const envelope = decodeEnvelope(data.toString('utf8'));
    if (envelope) this.onEnvelope(session, envelope);
  }

  private onEnvelope(session: Session, envelope: Envelope): void {
    const payload = envelope.payload as Record<string, unknown> | null;
    switch (envelope.type) {
      case MessageType.AsyncRequest:
        if (payload) void this.dispatchAsync(session, toAsyncRequest(payload, envelope.correlationId));
        break;
      case MessageType.PublishEvent:
        if (payload) void this.dispatchEvent(toPublishEvent(payload));
        break;
      case MessageType.Pong:
        this.log('debug', `pong ${envelope.correlationId}`);
        break;
      default:
        break; // unknown types are ignored
    }
  }

  private onFrame(session: Session, data: Buffer): void {
    const frame = decodeFrame(data);
    if (!frame) return;
    const { correlationId: id } = frame;
    switch (frame.type) {
      case MessageType.SyncRequestStart: {
        let start: Record<string, unknown>;
        try {
          start = JSON.parse(frame.payload.toString('utf8')) as Record<string, unknown>;
        } catch {
          this.log('warn', `invalid SyncRequestStart for ${id}`);
          return;
        }
        if (session.pending.has(id)) return;
        const body = new SyncRequestBody(this.options.bodyHighWaterMark, (full) => session.pressure(id, full));
        const writer = new SyncResponseWriter(id, this.sinkFor(session));
        const pending: PendingSync = { body, writer, abort: new AbortController() };
        session.pending.set(id, pending);
        const request: SyncRequest = {
          correlationId: id,
          method: str(start.method, 'GET'),
          path: str(start.path, ''),
          query: str(start.query, ''),
          headers: headersOf(start.headers),
          body,
          response: writer,
          signal: pending.abort.signal,
        };
        void this.dispatchSync(session, pending, request);
        break;
      }
      case MessageType.SyncRequestChunk:
        session.pending.get(id)?.body.feed(frame.payload);
        break;
      case MessageType.SyncRequestEnd:
        session.pending.get(id)?.body.finish();
        break;
      case MessageType.SyncCancel: {
        const pending = session.pending.get(id);
        if (pending) {
          session.pending.delete(id);
          this.cancelSync(pending, new SlimFaasSyncCancelledError(id, 'cancelled by SlimFaas'));
        }
        break;
      }
      default:
        break; // unknown frames are ignored
    }
  }

  private cancelSync(pending: PendingSync, error: SlimFaasSyncCancelledError): void {
    pending.writer.markCancelled(error);
    if (!pending.body.readableEnded) pending.body.destroy(error);
    pending.abort.abort(error);
  }

  // ── dispatch ────────────────────────────────────────────────────────────

  private async dispatchAsync(session: Session, request: AsyncRequest): Promise<void> {
    let status: number;
    const handler = this.asyncHandler;
    if (!handler) {
      this.log('warn', `async request ${request.elementId} but no handler: answering 500`);
      status = 500;
    } else {
      try {
        status = await handler(request);
        if (!Number.isInteger(status)) throw new TypeError(`the async handler returned ${String(status)} instead of a status code`);
      } catch (error) {
        this.log('error', `async handler failed for ${request.elementId}`, error);
        status = 500;
      }
    }
    if (status === 202) return; // the application calls sendCallback() later
    try {
      await session.send(encodeEnvelope(MessageType.AsyncCallback, { elementId: request.elementId, statusCode: status }, request.elementId));
    } catch (error) {
      this.log('warn', `could not send the callback of ${request.elementId} (the connection closed; SlimFaas counted it as 503)`, error);
    }
  }

  private async dispatchEvent(event: PublishEvent): Promise<void> {
    const handler = this.eventHandler;
    if (!handler) return;
    try {
      await handler(event);
    } catch (error) {
      this.log('error', `event handler failed for '${event.eventName}'`, error);
    }
  }

  private async dispatchSync(session: Session, pending: PendingSync, request: SyncRequest): Promise<void> {
    const { writer, body } = pending;
    try {
      const handler = this.syncHandler;
      if (!handler) {
        this.log('warn', `sync request ${request.correlationId} but no handler: answering 500`);
        await writer.start(500);
      } else {
        await handler(request);
      }
      await writer.complete();
    } catch (error) {
      if (writer.cancelled) {
        this.log('debug', `sync call ${request.correlationId} cancelled`, error);
      } else {
        this.log('error', `sync handler failed for ${request.correlationId}`, error);
        try {
          if (!writer.started) {
            await writer.start(500);
            await writer.complete();
          } else {
            await writer.abort(); // the status is gone: abort rather than end a truncated body as if complete
          }
        } catch {
          /* the connection is gone */
        }
      }
    } finally {
      if (session.pending.get(request.correlationId) === pending) session.pending.delete(request.correlationId);
      if (!body.readableEnded && !body.destroyed) body.discard();
      session.pressure(request.correlationId, false);
    }
  }

  // ── sending ─────────────────────────────────────────────────────────────

  private sinkFor(session: Session): ResponseSink {
    const { maxChunkSize, sendHighWaterMark } = this.options;
    return {
      start: (id, statusCode, headers) => session.send(encodeFrame(MessageType.SyncResponseStart, id, Buffer.from(JSON.stringify({ statusCode, headers })))),
      chunk: async (id, bytes) => {
        let last: Promise<void> = Promise.resolve();
        for (let offset = 0; offset < bytes.byteLength; offset += maxChunkSize) {
          last = session.send(encodeFrame(MessageType.SyncResponseChunk, id, bytes.subarray(offset, Math.min(bytes.byteLength, offset + maxChunkSize))));
          last.catch(() => undefined); // awaited below or superseded by a later, equally failing send
          if (session.ws.bufferedAmount >= sendHighWaterMark) await last;
        }
        await last;
      },
      end: (id) => session.send(encodeFrame(MessageType.SyncResponseEnd, id, undefined, FLAG_END_OF_STREAM)),
      cancel: (id) => session.send(encodeFrame(MessageType.SyncCancel, id)),
    };
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', message: string, ...details: unknown[]): void {
    this.options.logger[level]?.(message, ...details);
  }
}

function str(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function headersOf(value: unknown): RequestHeaders {
  const out: RequestHeaders = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [name, values] of Object.entries(value as Record<string, unknown>)) {
    out[name] = Array.isArray(values) ? values.map(String) : values === null || values === undefined ? [] : [String(values)];
  }
  return out;
}

function bodyOf(value: unknown): Buffer | null {
  return typeof value === 'string' && value.length > 0 ? Buffer.from(value, 'base64') : null;
}

function toAsyncRequest(p: Record<string, unknown>, correlationId: string): AsyncRequest {
  return {
    elementId: str(p.elementId, correlationId),
    method: str(p.method, 'POST'),
    path: str(p.path, ''),
    query: str(p.query, ''),
    headers: headersOf(p.headers),
    body: bodyOf(p.body),
    isLastTry: p.isLastTry === true,
    tryNumber: typeof p.tryNumber === 'number' && p.tryNumber > 0 ? p.tryNumber : 1,
  };
}

function toPublishEvent(p: Record<string, unknown>): PublishEvent {
  return {
    eventName: str(p.eventName, ''),
    method: str(p.method, 'POST'),
    path: str(p.path, ''),
    query: str(p.query, ''),
    headers: headersOf(p.headers),
    body: bodyOf(p.body),
  };
}
