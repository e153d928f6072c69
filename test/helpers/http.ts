/** A plain HTTP client for tests: any method, optional source address (to act as an external caller). */
import http from 'node:http';

export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Source address; e.g. 127.0.0.5 is not a replica's address, so the caller is external. */
  localAddress?: string;
  timeoutMs?: number;
}

export function call(url: string, options: CallOptions = {}): Promise<Response> {
  return request(url, {}, options);
}

/**
 * Sends `rawPath` exactly as written (no WHATWG normalisation by the client: `..`, `%2e`, `\`
 * reach the server as they are) to `baseUrl`'s host and port.
 */
export function callRaw(baseUrl: string, rawPath: string, options: CallOptions = {}): Promise<Response> {
  const { hostname, port } = new URL(baseUrl);
  return request(null, { host: hostname, port: Number(port), path: rawPath }, options);
}

function request(url: string | null, target: http.RequestOptions, options: CallOptions): Promise<Response> {
  return new Promise((resolve, reject) => {
    const requestOptions: http.RequestOptions = { ...target, method: options.method ?? 'GET', headers: options.headers, localAddress: options.localAddress, agent: false, timeout: options.timeoutMs ?? 60_000 };
    const onResponse = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    };
    const req = url === null ? http.request(requestOptions, onResponse) : http.request(url, requestOptions, onResponse);
    req.on('timeout', () => req.destroy(new Error(`timeout calling ${url ?? target.path}`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

export const EXTERNAL = '127.0.0.5';
