/**
 * One WebSocket client connection, a "virtual pod" (functions.md §11): sends with backpressure
 * (a send resolves once the socket's unflushed bytes are below the low-water mark), routes binary
 * frames to the open sync stream of their correlation id, resolves async callbacks, answers pings,
 * and on close resolves pending callbacks as 503 and cancels open streams.
 */
import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import { decodeAsyncCallback, decodeEnvelope, decodeFrame, encodeEnvelope, FrameType, MessageType, type Envelope } from './ws-protocol.js';

/** What a sync call does with the frames the client sends for it (src/ws/ws-sync.ts). */
export interface StreamSink {
  start(payload: Buffer): void;
  chunk(payload: Buffer): void;
  end(): void;
  /** The client sent SyncCancel, or the connection closed. */
  cancel(): void;
}

export interface ConnectionEvents {
  register(connection: WsConnection, envelope: Envelope): void;
  /** An AsyncCallback for an element this connection was not waiting for (e.g. after a 202). */
  lateCallback(connection: WsConnection, elementId: string, statusCode: number): void;
  closed(connection: WsConnection): void;
}

const HIGH_WATER = 1024 * 1024;
const LOW_WATER = 256 * 1024;
/** The status an attempt gets when its connection closes while it waits (§11.4, §11.6). */
export const DISCONNECTED_STATUS = 503;

export class WsConnection {
  readonly id = randomUUID().replace(/-/g, '');
  functionName: string | null = null;
  alive = true;
  private readonly callbacks = new Map<string, (status: number) => void>();
  private readonly streams = new Map<string, StreamSink>();
  private unflushed = 0;
  private drainWaiters: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];
  private pauses = 0;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly events: ConnectionEvents,
  ) {
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('close', () => this.onClose());
    ws.on('error', () => ws.terminate());
  }

  get isOpen(): boolean {
    return !this.closed && this.ws.readyState === this.ws.OPEN;
  }

  /** Pending async callbacks plus open sync streams (§11.4 connection choice). */
  get active(): number {
    return this.callbacks.size + this.streams.size;
  }

  sendText(text: string): Promise<void> {
    return this.send(text, false);
  }

  sendFrame(frame: Buffer): Promise<void> {
    return this.send(frame, true);
  }

  private send(data: string | Buffer, binary: boolean): Promise<void> {
    if (!this.isOpen) return Promise.reject(new Error('WebSocket connection closed'));
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    this.unflushed += size;
    this.ws.send(data, { binary }, () => {
      this.unflushed -= size;
      if (this.unflushed <= LOW_WATER) this.releaseWaiters();
    });
    if (this.unflushed <= HIGH_WATER) return Promise.resolve();
    return new Promise((resolve, reject) => this.drainWaiters.push({ resolve, reject }));
  }

  private releaseWaiters(error?: Error): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) (error ? w.reject(error) : w.resolve());
  }

  /** Waits for the AsyncCallback of `elementId`; 504 after `timeoutMs`, 503 if the connection closes. */
  awaitCallback(elementId: string, timeoutMs: number): Promise<number> {
    if (!this.isOpen) return Promise.resolve(DISCONNECTED_STATUS);
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(504), timeoutMs);
      timer.unref();
      const settle = (status: number) => {
        clearTimeout(timer);
        if (this.callbacks.get(elementId) === settle) this.callbacks.delete(elementId);
        resolve(status);
      };
      this.callbacks.get(elementId)?.(DISCONNECTED_STATUS);
      this.callbacks.set(elementId, settle);
    });
  }

  /** Ends a callback wait whose request was never sent (its promise resolves, unobserved). */
  cancelCallback(elementId: string): void {
    this.callbacks.get(elementId)?.(DISCONNECTED_STATUS);
  }

  openStream(correlationId: string, sink: StreamSink): void {
    this.streams.set(correlationId, sink);
  }

  closeStream(correlationId: string): void {
    this.streams.delete(correlationId);
  }

  /** Stops reading the socket until every pause is resumed (an HTTP caller reading slowly). */
  pauseReading(): void {
    if (this.pauses++ === 0 && this.isOpen) this.ws.pause();
  }

  resumeReading(): void {
    if (this.pauses === 0) return;
    if (--this.pauses === 0 && this.isOpen) this.ws.resume();
  }

  /** Keep-alive: terminates a connection that did not answer the previous ping. */
  heartbeat(): void {
    if (!this.alive) {
      this.ws.terminate();
      return;
    }
    this.alive = false;
    if (this.isOpen) this.ws.ping();
  }

  /** Closes with `code` (1001: going away), cutting the socket if the close handshake does not finish within 1 s. */
  close(code = 1001): void {
    if (this.ws.readyState !== this.ws.OPEN) return this.ws.terminate();
    this.ws.close(code);
    setTimeout(() => this.ws.terminate(), 1000).unref();
  }

  private receive(data: RawData, isBinary: boolean): void {
    this.alive = true;
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (isBinary) return this.receiveFrame(buffer);
    const envelope = decodeEnvelope(buffer.toString('utf8'));
    if (!envelope) return;
    switch (envelope.type) {
      case MessageType.Register:
        return this.events.register(this, envelope);
      case MessageType.AsyncCallback: {
        const callback = decodeAsyncCallback(envelope.payload);
        if (!callback) return;
        const waiting = this.callbacks.get(callback.elementId);
        if (waiting) waiting(callback.statusCode);
        else this.events.lateCallback(this, callback.elementId, callback.statusCode);
        return;
      }
      case MessageType.Ping:
        this.sendText(encodeEnvelope(MessageType.Pong, envelope.correlationId, null)).catch(() => undefined);
        return;
      default:
        return;
    }
  }

  private receiveFrame(buffer: Buffer): void {
    const frame = decodeFrame(buffer);
    if (!frame) return;
    const sink = this.streams.get(frame.correlationId);
    if (!sink) return;
    switch (frame.type) {
      case FrameType.SyncResponseStart:
        return sink.start(frame.payload);
      case FrameType.SyncResponseChunk:
        return sink.chunk(frame.payload);
      case FrameType.SyncResponseEnd:
        return sink.end();
      case FrameType.SyncCancel:
        this.streams.delete(frame.correlationId);
        return sink.cancel();
      default:
        return;
    }
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.releaseWaiters(new Error('WebSocket connection closed'));
    for (const settle of [...this.callbacks.values()]) settle(DISCONNECTED_STATUS);
    this.callbacks.clear();
    const streams = [...this.streams.values()];
    this.streams.clear();
    for (const sink of streams) sink.cancel();
    this.events.closed(this);
  }
}
