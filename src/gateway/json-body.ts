/** Reads a small JSON request body (bounded; PayloadTooLargeError past `limit`): the parsed value, or `invalid`. */
import type { IncomingMessage } from 'node:http';
import { PayloadTooLargeError } from '../proxy/body-errors.js';

export const INVALID_JSON = Symbol('invalid JSON');

export async function readJsonBody(req: IncomingMessage, limit = 1024 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new PayloadTooLargeError();
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return INVALID_JSON;
  }
}

/** `application/json` or any `+json` media type. */
export function isJsonContentType(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}
