/**
 * Server-Sent Events framing of the status stream (functions.md §9.5): `event: <name>`, one
 * `data:` line holding one JSON document, a blank line; live events as `activity` (one) or
 * `activity_batch` (an array of at most `batchSize`) frames. Pure.
 */
import type { ActivityEvent } from './activity-event.js';

export const SSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
});

/** One frame; `json` must be a single line (JSON.stringify output is). */
export function sseFrame(event: string, json: string): string {
  return `event: ${event}\ndata: ${json}\n\n`;
}

/** Live events as frames: a lone event is `activity`, several are `activity_batch` arrays of ≤ `batchSize`. */
export function activityFrames(events: readonly ActivityEvent[], batchSize: number): string {
  let out = '';
  for (let i = 0; i < events.length; i += batchSize) {
    const chunk = events.slice(i, i + batchSize);
    out += chunk.length === 1 ? sseFrame('activity', JSON.stringify(chunk[0])) : sseFrame('activity_batch', JSON.stringify(chunk));
  }
  return out;
}
