/**
 * A replica container's recent lines (`GET /containers/{id}/logs?tail=&timestamps=1`): the
 * engine's multiplexed answer (8-byte frame headers: stream 1 = stdout, 2 = stderr, big-endian
 * length) or a TTY container's raw one (all stdout) parsed into timestamped lines. `parseEngineLogs`
 * is pure; a truncated last frame and lines without a timestamp are dropped.
 */
import type { Docker } from './engine.js';
import { statusOf } from './engine.js';
import { timestampedLine, withinSince, type LogLine, type LogStream, type RecentLogsQuery } from '../logs.js';


const HEADER_BYTES = 8;

export interface EngineFrame {
  stream: LogStream;
  payload: Buffer;
}

/** The complete frames of a multiplexed answer and how many bytes they took (a cut last frame is left). */
export function demuxFrames(raw: Buffer): { frames: EngineFrame[]; consumed: number } {
  const frames: EngineFrame[] = [];
  let offset = 0;
  while (offset + HEADER_BYTES <= raw.length) {
    const type = raw[offset]!;
    const length = raw.readUInt32BE(offset + 4);
    const start = offset + HEADER_BYTES;
    if (start + length > raw.length) break;
    if (type === 1 || type === 2) frames.push({ stream: type === 2 ? 'stderr' : 'stdout', payload: raw.subarray(start, start + length) });
    offset = start + length;
  }
  return { frames, consumed: offset };
}

/** The payloads in order, with their stream; a TTY answer is one stdout payload. */
export function demuxEngineLogs(raw: Buffer, tty: boolean): EngineFrame[] {
  if (tty) return raw.length > 0 ? [{ stream: 'stdout', payload: raw }] : [];
  return demuxFrames(raw).frames;
}

/** Every `<RFC 3339 nano> <text>` line of the answer, in the engine's order (oldest first). */
export function parseEngineLogs(raw: Buffer, tty: boolean, replica: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const { stream, payload } of demuxEngineLogs(raw, tty)) {
    const parts = payload.toString('utf8').split('\n');
    if (parts[parts.length - 1] === '') parts.pop();
    for (const part of parts) {
      const line = timestampedLine(stream, part, replica);
      if (line) lines.push(line);
    }
  }
  return lines;
}

/** One container's last `query.tail` lines at or after `query.sinceMs`; a container already gone has none. */
export async function containerLogs(docker: Docker, id: string, tty: boolean, replica: string, query: RecentLogsQuery): Promise<LogLine[]> {
  if (query.tail <= 0) return [];
  const since = query.sinceMs === undefined ? {} : { since: Math.max(0, Math.floor(query.sinceMs / 1000)) };
  let raw: Buffer;
  try {
    raw = await docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false, timestamps: true, tail: query.tail, ...since });
  } catch (err) {
    if (statusOf(err) === 404) return [];
    throw err;
  }
  return parseEngineLogs(Buffer.isBuffer(raw) ? raw : Buffer.from(raw), tty, replica).filter((l) => withinSince(query, l.timeMs));
}
