/** Request bodies (JSON, YAML, size-capped) and JSON / Status responses. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest } from '../api/api-error.js';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'RequestEntityTooLarge', 'the request is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
}

/** Parses a body as JSON, or YAML for YAML media types; an empty body is undefined. */
export function parseBody(raw: Buffer, type: string): unknown {
  if (raw.length === 0) return undefined;
  if (type.includes('protobuf') || type.includes('cbor')) {
    throw new ApiError(415, 'UnsupportedMediaType', `kube-sim accepts JSON and YAML bodies only, not ${type} (kubectl create <kind> sends protobuf): use kubectl apply -f / create -f, or kubectl create <kind> … --dry-run=client -o yaml | kubectl apply -f -`);
  }
  const text = raw.toString('utf8');
  try {
    if (type.includes('yaml')) return parseYaml(text);
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`error decoding ${type.includes('yaml') ? 'YAML' : 'JSON'}: ${(err as Error).message}`);
  }
}

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-cache, private' });
  res.end(text);
}

export function sendText(res: ServerResponse, code: number, text: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(code, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const apiError = err instanceof ApiError ? err : new ApiError(500, 'InternalError', `Internal error occurred: ${(err as Error)?.message ?? String(err)}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, apiError.code, apiError.toStatus());
}

export function notFoundStatus(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}
