/**
 * A raw WebSocket function client for tests (functions.md §11): records every text message and
 * binary frame it receives, lets a test wait for one, and sends envelopes and frames as written.
 */
import { WebSocket } from 'ws';
import { randomUUID } from 'node:crypto';
import { waitFor } from './wait.js';
import { decodeFrame, encodeFrame, type Frame } from '../../src/ws/ws-protocol.js';

export interface Message {
  type: number;
  correlationId: string;
  payload: Record<string, unknown> | null;
}

export class RawWsClient {
  readonly messages: Message[] = [];
  readonly frames: Frame[] = [];
  closed = false;
  /** Called for every binary frame as it arrives (streaming handlers). */
  onFrame: ((frame: Frame) => void) | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      if (isBinary) {
        const frame = decodeFrame(buffer);
        if (!frame) return;
        if (this.onFrame) this.onFrame(frame);
        else this.frames.push({ ...frame, payload: Buffer.from(frame.payload) });
      } else this.messages.push(JSON.parse(buffer.toString('utf8')) as Message);
    });
    ws.on('close', () => (this.closed = true));
  }

  static connect(url: string): Promise<RawWsClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(new RawWsClient(ws)));
      ws.once('error', reject);
    });
  }

  sendJson(value: unknown): void {
    this.ws.send(JSON.stringify(value));
  }

  sendFrame(type: number, id: string, payload?: Buffer, flags = 0): void {
    this.ws.send(encodeFrame(type, id, payload, flags));
  }

  async next(predicate: (m: Message) => boolean, what: string, timeoutMs = 20_000): Promise<Message> {
    let found: Message | undefined;
    await waitFor(() => (found = this.messages.find(predicate)) !== undefined, timeoutMs, what);
    return found!;
  }

  async frame(predicate: (f: Frame) => boolean, what: string, timeoutMs = 20_000): Promise<Frame> {
    let found: Frame | undefined;
    await waitFor(() => (found = this.frames.find(predicate)) !== undefined, timeoutMs, what);
    return found!;
  }

  /** Sends Register and returns the RegisterResponse payload. */
  async register(functionName: string, configuration: Record<string, unknown> = {}): Promise<{ success: boolean; error: string | null; connectionId: string }> {
    const correlationId = randomUUID();
    this.sendJson({ type: 0, correlationId, payload: { functionName, configuration } });
    const response = await this.next((m) => m.type === 1 && m.correlationId === correlationId, `RegisterResponse of ${functionName}`);
    return response.payload as { success: boolean; error: string | null; connectionId: string };
  }

  asyncRequests(): Array<Record<string, unknown>> {
    return this.messages.filter((m) => m.type === 2).map((m) => m.payload!);
  }

  callback(elementId: string, statusCode: number): void {
    this.sendJson({ type: 3, correlationId: randomUUID(), payload: { elementId, statusCode } });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}
