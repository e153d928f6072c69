/**
 * HTTP calls to the supervisor control API over one keep-alive undici Agent: every call carries
 * the token, has a deadline, and reads its whole answer (so connections are reused); `stream`
 * opens the change stream, which stays open while events or heartbeats keep arriving.
 */
import type { Dispatcher } from 'undici';
import { Agent } from '../../util/http-client.js';
import { CONTROL_TOKEN_HEADER } from './control-protocol.js';

export interface ControlResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A non-success answer of the control API, with its status and `{"error"}` message. */
export class ControlError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export class ControlClient {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 16 });
  private readonly origin: string;
  private readonly basePath: string;

  constructor(
    baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 10_000,
  ) {
    const url = new URL(baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
  }

  async call(method: Dispatcher.HttpMethod, path: string, body?: unknown): Promise<ControlResponse> {
    const response = await this.agent.request({
      origin: this.origin,
      path: this.basePath + path,
      method,
      headers: { [CONTROL_TOKEN_HEADER]: this.token, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
  }

  /** `call`, then a ControlError unless the status is one of `expected`. */
  async expect(expected: number[], method: Dispatcher.HttpMethod, path: string, body?: unknown): Promise<ControlResponse> {
    const response = await this.call(method, path, body);
    if (!expected.includes(response.status)) throw new ControlError(response.status, errorOf(response));
    return response;
  }

  /** Opens `path` as an event stream; `idleMs` without a byte ends it with an error. */
  async stream(path: string, signal: AbortSignal, idleMs: number): Promise<Dispatcher.ResponseData> {
    return this.agent.request({
      origin: this.origin,
      path: this.basePath + path,
      method: 'GET',
      headers: { [CONTROL_TOKEN_HEADER]: this.token, accept: 'text/event-stream' },
      signal,
      headersTimeout: this.timeoutMs,
      bodyTimeout: idleMs,
    });
  }

  close(): Promise<void> {
    return this.agent.destroy();
  }
}

function errorOf(response: ControlResponse): string {
  try {
    const parsed = JSON.parse(response.text) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // Not JSON: the status says it.
  }
  return `the supervisor answered ${response.status}`;
}
