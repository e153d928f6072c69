/**
 * What the line readers of growing text files share (file-tail.ts backwards, file-follow.ts
 * forwards): lines split on `\n` bytes, each decoded as UTF-8 without its trailing `\r`, and the
 * size of a file that may not exist (yet).
 */
import { stat } from 'node:fs/promises';

export const NEWLINE = 0x0a;
const CR = 0x0d;

/** One line's bytes (without its `\n`) as text, a trailing `\r` dropped. */
export function decodeLine(bytes: Buffer): string {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
  return bytes.toString('utf8', 0, end);
}

/** The size of `path`, or null when it does not exist. */
export async function sizeOrNull(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
