/**
 * An in-test stand-in for the SlimFaas `/ws` endpoint (functions.md §11) on 127.0.0.1:0: records
 * every message of every connection, answers Register (accepting or refusing) and Ping, and lets a
 * test send AsyncRequest/PublishEvent messages and stream sync calls both ways.
 */
import { WebSocketServer, WebSocket } from 'ws';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { MessageType, decodeEnvelope, decodeFrame, encodeEnvelope, encodeFrame, FLAG_END_OF_STREAM, type Envelope, type BinaryFrame } from '../../packages/client/src/index.js';
import { waitFor } from '../helpers/wait.js';

export interface FakeConnection {
  ws: WebSocket;
  envelopes: Envelope[];
  frames: BinaryFrame[];
  connectionId: string;
}

/** A sync call as seen from the server: its response start, bytes and end. */
export interface FakeSyncCall {
  id: string;
  status: number | null;
  headers: Record<string, string[]> | null;
  received: number;
  chunks: Buffer[];
  ended: boolean;
  cancelled: boolean;
}

export class FakeSlimFaas {
  readonly connections: FakeConnection[] = [];
  /** Registration answer: null accepts, a string refuses with that error. */
  refuse: string | null = null;
  /** Sent in the same write as a successful RegisterResponse (tests that nothing right after it is lost). */
  afterRegister: ((connection: FakeConnection) => string[]) | null = null;
  /** Keep response chunks in memory (false for large bodies: only their count is kept). */
  keepChunks = true;
  readonly calls = new Map<string, FakeSyncCall>();
  private constructor(private readonly server: WebSocketServer) {
    server.on('connection', (ws) => this.accept(ws));
  }

  static async start(): Promise<FakeSlimFaas> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws', perMessageDeflate: false });
    await new Promise<void>((r) => server.once('listening', () => r()));
    return new FakeSlimFaas(server);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/ws`;
  }

  /** Connections that are open and registered. */
  get live(): FakeConnection[] {
    return this.connections.filter((c) => c.connectionId !== '' && c.ws.readyState === WebSocket.OPEN);
  }

  private accept(ws: WebSocket): void {
    const connection: FakeConnection = { ws, envelopes: [], frames: [], connectionId: '' };
    this.connections.push(connection);
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) {
        const frame = decodeFrame(data);
        if (!frame) return;
        this.onFrame(frame);
        connection.frames.push({ ...frame, payload: frame.type === MessageType.SyncResponseChunk && !this.keepChunks ? Buffer.alloc(0) : Buffer.from(frame.payload) });
        return;
      }
      const envelope = decodeEnvelope(data.toString());
      if (!envelope) return;
      connection.envelopes.push(envelope);
      if (envelope.type === MessageType.Register) {
        if (this.refuse !== null) {
          ws.send(encodeEnvelope(MessageType.RegisterResponse, { success: false, error: this.refuse, connectionId: '' }, envelope.correlationId));
        } else {
          connection.connectionId = randomBytes(16).toString('hex');
          const response = encodeEnvelope(MessageType.RegisterResponse, { success: true, error: null, connectionId: connection.connectionId }, envelope.correlationId);
          const extra = this.afterRegister?.(connection) ?? [];
          if (extra.length === 0) ws.send(response);
          else {
            // One TCP write holding several WebSocket messages: the client parses them in one go.
            const frames = [response, ...extra].map((text) => {
              const payload = Buffer.from(text);
              const header = payload.length < 126 ? Buffer.from([0x81, payload.length]) : Buffer.from([0x81, 126, payload.length >> 8, payload.length & 0xff]);
              return Buffer.concat([header, payload]);
            });
            (ws as unknown as { _socket: import('node:net').Socket })._socket.write(Buffer.concat(frames));
          }
        }
      } else if (envelope.type === MessageType.Ping) {
        ws.send(encodeEnvelope(MessageType.Pong, null, envelope.correlationId));
      }
    });
  }

  private onFrame(frame: BinaryFrame): void {
    const call = this.calls.get(frame.correlationId);
    if (!call) return;
    if (frame.type === MessageType.SyncResponseStart) {
      const start = JSON.parse(frame.payload.toString()) as { statusCode: number; headers: Record<string, string[]> };
      call.status = start.statusCode;
      call.headers = start.headers;
    } else if (frame.type === MessageType.SyncResponseChunk) {
      call.received += frame.payload.length;
      if (this.keepChunks) call.chunks.push(Buffer.from(frame.payload));
      this.onChunk?.(call, frame.payload);
    } else if (frame.type === MessageType.SyncResponseEnd) {
      call.ended = true;
    } else if (frame.type === MessageType.SyncCancel) {
      call.cancelled = true;
    }
  }

  /** Called for each response chunk (e.g. to hash a large body). */
  onChunk: ((call: FakeSyncCall, chunk: Buffer) => void) | null = null;

  /** Envelopes of type `type` over all connections. */
  envelopes(type: number): Envelope[] {
    return this.connections.flatMap((c) => c.envelopes.filter((e) => e.type === type));
  }

  async waitLive(count: number): Promise<FakeConnection[]> {
    await waitFor(() => this.live.length >= count, 10_000, `${count} registered connection(s)`);
    return this.live;
  }

  sendEnvelope(connection: FakeConnection, type: number, payload: unknown, correlationId: string = randomUUID()): void {
    connection.ws.send(encodeEnvelope(type, payload, correlationId));
  }

  /** Frames sent with the ws send callback, so a large body is streamed with backpressure. */
  sendFrame(connection: FakeConnection, type: number, id: string, payload?: Uint8Array, flags = 0): Promise<void> {
    return new Promise((resolve, reject) => connection.ws.send(encodeFrame(type, id, payload, flags), (e) => (e ? reject(e) : resolve())));
  }

  /** Starts a sync call (SyncRequestStart) and returns its id; the body is sent with `sendBody`/`endBody`. */
  async startCall(connection: FakeConnection, start: { method: string; path: string; query?: string; headers?: Record<string, string[]> }): Promise<string> {
    const id = randomUUID();
    this.calls.set(id, { id, status: null, headers: null, received: 0, chunks: [], ended: false, cancelled: false });
    const json = Buffer.from(JSON.stringify({ method: start.method, path: start.path, query: start.query ?? '', headers: start.headers ?? {} }));
    await this.sendFrame(connection, MessageType.SyncRequestStart, id, json);
    return id;
  }

  sendBody(connection: FakeConnection, id: string, chunk: Uint8Array): Promise<void> {
    return this.sendFrame(connection, MessageType.SyncRequestChunk, id, chunk);
  }

  endBody(connection: FakeConnection, id: string): Promise<void> {
    return this.sendFrame(connection, MessageType.SyncRequestEnd, id, undefined, FLAG_END_OF_STREAM);
  }

  call(id: string): FakeSyncCall {
    return this.calls.get(id)!;
  }

  /** Drops every connection abruptly (as a crashed server would). */
  dropAll(): void {
    for (const c of this.connections) c.ws.terminate();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
