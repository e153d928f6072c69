/**
 * Reads a data-set or hash-set value (data.md §3.2): at most 1 MiB; a larger declared
 * `Content-Length` is refused before reading, a longer streamed body as soon as it passes the cap.
 */
import type { IncomingMessage } from 'node:http';
import { declaredTooLarge, drain } from '../gateway/http-util.js';
import { MAX_VALUE_BYTES } from './responses.js';

/** The body, or null when it is larger than `limit` (the rest is then discarded). */
export async function readValue(req: IncomingMessage, limit = MAX_VALUE_BYTES): Promise<Buffer | null> {
  if (declaredTooLarge(req, limit)) {
    drain(req);
    return null;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop early must not destroy the request: the 413 still has to be answered.
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      drain(req);
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}
