/**
 * Rewrites the head of the first request a job sends through its gateway (platform.md §2.4.11):
 * client copies of the job headers removed, the run's name and signature added, `Connection: close`
 * unless it is an upgrade; a head that is not a well-formed HTTP/1.x request head is refused.
 */
import { JOB_RUN_HEADER, JOB_SIGNATURE_HEADER } from './job-signature.js';

/** Largest accepted request head (request line and header fields). */
export const MAX_HEAD_BYTES = 64 * 1024;

export interface HeadEnd {
  /** Bytes of the head before the line break ending its last line. */
  headLength: number;
  /** Offset of the first byte after the blank line. */
  bodyStart: number;
}

/** Where the head ends (first empty line, CRLF or bare LF); null while it is incomplete. */
export function findHeadEnd(buffer: Buffer): HeadEnd | null {
  let at = buffer.indexOf(0x0a);
  while (at >= 0) {
    const headLength = buffer[at - 1] === 0x0d ? at - 1 : at;
    if (buffer[at + 1] === 0x0a) return { headLength, bodyStart: at + 2 };
    if (buffer[at + 1] === 0x0d) {
      if (at + 2 >= buffer.length) return null;
      if (buffer[at + 2] === 0x0a) return { headLength, bodyStart: at + 3 };
    }
    at = buffer.indexOf(0x0a, at + 1);
  }
  return null;
}

export type HeadRewrite = { ok: true; head: string } | { ok: false; reason: string };

const REQUEST_LINE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+ [^\s]+ HTTP\/\d\.\d$/;
const FIELD_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const REMOVED = new Set([JOB_RUN_HEADER.toLowerCase(), JOB_SIGNATURE_HEADER.toLowerCase()]);

interface Field {
  name: string;
  /** The field line and its obs-fold continuation lines. */
  lines: string[];
}

function parseFields(lines: string[]): Field[] | string {
  const fields: Field[] = [];
  for (const line of lines) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      const last = fields[fields.length - 1];
      if (!last) return 'continuation line without a field';
      last.lines.push(line);
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    if (!FIELD_NAME.test(name)) return 'malformed header field';
    fields.push({ name: name.toLowerCase(), lines: [line] });
  }
  return fields;
}

const valueOf = (field: Field): string =>
  field.lines.map((line, i) => (i === 0 ? line.slice(line.indexOf(':') + 1) : line)).join(' ');

/** True for a request asking to switch protocols (`Upgrade` plus a `Connection` listing `upgrade`). */
function isUpgrade(fields: Field[]): boolean {
  if (!fields.some((f) => f.name === 'upgrade')) return false;
  return fields.some(
    (f) => f.name === 'connection' && valueOf(f).split(',').some((token) => token.trim().toLowerCase() === 'upgrade'),
  );
}

/** `head` is latin-1 text without the final blank line; the result ends with CRLF CRLF. */
export function rewriteRequestHead(head: string, runName: string, signature: string): HeadRewrite {
  if (/\0|\r(?!\n)/.test(head)) return { ok: false, reason: 'NUL or bare CR in the head' };
  const lines = head.replace(/^(?:\r?\n)+/, '').split(/\r?\n/);
  const requestLine = lines.shift() ?? '';
  if (!REQUEST_LINE.test(requestLine)) return { ok: false, reason: 'malformed request line' };
  const fields = parseFields(lines);
  if (typeof fields === 'string') return { ok: false, reason: fields };
  const upgrade = isUpgrade(fields);
  const kept = fields.filter((f) => !REMOVED.has(f.name) && (upgrade || f.name !== 'connection'));
  const out = [requestLine, ...kept.flatMap((f) => f.lines), `${JOB_RUN_HEADER}: ${runName}`, `${JOB_SIGNATURE_HEADER}: ${signature}`];
  if (!upgrade) out.push('Connection: close');
  return { ok: true, head: `${out.join('\r\n')}\r\n\r\n` };
}
